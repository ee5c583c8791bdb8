"""The cog driven by dpytest (fake Discord at the process boundary), with a real tiny model,
the real policy and a real database: every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import io
import itertools
import json
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext import commands
from discord.ext.test import backend, factories
from discord.webhook.async_ import AsyncWebhookAdapter, async_context
from PIL import Image
from sqlalchemy import select

from bot.charts import SIZE_PX
from bot.cogs.moderation import Moderation
from bot.config import Settings
from bot.db.models import Feedback, Hit, LabelThreshold
from bot.db.store import HitRecord, Store
from bot.policy import Action, Decision, Escalation, LabelHit, Rule
from classifier import Classifier, ClassifierOverloaded

TOXIC = "voce e um idiota imbecil"
CLEAN = "bom dia a todos no time"
_ids = itertools.count(10**17)


class Harness:
    def __init__(self, bot: commands.Bot, cog: Moderation, store: Store) -> None:
        self.bot, self.cog, self.store = bot, cog, store
        cfg = dpytest.get_config()
        self.guild = cfg.guilds[0]
        self.channel, self.alerts = cfg.channels[0], cfg.channels[1]
        self.member, self.admin = cfg.members[0], cfg.members[1]
        self.errors: list[BaseException] = []

    async def hits(self) -> list[Hit]:
        async with self.store.session() as s:
            return list((await s.execute(select(Hit))).scalars())


async def insult_deletes(h: Harness) -> None:
    """The rule most tests need: "insult" over 0.55 deletes the message."""
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    await h.store.update(h.guild.id, "rule", Rule(Action.DELETE), target="insult")


async def overloaded(text, *, timeout=None):
    """A classifier ``score`` that answers with back-pressure."""
    raise ClassifierOverloaded("queue full")


async def server_error(self, *args, **kwargs):
    """A Discord call that gets a 503."""
    raise discord.HTTPException(_Response(503), "Service Unavailable")


@contextlib.asynccontextmanager
async def database_down(h: Harness):
    """The cog's store pointed at a server that is not there (connection refused), then back."""
    good = h.cog.store
    h.cog.store = Store("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    try:
        yield
    finally:
        await h.cog.store.close()
        h.cog.store = good


@pytest.fixture
async def harness(trained_model, db_url):
    intents = discord.Intents.all()
    bot = commands.Bot(command_prefix="!", intents=intents)
    await bot._async_setup_hook()
    db = db_url
    store = Store(db)
    await store.migrate()
    clf = await Classifier.load(trained_model, "cpu", max_wait_ms=1)
    # HEALTH_PORT 0: the health/metrics server on a free port, as a deployment would run it
    settings = Settings(_env_file=None, database_url=db, store_content=False, health_port=0, health_cache_s=0)
    cog = Moderation(bot, settings, classifier=clf, store=store)
    # dpytest replaces the bot's connection state: configure first, so cog_load registers its
    # buttons in the view store the interactions will reach
    dpytest.configure(bot, text_channels=["general", "mod-alerts"], members=["member", "admin"])
    await bot.add_cog(cog)
    h = Harness(bot, cog, store)

    async def on_error(event: str, *args: Any, **kwargs: Any) -> None:  # listener exceptions land here
        import sys

        h.errors.append(sys.exc_info()[1])

    bot.on_error = on_error
    # the bot may delete and time out: give its member an admin role
    bot_role = backend.make_role("bot", h.guild, permissions=discord.Permissions(administrator=True).value)
    await dpytest.add_role(h.guild.me, bot_role)
    await store.update(h.guild.id, "alert_channel", h.alerts.id)
    # the tiny model learns "insult" only; keep its undecided "obscene" out of these tests
    await store.update(h.guild.id, "threshold", 0.99, target="obscene", by=None)
    yield h
    assert h.errors == [], h.errors
    await dpytest.empty_queue()
    await bot.remove_cog("Moderation")
    await clf.aclose()
    await store.close()


async def test_toxic_message_is_deleted_alerted_and_logged_without_content(harness):
    h = harness
    await insult_deletes(h)
    msg = await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    with pytest.raises(discord.NotFound):
        await h.channel.fetch_message(msg.id)
    alert = dpytest.get_message()
    assert alert.channel.id == h.alerts.id
    fields = {f.name: f.value for f in alert.embeds[0].fields}
    assert msg.jump_url in fields["Message"]
    assert "insult" in fields["Labels"] and fields["Action"] == "deleted"  # en: the guild's locale
    hits = await h.hits()
    assert [(x.label, x.action, x.message_id, x.author_id) for x in hits] == [
        ("insult", "delete", msg.id, h.member.id)
    ]
    assert hits[0].content is None  # STORE_CONTENT is off
    assert hits[0].threshold == pytest.approx(0.55)


async def test_clean_message_does_nothing(harness):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    msg = await dpytest.message(CLEAN, channel=h.channel, member=h.member)
    assert (await h.channel.fetch_message(msg.id)).id == msg.id
    assert dpytest.verify().message().nothing()
    assert await h.hits() == []


async def test_exempt_role_is_not_checked(harness):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    role = backend.make_role("trusted", h.guild)
    await dpytest.add_role(h.member, role)
    await h.store.update(h.guild.id, "exempt_role", True, target=role.id)
    await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    assert await h.hits() == []


async def test_edited_message_is_checked_again(harness):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    msg = await dpytest.message(CLEAN, channel=h.channel, member=h.member)
    assert await h.hits() == []
    data = factories.dict_from_message(msg)
    data.update(
        content=TOXIC,
        channel_id=str(h.channel.id),
        guild_id=str(h.guild.id),
        edited_timestamp="2026-11-26T12:00:00+00:00",
        type=0,
    )  # dict_from_message leaves the enum, which parses as "unknown"
    backend.get_state().parse_message_update(data)
    await dpytest.run_all_events()
    hits = await h.hits()
    assert [x.message_id for x in hits] == [msg.id]
    alert = dpytest.get_message()
    assert alert.embeds[0].title == "Toxic message (edited)"


async def test_forbidden_delete_is_reported_once_per_guild(harness, monkeypatch):
    h = harness
    await insult_deletes(h)

    async def refuse(self, *args, **kwargs):
        raise discord.Forbidden(_Response(403), "Missing Permissions")

    monkeypatch.setattr(discord.Message, "delete", refuse)
    for _ in range(3):
        await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    sent = []
    while not dpytest.sent_queue.empty():
        sent.append(await dpytest.sent_queue.get())
    warnings = [m for m in sent if "cannot delete messages" in (m.content or "")]
    alerts = [m for m in sent if m.embeds]
    assert len(warnings) == 1 and len(alerts) == 3
    assert {x.action for x in await h.hits()} == {"log"}  # nothing was actually deleted


async def test_overloaded_classifier_is_counted_not_raised(harness, monkeypatch):
    h = harness

    monkeypatch.setattr(h.cog.classifier, "score", overloaded)
    await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    assert h.cog.metrics.not_checked()["overloaded"] == 1
    assert await h.hits() == []


async def test_review_button_is_registered_while_the_cog_is_loaded(harness):
    from bot.cogs.moderation import FeedbackButton

    h = harness
    store = h.bot._connection._view_store
    pattern = FeedbackButton.__discord_ui_compiled_template__
    assert store._dynamic_items.get(pattern) is FeedbackButton
    await h.bot.remove_cog("Moderation")
    assert pattern not in store._dynamic_items
    # loaded again (as a reload does, with a new instance): registered again
    await h.bot.add_cog(Moderation(h.bot, h.cog.settings, classifier=h.cog.classifier, store=h.store))
    assert store._dynamic_items.get(pattern) is FeedbackButton


class _Response:
    def __init__(self, status: int) -> None:
        self.status, self.reason = status, "Forbidden"


# -- slash commands through a real Interaction --------------------------------------------------


class RecordingAdapter(AsyncWebhookAdapter):
    def __init__(self) -> None:
        super().__init__()
        self.responses: list[dict] = []

    async def create_interaction_response(self, interaction_id, token, *, session, params, **kw):
        self.responses.append(params.payload)
        return {"interaction": {"id": str(interaction_id), "type": 2, "response_message_ephemeral": True}}

    async def edit_original_interaction_response(self, application_id, token, *, payload=None, **kw):
        """An edit of the command's reply (expired buttons greyed out)."""
        self.responses.append({"type": "edit_original", "data": payload or {}})
        message = await self.execute_webhook(application_id, token, payload=payload)
        self.responses.pop()  # recorded above as the edit, not as a follow-up
        return message

    async def execute_webhook(self, webhook_id, token, *, payload=None, multipart=None, **kw):
        """A follow-up (after ``defer``): recorded like a response, answered as Discord would.
        With files, discord.py sends the payload as multipart JSON beside each file's bytes."""
        files = {}
        if multipart:
            payload = json.loads(multipart[0]["value"])
            for part in multipart[1:]:
                part["value"].seek(0)
                files[part["filename"]] = part["value"].read()
        payload = payload or {}
        message = {
            "id": str(next(_ids)),
            "channel_id": "0",
            "type": 0,
            "content": payload.get("content", ""),
            "author": {"id": str(webhook_id), "username": "sentinela", "discriminator": "0", "avatar": None},
            "attachments": [],
            "embeds": payload.get("embeds", []),
            "components": payload.get("components", []),
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "mention_everyone": False,
            "tts": False,
            "timestamp": "2026-11-27T00:00:00+00:00",
            "edited_timestamp": None,
            "flags": 64,
        }
        # the message as a later click on its buttons carries it
        self.responses.append({"type": "followup", "data": payload, "files": files, "message": message})
        return message


def role_with(h: Harness, perms: discord.Permissions) -> discord.Role:
    """A guild role carrying ``perms`` (one per set of permissions)."""
    for role in h.guild.roles:
        if role.name == f"perms-{perms.value}":
            return role
    return backend.make_role(f"perms-{perms.value}", h.guild, permissions=perms.value)


def option(name: str, value: Any, kind: int) -> dict:
    return {"name": name, "value": value, "type": kind}


async def call_slash(
    h: Harness,
    member: discord.Member,
    perms: discord.Permissions,
    data: dict,
    kind: int = 2,
    message: dict | None = None,
    locale: str = "en-US",
    roles: list[discord.Role] | None = None,
) -> list[dict]:
    """Run one interaction (2: slash command, 3: a button on ``message``) as Discord would send it.

    ``perms`` are the member's permissions where the command runs; by default they also come from
    a role of theirs (guild-wide, what the moderator checks read). ``roles`` replaces that role,
    e.g. with none, for a member whose rights come from one channel's overwrites only.
    ``locale`` is the user's Discord language; the guild's is ``h.guild.preferred_locale``.
    """
    if roles is None:
        roles = [role_with(h, perms)]
    payload = {
        "id": str(next(_ids)),
        "application_id": str(h.bot.user.id),
        "type": kind,
        "token": "token",
        "version": 1,
        "guild_id": str(h.guild.id),
        "channel_id": str(h.channel.id),
        "channel": {
            "id": str(h.channel.id),
            "type": 0,
            "guild_id": str(h.guild.id),
            "name": "general",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
        },
        "member": {
            "user": {
                "id": str(member.id),
                "username": member.name,
                "discriminator": "0001",
                "global_name": None,
                "avatar": None,
            },
            "roles": [str(r.id) for r in roles],
            "joined_at": "2026-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "permissions": str(perms.value),
        },
        "data": data,
        "locale": locale,
        "guild_locale": str(h.guild.preferred_locale),
        "app_permissions": str(discord.Permissions.all().value),
        "entitlements": [],
        "authorizing_integration_owners": {},
        "attachment_size_limit": 8 * 1024 * 1024,
    }
    if message is not None:
        payload["message"] = message
    adapter = RecordingAdapter()
    token = async_context.set(adapter)
    try:
        if kind == 2:
            await h.bot.tree._call(discord.Interaction(data=payload, state=h.bot._connection))
        else:
            # the gateway's path for a component: the view store finds the view of that message, or
            # the dynamic item whose template matches
            h.bot._connection.parse_interaction_create(payload)
            pending = [
                t
                for t in asyncio.all_tasks()
                if t.get_name().startswith(("discord-ui-dynamic-item", "discord-ui-view-dispatch"))
            ]
            await asyncio.gather(*pending)
        await dpytest.run_all_events()
    finally:
        async_context.reset(token)
    return adapter.responses


def threshold_set(label: str, value: float) -> dict:
    return {
        "id": "1",
        "name": "threshold",
        "type": 1,
        "options": [
            {"name": "set", "type": 1, "options": [option("label", label, 3), option("value", value, 10)]}
        ],
    }


async def thresholds_in_db(h: Harness) -> dict[str, float]:
    async with h.store.session() as s:
        return {t.label: t.value for t in (await s.execute(select(LabelThreshold))).scalars()}


async def test_threshold_set_by_admin_is_stored(harness):
    h = harness
    responses = await call_slash(
        h, h.admin, discord.Permissions(manage_guild=True), threshold_set("insult", 0.8)
    )
    assert (await thresholds_in_db(h))["insult"] == 0.8
    assert "0.80" in responses[0]["data"]["content"]
    assert responses[0]["data"]["flags"] & 64  # ephemeral


async def test_admin_command_without_manage_guild_is_refused_and_changes_nothing(harness):
    h = harness
    responses = await call_slash(
        h, h.member, discord.Permissions(send_messages=True), threshold_set("insult", 0.1)
    )
    assert "insult" not in await thresholds_in_db(h)
    assert "Manage Server" in responses[0]["data"]["content"]
    assert responses[0]["data"]["flags"] & 64


@pytest.mark.parametrize(
    ("label", "value", "message"), [("insult", 1.5, "between 0 and 1"), ("racism", 0.5, "Unknown label")]
)
async def test_bad_threshold_values_are_clear_errors(harness, label, value, message):
    h = harness
    responses = await call_slash(
        h, h.admin, discord.Permissions(manage_guild=True), threshold_set(label, value)
    )
    assert message in responses[0]["data"]["content"]
    assert await thresholds_in_db(h) == {"obscene": 0.99}


async def test_rule_escalation_is_set_by_admins_only(harness):
    h = harness

    def escalation(hits: int) -> dict:
        sub = {
            "name": "escalation",
            "type": 1,
            "options": [option("hits", hits, 4), option("window_minutes", 5, 4)],
        }
        return {"id": "3", "name": "rule", "type": 1, "options": [sub]}

    refused = await call_slash(h, h.member, discord.Permissions(manage_messages=True), escalation(3))
    assert "Manage Server" in refused[0]["data"]["content"]
    assert (await h.store.guild_config(h.guild.id)).escalation is None
    done = await call_slash(h, h.admin, discord.Permissions(manage_guild=True), escalation(3))
    assert "3 hits in 5 min → 60 min timeout" in done[0]["data"]["content"]
    assert (await h.store.guild_config(h.guild.id)).escalation == Escalation(3, 5, 60)
    await call_slash(h, h.admin, discord.Permissions(manage_guild=True), escalation(0))
    assert (await h.store.guild_config(h.guild.id)).escalation is None


def check_toxicity_menu(h: Harness, msg: discord.Message) -> dict:
    """The "Check toxicity" message command on ``msg``, as Discord sends it."""
    target = {**factories.dict_from_message(msg), "channel_id": str(h.channel.id), "type": 0, "flags": 0}
    return {
        "id": "4",
        "name": "Check toxicity",
        "type": 3,
        "target_id": str(msg.id),
        "resolved": {"messages": {str(msg.id): target}},
    }


async def test_context_menu_refusal_gets_a_reply(harness):
    """The menu lives in the tree, not the cog: its errors must still reach the cog's handler."""
    h = harness
    msg = await dpytest.message(CLEAN, channel=h.channel, member=h.member)
    data = check_toxicity_menu(h, msg)
    refused = await call_slash(h, h.member, discord.Permissions(send_messages=True), data)
    assert "Manage Messages" in refused[0]["data"]["content"]
    assert refused[0]["data"]["flags"] & 64


async def test_toxstats_reports_hits_and_feedback(harness):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    msg = await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    await h.store.record_feedback(h.guild.id, msg.id, h.admin.id, "false_positive")
    data = {"id": "2", "name": "toxstats", "type": 1, "options": []}
    responses = await call_slash(h, h.admin, discord.Permissions(manage_messages=True), data)
    assert responses[0]["type"] == 5 and responses[0]["data"]["flags"] & 64  # deferred first, ephemeral
    embed = responses[1]["data"]["embeds"][0]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Hits per label"] == "insult: 1"
    assert "1 false positive(s) (100% false-positive rate)" in fields["Moderator feedback"]
    assert "insult: precision 0% (0 of 1 reviewed)" in fields["Moderator feedback"]
    # the chart: a PNG attached and shown inside the embed, sized for a phone
    png = responses[1]["files"]["toxstats.png"]
    assert embed["image"]["url"] == "attachment://toxstats.png"
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == SIZE_PX
    async with h.store.session() as s:
        assert len(list((await s.execute(select(Feedback))).scalars())) == 1


async def test_replay_gives_the_same_hits_as_the_live_cog(harness, tmp_path):
    """The same messages through dpytest and through ``replay``: same labels, scores, actions."""
    from bot.replay.chatlog import read_chat
    from bot.replay.run import replay

    h = harness
    await insult_deletes(h)
    texts = [TOXIC, CLEAN, "que imbecil esse cara", "bom jogo ontem", "idiota demais"]
    sent = [await dpytest.message(t, channel=h.channel, member=h.member) for t in texts]
    await dpytest.empty_queue()

    def by_text(hits, text_of) -> dict[tuple[str, str, str], float]:
        return {(text_of(x), x.label, x.action): x.score for x in hits}

    live = by_text(await h.hits(), lambda x: texts[[m.id for m in sent].index(x.message_id)])
    assert live, "the tiny model flags at least one of these insults"

    log_file = tmp_path / "chat.jsonl"
    log_file.write_text("\n".join(json.dumps({"text": t, "author": h.member.id}) for t in texts) + "\n")
    replay_store = Store(f"sqlite+aiosqlite:///{tmp_path / 'replay.db'}")
    await replay_store.migrate()
    try:
        config = await h.store.guild_config(h.guild.id)  # the guild's own configuration
        result = await replay(
            read_chat(log_file), h.cog.classifier, replay_store, config, guild_id=h.guild.id, progress=False
        )
        async with replay_store.session() as s:
            replayed = by_text((await s.execute(select(Hit))).scalars(), lambda x: x.content)
    finally:
        await replay_store.close()
    assert replayed.keys() == live.keys()
    # batch padding may move a score in the last float digits, never across a threshold here
    assert replayed == pytest.approx(live, abs=1e-4)
    assert result.stats.total_messages == len({text for text, _, _ in live})


async def test_review_buttons_feed_the_export(harness, tmp_path, monkeypatch):
    """Alert -> moderator clicks Confirm -> export-feedback has the row, other labels unknown."""
    from bot.feedback import export_feedback

    h = harness
    h.cog.settings.store_content = True
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    sent: list[dict] = []  # dpytest drops components from sent messages: read them off the request
    send = h.bot.http.send_message

    async def recording_send(channel_id, *, params):
        sent.append(params.payload)
        channel = h.bot.get_channel(channel_id)  # noqa: F841 -- dpytest reads its caller's `channel`
        return await send(channel_id, params=params)

    monkeypatch.setattr(h.bot.http, "send_message", recording_send)
    msg = await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    alert = dpytest.get_message()
    assert alert.channel.id == h.alerts.id
    buttons = [c["custom_id"] for row in sent[-1]["components"] for c in row["components"]]
    assert buttons == [f"sentinela:fb:false_positive:{msg.id}", f"sentinela:fb:confirmed:{msg.id}"]
    # dynamic items: no view is kept in memory per alert
    assert h.bot._connection._view_store.persistent_views == []

    # the click arrives as Discord sends it: the interaction carries the alert with its buttons
    alert_data = {**factories.dict_from_message(alert), "type": 0, "flags": 0}
    alert_data["components"] = sent[-1]["components"]
    click = {"custom_id": buttons[1], "component_type": 2}
    refused = await call_slash(h, h.member, discord.Permissions.none(), click, kind=3, message=alert_data)
    assert "Only moderators" in refused[0]["data"]["content"]
    done = await call_slash(
        h, h.admin, discord.Permissions(manage_messages=True), click, kind=3, message=alert_data
    )
    assert "Recorded **confirmed** for 1 label hit. Thank you." in done[0]["data"]["content"]

    out = tmp_path / "feedback.csv"
    summary = await export_feedback(h.store, out, labels=h.cog.classifier.labels)
    assert (summary.rows, summary.positives, summary.negatives) == (1, 1, 0)
    assert out.read_text().splitlines() == ["text,insult,obscene", f"{TOXIC},1,"]


async def test_extension_loads_into_someone_elses_bot(trained_model, tmp_path, monkeypatch):
    """The plugin route: a plain commands.Bot, settings from the environment, load_extension."""
    from bot.cogs.moderation import FeedbackButton

    monkeypatch.chdir(tmp_path)  # no .env, the database lands here
    monkeypatch.setenv("SENTINELA_MODEL", str(trained_model))
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'plugin.db'}")
    monkeypatch.setenv("DEVICE", "cpu")
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
    await bot.load_extension("bot.cogs.moderation")
    try:
        cog = bot.get_cog("Moderation")
        assert cog.classifier.labels == ["insult", "obscene"]
        names = {c.name for c in bot.tree.get_commands()}
        assert {"toxstats", "threshold", "rule", "sentinela", "Check toxicity"} <= names
        pattern = FeedbackButton.__discord_ui_compiled_template__
        assert bot._connection._view_store._dynamic_items.get(pattern) is FeedbackButton
        assert (tmp_path / "plugin.db").is_file()
    finally:
        await bot.unload_extension("bot.cogs.moderation")
    assert bot.get_cog("Moderation") is None and "Check toxicity" not in {
        c.name for c in bot.tree.get_commands(type=discord.AppCommandType.message)
    }


