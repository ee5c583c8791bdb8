"""Running at scale: cluster processes on one PostgreSQL, command sync on demand, the first start.

Discord is faked at the HTTP boundary only (``HTTPClient.request``): the bot, its command tree
and its settings are the real ones.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import discord
import pytest

from bot import cli
from bot.app import REQUIRED_PERMISSIONS, SentinelaBot, invite_url, shard_of
from bot.config import Settings

ROOT = Path(__file__).resolve().parents[1]
APP_ID = 424242424242424242
TOKEN = "fake-token-for-tests"
MESSAGE_CONTENT = 1 << 18  # the application flag "gateway_message_content"

CLUSTER_WORKER = textwrap.dedent(
    """
    import asyncio, json, sys
    from bot.app import SentinelaBot, shard_of
    from bot.config import Settings
    from bot.db.store import HitRecord, Store
    from bot.policy import Action, Decision, LabelHit

    async def main(url, count, ids):
        settings = Settings(_env_file=None, database_url=url, shard_count=count, shard_ids=ids)
        bot = SentinelaBot(settings)  # the real bot class: its shards are this slice
        mine = [g for g in range(1, 41) if shard_of(g << 22, bot.shard_count) in bot.shard_ids]
        store = Store(url)
        await store.migrate()  # both processes start together: one migrates, one waits
        hit = Decision((LabelHit("insult", 0.9, 0.5, Action.ALERT),), Action.ALERT)
        for k in mine:
            guild = k << 22
            await store.update(guild, "threshold", 0.6, target="insult")
            for n in range(10):
                await store.record_hits(HitRecord(guild_id=guild, channel_id=1, message_id=guild + n,
                                        author_id=9, decision=hit, action_taken=Action.ALERT, model_id="m",
                                        content=None))
            await store.record_feedback(guild, guild, moderator_id=5, verdict="confirmed")
        await store.close()
        print(json.dumps({"shards": bot.shard_ids, "guilds": mine}))

    asyncio.run(main(sys.argv[1], int(sys.argv[2]), [int(x) for x in sys.argv[3].split(",")]))
    """
)


def test_two_cluster_processes_with_their_own_shards_share_one_postgresql(pg_server):
    import asyncio

    url = asyncio.run(pg_server.create_database("cluster"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CLUSTER_WORKER, url, "4", ids],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for ids in ("0,1", "2,3")
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (_, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err[-2000:]
    reports = [json.loads(out) for out, _ in outputs]
    assert [r["shards"] for r in reports] == [[0, 1], [2, 3]]
    owned = [set(r["guilds"]) for r in reports]
    assert owned[0].isdisjoint(owned[1]) and owned[0] | owned[1] == set(range(1, 41))

    async def check() -> None:
        from sqlalchemy import func, select

        from bot.db.models import Feedback, Hit, LabelThreshold
        from bot.db.store import Store

        store = Store(url)
        try:
            async with store.session() as s:
                hits = dict(
                    (await s.execute(select(Hit.guild_id, func.count()).group_by(Hit.guild_id))).all()
                )
                thresholds = await s.scalar(select(func.count()).select_from(LabelThreshold))
                feedback = await s.scalar(select(func.count()).select_from(Feedback))
        finally:
            await store.close()
        assert hits == {k << 22: 10 for k in range(1, 41)}
        assert (thresholds, feedback) == (40, 40)

    asyncio.run(check())


def test_shard_settings_reach_the_sharded_bot(monkeypatch):
    monkeypatch.setenv("SHARD_COUNT", "4")
    monkeypatch.setenv("SHARD_IDS", "2,3")
    bot = SentinelaBot(Settings(_env_file=None))
    assert isinstance(bot, discord.AutoShardedClient)
    assert (bot.shard_count, bot.shard_ids) == (4, [2, 3])
    # Discord's rule: a guild belongs to shard (guild_id >> 22) % shard_count
    assert [shard_of(g << 22, 4) for g in range(6)] == [0, 1, 2, 3, 0, 1]


class FakeDiscordHTTP:
    """Discord's REST API as far as login and command sync go; records every call."""

    def __init__(self, flags: int = MESSAGE_CONTENT) -> None:
        self.flags = flags
        self.calls: list[tuple[str, str, Any]] = []

    async def request(self, route, **kwargs: Any) -> Any:
        body = kwargs.get("json")
        self.calls.append((route.method, route.url.removeprefix(route.BASE), body))
        user = {"id": str(APP_ID), "username": "Sentinela", "discriminator": "0", "avatar": None, "bot": True}
        if route.path == "/users/@me":
            return user
        if route.path == "/oauth2/applications/@me":
            return {
                "id": str(APP_ID),
                "name": "Sentinela",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": self.flags,
                "owner": {**user, "id": "7", "username": "owner", "bot": False},
            }
        if route.method == "PUT" and "/commands" in route.path:
            return [
                {"description": "", **c, "id": str(900 + i), "application_id": str(APP_ID), "version": "1"}
                for i, c in enumerate(body)
            ]
        raise AssertionError(f"unexpected Discord call {route.method} {route.path}")

    def synced(self) -> list[tuple[str, list[str]]]:
        return [
            (path, sorted(c["name"] for c in body)) for method, path, body in self.calls if method == "PUT"
        ]


