"""``python -m bot``: run Sentinela as a standalone Discord bot."""

from __future__ import annotations

import asyncio
import logging
import sys

import discord
from discord.ext import commands
from pydantic import ValidationError

from bot.config import Settings
from bot.i18n import Translator
from classifier import ModelLoadError

log = logging.getLogger("bot")

NO_TOKEN = (
    "error: DISCORD_TOKEN is not set. Create a bot at https://discord.com/developers/applications "
    "(Bot -> Reset Token), enable the Message Content intent, and put DISCORD_TOKEN=... in .env "
    "(see .env.example)."
)


class SentinelaBot(commands.Bot):
    def __init__(self, settings: Settings) -> None:
        intents = discord.Intents.default()
        intents.message_content = True  # privileged: enable it in the developer portal
        intents.members = False
        super().__init__(command_prefix=commands.when_mentioned, intents=intents)
        self.settings = settings

    async def setup_hook(self) -> None:
        await self.tree.set_translator(Translator())
        await self.load_extension("bot.cogs.moderation")
        await self.tree.sync()

    async def on_ready(self) -> None:
        log.info("logged in as %s (%s) in %d guild(s)", self.user, self.user.id, len(self.guilds))


async def run(settings: Settings) -> None:
    bot = SentinelaBot(settings)
    async with bot:
        await bot.start(settings.discord_token.get_secret_value())


def main(argv: list[str] | None = None) -> int:
    try:
        settings = Settings()
    except ValidationError as e:
        first = e.errors()[0]
        print(f"error: setting {'.'.join(map(str, first['loc'])).upper()}: {first['msg']}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        print(NO_TOKEN, file=sys.stderr)
        return 2
    try:
        asyncio.run(run(settings))
    except discord.PrivilegedIntentsRequired:
        print(
            "error: the Message Content intent is not enabled for this bot: turn it on under "
            "Bot -> Privileged Gateway Intents in the developer portal.",
            file=sys.stderr,
        )
        return 2
    except discord.LoginFailure:
        print("error: Discord rejected DISCORD_TOKEN; reset the token and update .env.", file=sys.stderr)
        return 2
    except commands.ExtensionFailed as e:
        cause = e.original
        if isinstance(cause, ModelLoadError):
            print(f"error: {cause}", file=sys.stderr)
            return 2
        raise
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