# -- reliability: every action has its record ----------------------------------------------------


async def test_discord_5xx_on_delete_still_records_and_alerts(harness, monkeypatch):
    h = harness
    await insult_deletes(h)

    monkeypatch.setattr(discord.Message, "delete", server_error)
    await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    assert [x.action for x in await h.hits()] == ["log"]  # recorded as not deleted
    assert dpytest.get_message().embeds[0].fields[-1].value == "logged"


async def test_unknown_member_on_timeout_still_records_and_alerts(harness, monkeypatch):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    await h.store.update(h.guild.id, "rule", Rule(Action.TIMEOUT, 5), target="insult")

    async def member_left(self, *args, **kwargs):
        raise discord.NotFound(_Response(404), "Unknown Member")

    monkeypatch.setattr(discord.Member, "timeout", member_left)
    await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    assert [x.action for x in await h.hits()] == ["delete"]  # a timeout deletes first; no timeout
    assert dpytest.get_message().embeds  # the moderators still hear of it


async def test_hits_wait_for_the_database_and_are_written_when_it_recovers(harness, monkeypatch):
    from sqlalchemy.exc import OperationalError

    h = harness
    await insult_deletes(h)
    h.cog.settings.pending_hits_max = 2
    real_record = h.store.record_hits

    async def locked(**kwargs):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(h.store, "record_hits", locked)
    sent = [await dpytest.message(TOXIC, channel=h.channel, member=h.member) for _ in range(3)]
    alerts = []
    while not dpytest.sent_queue.empty():
        alerts.append(await dpytest.sent_queue.get())
    assert len([m for m in alerts if m.embeds]) == 3  # deleted and alerted, though not yet logged
    assert len(h.cog.pending_hits) == 2 and h.cog.dropped_hits == 1  # bounded, and counted
    assert await h.hits() == []

    monkeypatch.setattr(h.store, "record_hits", real_record)
    assert await h.cog.flush_hits() == 2
    hits = await h.hits()
    assert sorted(x.message_id for x in hits) == sorted(m.id for m in sent[1:])
    assert {x.action for x in hits} == {"delete"} and not h.cog.pending_hits


