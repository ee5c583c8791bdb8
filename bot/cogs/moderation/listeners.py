"""Which events are checked: messages, edits, forwards, polls, thread titles; deletes leave the
backlog. What a check does is ``checking.py``."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.cogs.moderation.base import MixinMeta, NotChecked
from bot.cogs.moderation.subject import Subject, message_text
from bot.core.policy import Decision

log = logging.getLogger(__name__)


class ListenersMixin(MixinMeta):
    @staticmethod
    def skip_reason(message: discord.Message, text: str | None = None) -> str | None:
        """Why a guild message is not for the model (``None``: check it); ``text``: its
        ``message_text``, where the caller has it already."""
        if message.author.bot or message.webhook_id is not None or message.is_system():
            return "bot_or_system"
        if not (message_text(message) if text is None else text):
            return "no_text"
        return None

    @classmethod
    def should_check(cls, message: discord.Message) -> bool:
        return message.guild is not None and cls.skip_reason(message) is None

    def _admit(self, message: discord.Message) -> str | None:
        """Count a guild message as seen, and as skipped when it is not for the model; the text
        to check otherwise (built here once, and handed on)."""
        if message.guild is None or self.closing:
            return None
        self.metrics.messages_seen.inc()
        text = message_text(message)
        reason = self.skip_reason(message, text)
        if reason is not None:
            self.not_checked(NotChecked(reason))
            return None
        return text

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if (text := self._admit(message)) is not None:
            await self.check_message(message, text=text)

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        # raw: edits of messages older than the cache must be re-checked too
        if payload.guild_id is None or "content" not in payload.data:
            return
        # discord.py builds the updated message from the event: no API call per edit
        message = payload.message
        cached = payload.cached_message
        if cached is not None and message.content == cached.content:
            return  # an embed unfurl or pin, not a text edit
        if cached is None and not payload.data.get("edited_timestamp"):
            return  # an uncached message's unfurl, pin or flag change: Discord marks real edits
        if (text := self._admit(message)) is not None:
            await self.check_message(message, edited=True, text=text)

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        # not deleted at once: a kick by mistake (or to erase the evidence) must lose nothing;
        # the retention loop deletes it after the grace period unless the bot comes back
        try:
            await self.store.mark_left(guild.id)
        except Exception:
            self.metrics.database_errors.labels("guild_membership").inc()
            log.exception("guild %s: cannot record the departure", guild.id)
            return
        log.info(
            "removed from guild %s: its data is deleted in %d day(s) unless I am added back",
            guild.id,
            self.settings.departed_guild_grace_days,
        )

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        try:
            if await self.store.mark_returned(guild.id):
                log.info("back in guild %s: its data is kept", guild.id)
        except Exception:
            self.metrics.database_errors.labels("guild_membership").inc()
            log.exception("guild %s: cannot cancel the pending deletion", guild.id)

    @commands.Cog.listener()
    async def on_thread_create(self, thread: discord.Thread) -> None:
        await self.check_thread_title(thread)

    @commands.Cog.listener()
    async def on_thread_update(self, before: discord.Thread, after: discord.Thread) -> None:
        if before.name != after.name:
            await self.check_thread_title(after, edited=True)

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        # deleted while it waited for the model: nothing left to act on
        self.backlog.discard(payload.message_id, "deleted")

    @commands.Cog.listener()
    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        for message_id in payload.message_ids:
            self.backlog.discard(message_id, "deleted")

    async def check_message(
        self, message: discord.Message, edited: bool = False, *, text: str | None = None
    ) -> Decision | None:
        """Score one message and carry out the guild's decision; never raises.

        When the classifier or the database cannot answer, the message waits in the backlog (what
        a retry needs, not the message) and is checked again when they answer (an edit meanwhile
        is a newer version of it, a delete removes it). ``text``: its ``message_text``, if built.
        """
        author = message.author if isinstance(message.author, discord.Member) else None
        subject = Subject.of_message(message, edited=edited, text=text)
        return await self.check_live(subject, message, author)

    async def check_thread_title(self, thread: discord.Thread, edited: bool = False) -> Decision | None:
        """A thread or forum post title: recorded and alerted, never deleted or timed out for.

        Deleting a thread takes a whole conversation with it: a title is for moderators to judge
        (its subject's ceiling is an alert).
        """
        if thread.guild is None or not thread.name.strip() or self.closing:
            return None
        owner = thread.owner
        if owner is not None and owner.bot:
            return None
        self.metrics.messages_seen.inc()
        return await self.check_live(Subject.of_thread(thread, edited=edited))
