"""Slash commands reach Discord on demand (python -m bot sync, the owner's text command), never at
every start."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.cli import main as cli
from bot.cli.app import REQUIRED_PERMISSIONS, SentinelaBot, invite_url
from bot.ops.config import Settings

APP_ID = 424242424242424242


TOKEN = "fake-token-for-tests"


MESSAGE_CONTENT = 1 << 18  # the application flag "gateway_message_content"


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

    from bot.cli.app import sync_command

    bot = commands.Bot(command_prefix="!", intents=discord.Intents.all())
    await bot._async_setup_hook()
    bot.add_command(sync_command)
    errors: list[BaseException] = []

    async def on_command_error(ctx, error):
        errors.append(error)

    dpytest.configure(bot, members=["owner", "member"])
    await dpytest.empty_queue()  # dpytest's sent-message queue is global: an earlier test's leftovers go
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