async def test_concurrent_writers_of_waiting_hits_write_each_once(harness, monkeypatch):
    """Found by the soak: two flushes at once wrote the oldest hit twice, then popped an empty buffer."""
    from bot.db.models import utcnow

    h = harness
    real_record = h.store.record_hits

    async def slow(hit: HitRecord):
        await asyncio.sleep(0.02)  # a busy database
        return await real_record(hit)

    monkeypatch.setattr(h.store, "record_hits", slow)
    decision = Decision((LabelHit("insult", 0.9, 0.5, Action.ALERT),), Action.ALERT)

    def hit(message_id: int) -> HitRecord:
        return HitRecord(
            guild_id=h.guild.id,
            channel_id=h.channel.id,
            message_id=message_id,
            author_id=h.member.id,
            decision=decision,
            action_taken=Action.ALERT,
            model_id="m",
            content=None,
            created_at=utcnow(),
        )

    await asyncio.gather(*(h.cog.record(hit(i)) for i in range(1, 6)), h.cog.flush_hits(), h.cog.flush_hits())
    await h.cog.flush_hits()
    assert sorted(x.message_id for x in await h.hits()) == [1, 2, 3, 4, 5]
    assert not h.cog.pending_hits


# -- edits ---------------------------------------------------------------------------------------