@pytest.fixture
def discord_http(monkeypatch) -> FakeDiscordHTTP:
    fake = FakeDiscordHTTP()
    monkeypatch.setattr(
        discord.http.HTTPClient, "request", lambda self, route, **kw: fake.request(route, **kw)
    )
    monkeypatch.setattr(discord.http.HTTPClient, "close", _no_session_close)
    return fake


async def _no_session_close(self) -> None:
    return None


COMMANDS = ["Check toxicity", "review", "rule", "sentinela", "threshold", "toxstats"]


def test_sync_command_pushes_the_tree_once_globally_or_to_one_guild(discord_http, monkeypatch, capsys):
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("SENTINELA_MODEL", "/no/model/needed/to/sync")  # never loaded
    assert cli.main(["sync"]) == 0
    assert discord_http.synced() == [(f"/applications/{APP_ID}/commands", COMMANDS)]
    assert "synced 6 command(s) globally" in capsys.readouterr().out
    discord_http.calls.clear()
    assert cli.main(["sync", "--guild", "123"]) == 0
    assert discord_http.synced() == [(f"/applications/{APP_ID}/guilds/123/commands", COMMANDS)]
    assert "guild 123 (visible now)" in capsys.readouterr().out


def _bot_settings(trained_model: Path, db_url: str) -> Settings:
    return Settings(
        _env_file=None,
        discord_token=TOKEN,
        sentinela_model=str(trained_model),
        database_url=db_url,
        device="cpu",
    )


@pytest.mark.parametrize("flags", [MESSAGE_CONTENT, 0])
async def test_first_start_logs_the_invite_and_warns_without_message_content_but_never_syncs(
    discord_http, trained_model, tmp_path, caplog, flags
):
    discord_http.flags = flags
    bot = SentinelaBot(_bot_settings(trained_model, f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"))
    with caplog.at_level(logging.INFO, logger="bot"):
        async with bot:
            await bot.login(TOKEN)  # runs setup_hook: the cog, the model, the database
            assert bot.get_cog("Moderation") is not None and bot.get_command("sync") is not None
    assert discord_http.synced() == []  # starting never syncs: `python -m bot sync` does
    text = caplog.text
    assert invite_url(APP_ID) in text and f"permissions={REQUIRED_PERMISSIONS.value}" in text
    assert "scope=bot+applications.commands" in invite_url(APP_ID)
    assert ("Message Content intent is off" in text) == (flags == 0)
    perms = REQUIRED_PERMISSIONS
    assert perms.manage_messages and perms.moderate_members and perms.attach_files and not perms.administrator


async def test_owner_text_command_syncs_and_nobody_else_can(monkeypatch):
    import discord.ext.test as dpytest
    from discord.ext import commands
    from discord.ext.test import backend

    from bot.app import sync_command

    bot = commands.Bot(command_prefix="!", intents=discord.Intents.all())
    await bot._async_setup_hook()
    bot.add_command(sync_command)
    errors: list[BaseException] = []

    async def on_command_error(ctx, error):
        errors.append(error)

    dpytest.configure(bot, members=["owner", "member"])
    bot.on_command_error = on_command_error  # after configure, which installs its own
    cfg = dpytest.get_config()
    owner, member = cfg.members
    bot.owner_id = owner.id
    bot._connection.application_id = APP_ID  # login sets it from the application
    from bot.cogs.moderation import Moderation

    await bot.add_cog(Moderation(bot, Settings(_env_file=None), runtime=False))  # the commands only
    fake = FakeDiscordHTTP()
    # the tree keeps the HTTP client it was built with, dpytest's replaces the bot's: fake both
    for client in (backend.FakeHttp, discord.http.HTTPClient):
        monkeypatch.setattr(client, "request", lambda self, route, **kw: fake.request(route, **kw))
    try:
        await dpytest.message("!sync here", member=member)
        assert isinstance(errors[0], commands.NotOwner) and fake.synced() == []
        await dpytest.message("!sync here", member=owner)
        assert fake.synced() == [(f"/applications/{APP_ID}/guilds/{cfg.guilds[0].id}/commands", COMMANDS)]
        assert dpytest.verify().message().content("synced 6 commands to this server")
    finally:
        await dpytest.empty_queue()
