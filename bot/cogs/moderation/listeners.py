"""The message pipeline: which messages are checked, scoring, the decision, and what follows."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.assess import assess
from bot.cogs.moderation.base import MixinMeta
from bot.policy import Action, Decision
from classifier import ClassifierError, ClassifierOverloaded

log = logging.getLogger(__name__)


class ListenersMixin(MixinMeta):
    @staticmethod
    def should_check(message: discord.Message) -> bool:
        return (
            message.guild is not None
            and not message.author.bot
            and message.webhook_id is None
            and not message.is_system()
            and bool(message.content and message.content.strip())
        )

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if self.should_check(message):
            await self.check_message(message)

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        # raw: edits of messages older than the cache must be re-checked too
        if payload.guild_id is None or "content" not in payload.data:
            return
        # discord.py builds the updated message from the event: no API call per edit
        message = payload.message
        if message.content == getattr(payload.cached_message, "content", None):
            return  # an embed unfurl or pin, not a text edit
        if self.should_check(message):
            await self.check_message(message, edited=True)

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self.store.delete_guild(guild.id)
        log.info("left guild %s (%s): its data was deleted", guild.name, guild.id)

    async def check_message(self, message: discord.Message, edited: bool = False) -> Decision | None:
        """Score one message and carry out the guild's decision; never raises."""
        guild = message.guild
        try:
            config = await self.store.guild_config(guild.id)
        except Exception:
            self.skipped["database"] += 1
            log.exception("guild %s: cannot read configuration; message %s not checked", guild.id, message.id)
            return None
        channel_ids = {message.channel.id, getattr(message.channel, "parent_id", None) or 0}
        roles = {r.id for r in getattr(message.author, "roles", [])}
        if not config.enabled or config.is_exempt(channel_ids, roles):
            return None
        try:
            scores = await self.classifier.score(message.content)
        except ClassifierOverloaded:
            self.skipped["overloaded"] += 1
            log.warning("classifier overloaded: message %s in guild %s not checked", message.id, guild.id)
            return None
        except Exception as e:
            self.skipped["classifier_error"] += 1
            # expected classifier failures get one line; anything else its traceback
            log.warning(
                "classifier failed on message %s in guild %s: %s",
                message.id,
                guild.id,
                e,
                exc_info=not isinstance(e, ClassifierError),
            )
            return None
        try:
            decision = await assess(
                self.store,
                config,
                self.classifier.thresholds,
                guild_id=guild.id,
                author_id=message.author.id,
                probabilities=scores.probabilities,
            )
            if not decision.flagged:
                return decision
            taken = await self.enforce(message, decision, config)
            await self.store.record_hits(
                guild_id=guild.id,
                channel_id=message.channel.id,
                message_id=message.id,
                author_id=message.author.id,
                decision=decision,
                action_taken=taken,
                model_id=self.classifier.model_id,
                content=message.content if self.settings.store_content else None,
            )
            if decision.action >= Action.ALERT:
                await self.alert(message, decision, taken, config, edited)
            log.info(
                "message %s by %s (%s) in guild %s: %s -> %s",
                message.id,
                message.author,
                message.author.id,
                guild.id,
                ",".join(h.label for h in decision.hits),
                taken.label,
            )
            return decision
        except Exception:
            log.exception("handling message %s in guild %s failed", message.id, guild.id)
            return None