def edit_event(h: Harness, msg: discord.Message, content: str, *, edited: bool = True) -> None:
    data = factories.dict_from_message(msg)
    data.update(
        content=content,
        channel_id=str(h.channel.id),
        guild_id=str(h.guild.id),
        edited_timestamp="2026-11-26T12:00:00+00:00" if edited else None,
        type=0,
    )
    backend.get_state().parse_message_update(data)


async def test_an_edit_does_not_escalate_on_its_own_message_or_alert_twice(harness):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    await h.store.update(h.guild.id, "escalation", Escalation(hits=2, window_minutes=60, timeout_minutes=30))
    msg = await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    assert dpytest.get_message().embeds
    edit_event(h, msg, TOXIC + " !")  # a typo fix: same label
    await dpytest.run_all_events()
    assert dpytest.verify().message().nothing()  # no second alert
    hits = await h.hits()
    assert [(x.label, x.action) for x in hits] == [("insult", "alert")]  # one row, no timeout


async def test_uncached_update_without_an_edit_is_not_an_edit(harness):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    msg = await dpytest.message(CLEAN, channel=h.channel, member=h.member)
    h.bot._connection._messages.clear()  # after a restart: nothing cached
    edit_event(h, msg, TOXIC, edited=False)  # a link preview or pin, as Discord sends it
    await dpytest.run_all_events()
    assert await h.hits() == []


