"""The cog's life: loading into any bot, leaving a guild, unloading, and what /healthz and /metrics say."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from datetime import timedelta

import discord
import discord.ext.test as dpytest
from discord.ext import commands
from discord.ext.test import backend

from bot.cogs.moderation import Moderation
from bot.db.models import utcnow
from bot.db.store import Store
from tests.harness import (
    CLEAN,
    TOXIC,
    Harness,
    insult_deletes,
    overloaded,
    server_error,
)


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


async def test_extension_loads_into_someone_elses_bot(trained_model, tmp_path, monkeypatch):
    """The plugin route: a plain commands.Bot, settings from the environment, load_extension."""
    from bot.cogs.moderation import FeedbackButton

    monkeypatch.chdir(tmp_path)  # no .env, the database lands here
    # unload_extension drops the package's modules from sys.modules; later tests must keep
    # meeting the classes they imported, so the modules are put back afterwards
    loaded = dict(sys.modules)
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
    purged = "bot.cogs.moderation.alerts" not in sys.modules  # unloaded as discord.py does it
    sys.modules.update(loaded)
    assert purged


async def test_removal_from_a_guild_keeps_its_records_until_the_grace_period_ends(harness):

    from bot.db.models import GuildConfigRow

    h = harness
    await h.store.update(h.guild.id, "threshold", 0.55, target="insult", by=None)
    await dpytest.message(TOXIC, channel=h.channel, member=h.member)
    await h.cog.on_guild_remove(h.guild)  # kicked, by mistake or to erase the evidence
    assert len(await h.hits()) == 1
    async with h.store.session() as s:
        assert (await s.get(GuildConfigRow, h.guild.id)).left_at is not None
    await h.cog.on_guild_join(h.guild)  # added back: nothing will be deleted
    async with h.store.session() as s:
        assert (await s.get(GuildConfigRow, h.guild.id)).left_at is None
    await h.store.mark_left(
        h.guild.id, utcnow() - timedelta(days=h.cog.settings.departed_guild_grace_days + 1)
    )
    await h.cog.retention()
    assert await h.hits() == []  # gone once the grace period is over


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
