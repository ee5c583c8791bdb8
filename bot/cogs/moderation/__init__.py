"""The moderation cog, as a package of parts (see ``cog.py`` for the map).

Load it into any discord.py 2.x bot with ``await bot.load_extension("bot.cogs.moderation")``;
the extension reads ``Settings`` from the environment (or ``.env``), or takes the bot's own
``settings`` when it has a ``Settings`` there. Tests and embedding bots can
build ``Moderation`` directly with their own classifier and store.
"""

from __future__ import annotations

from discord.ext import commands

from bot.cogs.moderation.alerts import FeedbackButton
from bot.cogs.moderation.cog import Moderation
from bot.cogs.moderation.errors import UserError
from bot.ops.config import Settings

__all__ = ["FeedbackButton", "Moderation", "UserError", "setup"]


async def setup(bot: commands.Bot) -> None:
    # Sentinela's own bot carries its settings; any other bot gets them from the environment
    settings = getattr(bot, "settings", None)
    await bot.add_cog(Moderation(bot, settings if isinstance(settings, Settings) else Settings()))