async def test_removal_from_a_guild_keeps_its_records_until_the_grace_period_ends(harness):
    from datetime import timedelta

    from bot.db.models import GuildSettings, utcnow

    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    await h.cog.on_guild_remove(h.guild)  # kicked, by mistake or to erase the evidence
    assert len(await h.hits()) == 1
    async with h.store.session() as s:
        assert (await s.get(GuildSettings, h.guild.id)).left_at is not None
    await h.cog.on_guild_join(h.guild)  # added back: nothing will be deleted
    async with h.store.session() as s:
        assert (await s.get(GuildSettings, h.guild.id)).left_at is None
    await h.store.mark_left(
        h.guild.id, utcnow() - timedelta(days=h.cog.settings.departed_guild_grace_days + 1)
    )
    await h.cog.retention()
    assert await h.hits() == []  # gone once the grace period is over


# -- smaller findings -----------------------------------------------------------------------------


def message_payload(h: Harness, content: str, **extra: Any) -> dict:
    """A MESSAGE_CREATE as the gateway sends it, for kinds of message dpytest cannot make."""
    return {
        "id": str(next(_ids)),
        "channel_id": str(h.channel.id),
        "guild_id": str(h.guild.id),
        "author": {"id": str(h.member.id), "username": h.member.name, "discriminator": "0", "avatar": None},
        "member": {"roles": [], "joined_at": "2026-01-01T00:00:00+00:00", "deaf": False, "mute": False},
        "content": content,
        "timestamp": "2026-11-27T00:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "type": 0,
        "flags": 0,
        **extra,
    }


