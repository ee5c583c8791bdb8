"""The standalone bot: sharded, its invite link, and slash-command sync on demand."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.ops.config import Settings
from bot.presentation.i18n import Translator, texts_for_guild

log = logging.getLogger("bot")

# Exactly what Sentinela does: read and answer in channels, delete messages, time members out,
# post alerts with embeds and chart attachments. Nothing more is asked for.
REQUIRED_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    manage_messages=True,
    moderate_members=True,
)
SCOPES = ("bot", "applications.commands")
SYNC_HINT = "slash commands are synced on demand: run `python -m bot sync` after installing or upgrading"


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(application_id, permissions=REQUIRED_PERMISSIONS, scopes=SCOPES)


def message_content_enabled(app: discord.AppInfo) -> bool:
    flags = app.flags
    return bool(flags.gateway_message_content or flags.gateway_message_content_limited)


class SentinelaBot(commands.AutoShardedBot):
    """Sentinela as a bot of its own. One process runs ``SHARD_IDS`` of ``SHARD_COUNT`` shards
    (all of them when unset): a cluster is several processes with disjoint slices, sharing one
    PostgreSQL. A guild's events always reach the shard, hence the process, that owns it.

    ``commands_only``: load the slash commands without the model or the database, for ``sync``.
    """

    def __init__(self, settings: Settings, *, commands_only: bool = False) -> None:
        intents = discord.Intents.default()
        intents.message_content = True  # privileged: enable it in the developer portal
        intents.members = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            # a moderation bot quotes what members wrote: nothing it posts may ping anyone
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,  # the slash commands describe themselves
            shard_count=settings.shard_count,
            shard_ids=settings.shard_ids,
        )
        self.settings = settings
        self.commands_only = commands_only

    async def setup_hook(self) -> None:
        await self.tree.set_translator(Translator())
        if self.commands_only:
            from bot.cogs.moderation import Moderation

            await self.add_cog(Moderation(self, self.settings, runtime=False))
            return
        self.add_command(sync_command)
        await self.load_extension("bot.cogs.moderation")
        app = self.application or await self.application_info()  # login fetched it already
        if not message_content_enabled(app):
            log.warning(
                "the Message Content intent is off for this application: Sentinela cannot read messages. "
                "Turn it on under Bot -> Privileged Gateway Intents in the developer portal."
            )
        log.info("invite link (the permissions Sentinela needs, nothing more): %s", invite_url(app.id))
        log.info(SYNC_HINT)

    async def on_ready(self) -> None:
        shards = ",".join(map(str, self.shard_ids or range(self.shard_count or 1)))
        log.info(
            "logged in as %s (%s): shard(s) %s of %s, %d guild(s)",
            self.user,
            self.user.id if self.user else "?",
            shards,
            self.shard_count,
            len(self.guilds),
        )


async def sync_tree(bot: commands.Bot, guild_id: int | None) -> list[discord.app_commands.AppCommand]:
    """Push the command tree to Discord: globally, or to one guild (at once, for testing)."""
    if guild_id is None:
        return await bot.tree.sync()
    guild = discord.Object(id=guild_id)
    bot.tree.copy_global_to(guild=guild)
    return await bot.tree.sync(guild=guild)


async def sync_commands(settings: Settings, guild_id: int | None) -> list[str]:
    """``python -m bot sync``: log in over HTTP only (no gateway, no model), sync, log out."""
    bot = SentinelaBot(settings, commands_only=True)
    async with bot:
        await bot.login(settings.discord_token.get_secret_value())
        synced = await sync_tree(bot, guild_id)
    return [c.name for c in synced]


@commands.command(name="sync")
@commands.is_owner()
async def sync_command(ctx: commands.Context, where: str = "global") -> None:
    """Owner only: ``@Sentinela sync`` (global, up to an hour to show) or ``@Sentinela sync here``."""
    tr = texts_for_guild(ctx.guild)  # a text command carries no user locale: the server's
    if where not in ("global", "here"):
        await ctx.reply(tr("usage: `sync` (global) or `sync here` (this server, at once)"))
        return
    if where == "here" and ctx.guild is None:
        await ctx.reply(tr("`sync here` works in a server"))
        return
    synced = await sync_tree(ctx.bot, ctx.guild.id if where == "here" else None)
    n = len(synced)
    if where == "here":
        await ctx.reply(
            tr.plural("synced {n} command to this server", "synced {n} commands to this server", n, n=n)
        )
    else:
        await ctx.reply(tr.plural("synced {n} command globally", "synced {n} commands globally", n, n=n))


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard that receives a guild's events (Discord's sharding formula)."""
    return (guild_id >> 22) % shard_count