async def test_forwarded_messages_and_polls_are_checked(harness):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    snapshot = {
        "message": {
            "type": 0,
            "content": TOXIC,
            "embeds": [],
            "attachments": [],
            "timestamp": "2026-11-26T00:00:00+00:00",
            "edited_timestamp": None,
            "flags": 0,
        }
    }
    forward = discord.Message(
        state=h.bot._connection, channel=h.channel, data=message_payload(h, "", message_snapshots=[snapshot])
    )
    poll = {
        "question": {"text": "quem é o maior idiota imbecil aqui"},
        "answers": [{"answer_id": 1, "poll_media": {"text": "bom dia"}}],
        "expiry": "2026-11-28T00:00:00+00:00",
        "allow_multiselect": False,
        "layout_type": 1,
    }
    with_poll = discord.Message(
        state=h.bot._connection, channel=h.channel, data=message_payload(h, "", poll=poll)
    )
    for message in (forward, with_poll):
        assert h.cog.should_check(message)  # an empty content no longer hides them
        await h.cog.check_message(message)
    assert sorted(x.message_id for x in await h.hits()) == sorted([forward.id, with_poll.id])


async def test_a_toxic_thread_title_is_recorded_and_alerted_never_deleted(harness, monkeypatch):
    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    await h.store.update(h.guild.id, "rule", Rule(Action.TIMEOUT, 5), target="insult")
    thread = discord.Thread(
        guild=h.guild,
        state=h.bot._connection,
        data={
            "id": str(next(_ids)),
            "guild_id": str(h.guild.id),
            "parent_id": str(h.channel.id),
            "owner_id": str(h.member.id),
            "name": TOXIC,
            "type": 11,
            "message_count": 0,
            "member_count": 1,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": "2026-11-27T00:00:00+00:00",
                "locked": False,
            },
        },
    )
    decision = await h.cog.check_thread_title(thread)
    assert decision is not None and decision.action is Action.ALERT  # capped: a title is for moderators
    assert [(x.message_id, x.action) for x in await h.hits()] == [(thread.id, "alert")]
    assert dpytest.get_message().embeds[0].title == "Toxic thread title"


async def test_alert_content_is_shown_as_written_not_as_markup(harness):
    h = harness
    h.cog.settings.store_content = True
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    await dpytest.message(
        f"{TOXIC} [nitro gratis](https://golpe.example) **agora**", channel=h.channel, member=h.member
    )
    fields = {f.name: f.value for f in dpytest.get_message().embeds[0].fields}
    assert r"\[nitro gratis](https://golpe.example) \*\*agora\*\*" in fields["Content"]


async def test_forbidden_warning_waits_for_an_alert_channel(harness, monkeypatch):
    h = harness
    await insult_deletes(h)
    await h.store.update(h.guild.id, "alert_channel", None)

    async def refuse(self, *args, **kwargs):
        raise discord.Forbidden(_Response(403), "Missing Permissions")

    monkeypatch.setattr(discord.Message, "delete", refuse)
    await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    assert dpytest.verify().message().nothing()  # nowhere to tell anyone yet
    await h.store.update(h.guild.id, "alert_channel", h.alerts.id)
    await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    sent = []
    while not dpytest.sent_queue.empty():
        sent.append(await dpytest.sent_queue.get())
    assert any("cannot delete messages" in (m.content or "") for m in sent)  # told once it can be


async def test_context_menu_classifier_failure_answers_instead_of_thinking_forever(harness, monkeypatch):
    h = harness

    monkeypatch.setattr(h.cog.classifier, "score", overloaded)
    msg = await dpytest.message(CLEAN, channel=h.channel, member=h.member)
    data = check_toxicity_menu(h, msg)
    responses = await call_slash(h, h.admin, discord.Permissions(manage_messages=True), data)
    assert responses[0]["type"] == 5  # "thinking..."
    assert "busy or unavailable" in responses[1]["data"]["content"]  # then an answer


async def test_review_button_database_error_gets_a_reply(harness, monkeypatch):
    from sqlalchemy.exc import OperationalError

    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    sent: list[dict] = []
    send = h.bot.http.send_message

    async def recording_send(channel_id, *, params):
        sent.append(params.payload)
        channel = h.bot.get_channel(channel_id)  # noqa: F841 -- dpytest reads its caller's `channel`
        return await send(channel_id, params=params)

    monkeypatch.setattr(h.bot.http, "send_message", recording_send)
    await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    alert = dpytest.get_message()
    alert_data = {
        **factories.dict_from_message(alert),
        "type": 0,
        "flags": 0,
        "components": sent[-1]["components"],
    }

    async def locked(*args, **kwargs):
        raise OperationalError("UPDATE", {}, Exception("database is locked"))

    monkeypatch.setattr(h.store, "record_feedback", locked)
    click = {"custom_id": sent[-1]["components"][0]["components"][1]["custom_id"], "component_type": 2}
    responses = await call_slash(
        h, h.admin, discord.Permissions(manage_messages=True), click, kind=3, message=alert_data
    )
    assert "Something went wrong" in responses[0]["data"]["content"]


def test_standalone_bot_pings_nobody_and_has_no_text_help():
    from bot.app import SentinelaBot

    bot = SentinelaBot(Settings(_env_file=None))
    mentions = bot.allowed_mentions
    assert (mentions.everyone, mentions.users, mentions.roles, mentions.replied_user) == (False,) * 4
    assert bot.help_command is None


async def test_hits_log_no_user_ids_at_info(harness, caplog):
    import logging

    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    with caplog.at_level(logging.INFO, logger="bot"):
        await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    info = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert any("insult" in line for line in info)  # the hit is logged...
    assert not any(str(h.member.id) in line or h.member.name in line for line in info)  # ...not who


def test_channel_options_accept_every_channel_a_message_can_be_in():
    from bot.cogs.moderation import Moderation

    wanted = {
        discord.ChannelType.text,
        discord.ChannelType.voice,
        discord.ChannelType.stage_voice,
        discord.ChannelType.forum,
        discord.ChannelType.public_thread,
    }
    toxstats = next(c for c in Moderation.__cog_app_commands__ if c.name == "toxstats")
    sentinela = next(c for c in Moderation.__cog_app_commands__ if c.name == "sentinela")
    exempt = sentinela.get_command("exempt")
    for command in (toxstats, exempt):
        channel = next(p for p in command.parameters if p.name == "channel")
        assert wanted <= set(channel.channel_types), command.name


async def test_unloading_waits_for_the_background_loops(harness, monkeypatch):
    """A loop cancelled mid-query but not awaited outlived the store: its connection closed under
    it and the event loop's shutdown waited forever (an intermittent hang of the test suite)."""
    h = harness
    started = asyncio.Event()

    async def slow_purge(cutoff):
        started.set()
        await asyncio.sleep(5)
        return 0

    monkeypatch.setattr(h.store, "purge_before", slow_purge)
    await h.bot.remove_cog("Moderation")
    cog = Moderation(h.bot, h.cog.settings, classifier=h.cog.classifier, store=h.store)
    await h.bot.add_cog(cog)  # its retention loop runs at once, and sits in the slow purge
    await asyncio.wait_for(started.wait(), 5)
    task = cog.retention.get_task()
    await h.bot.remove_cog("Moderation")
    assert task.done()  # unloading waited for it: nothing touches the store once it is closed


async def scrape(h: Harness, path: str) -> tuple[int, str]:
    import aiohttp

    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{h.cog.health.port}{path}") as response,
    ):
        return response.status, await response.text()


def samples(text: str) -> dict[tuple[str, tuple], float]:
    """The scraped exposition, parsed by prometheus-client's own parser."""
    from prometheus_client.parser import text_string_to_metric_families

    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


async def test_metrics_count_what_the_bot_saw_checked_skipped_hit_and_failed(harness, monkeypatch):
    h = harness
    await insult_deletes(h)
    exempt = backend.make_text_channel("exempt", h.guild)
    await h.store.update(h.guild.id, "exempt_channel", True, target=exempt.id)
    await dpytest.message(TOXIC, channel=h.channel, member=h.member)  # deleted
    await dpytest.message(CLEAN, channel=h.channel, member=h.member)
    await dpytest.message(TOXIC, channel=exempt, member=h.member)  # exempt

    monkeypatch.setattr(discord.Message, "delete", server_error)
    await dpytest.message(TOXIC, channel=h.channel, member=h.member)  # the delete fails: logged
    status, text = await scrape(h, "/metrics")
    assert status == 200
    m = samples(text)
    # 4 members' messages and the bot's own 2 alerts, which it sees and skips
    assert m[("sentinela_messages_seen_total", ())] == 6
    assert m[("sentinela_messages_skipped_total", (("reason", "bot_or_system"),))] == 2
    assert m[("sentinela_messages_checked_total", ())] == 3
    assert m[("sentinela_messages_skipped_total", (("reason", "exempt"),))] == 1
    assert m[("sentinela_hits_total", (("action", "delete"), ("label", "insult")))] == 1
    assert m[("sentinela_hits_total", (("action", "log"), ("label", "insult")))] == 1
    assert m[("sentinela_actions_failed_total", (("action", "delete"), ("reason", "http_error")))] == 1
    assert m[("sentinela_classifier_latency_seconds_count", ())] == 3
    assert m[("sentinela_classifier_batch_size_count", ())] >= 1  # batches: 3 texts or fewer calls
    assert m[("sentinela_classifier_batch_size_sum", ())] == 3
    assert m[("sentinela_classifier_queue_depth", ())] == 0
    assert m[("sentinela_pending_hits", ())] == 0


async def test_skips_and_database_errors_are_counted_by_reason(harness, monkeypatch):
    h = harness

    with monkeypatch.context() as patch:
        patch.setattr(h.cog.classifier, "score", overloaded)
        await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    async with database_down(h):
        await dpytest.message(TOXIC, channel=h.channel, member=h.member)
        m = samples((await scrape(h, "/metrics"))[1])
    assert m[("sentinela_messages_skipped_total", (("reason", "overloaded"),))] == 1
    assert m[("sentinela_messages_skipped_total", (("reason", "database"),))] == 1
    assert m[("sentinela_database_errors_total", (("operation", "read_config"),))] == 1


async def test_healthz_names_what_is_down(harness):
    h = harness
    # dpytest never opens a gateway: the process is up, Discord is not
    status, text = await scrape(h, "/healthz")
    assert status == 503 and text.splitlines() == ["gateway: not connected to Discord yet"]
    h.bot._ready.set()  # what discord.py does when the gateway's READY arrives
    status, text = await scrape(h, "/healthz")
    assert (status, text) == (200, "ok\n")
    async with database_down(h):
        status, text = await scrape(h, "/healthz")
    assert status == 503 and text.startswith("database: ")
    await h.cog.classifier.aclose()  # the model is gone: not answering
    status, text = await scrape(h, "/healthz")
    assert status == 503 and text.startswith("classifier: ClassifierClosed")
    h.cog.classifier.start()
