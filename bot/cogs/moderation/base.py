"""What every part of the moderation cog may use; ``Moderation.__init__`` sets it."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import setting_kinds
from bot.ops.config import Settings
from bot.presentation.i18n import Texts, texts

if TYPE_CHECKING:
    from bot.cogs.moderation.subject import Subject
    from bot.cogs.moderation.why import WhyWorker
    from bot.core.policy import Action, Decision, GuildConfig
    from bot.core.turns import Turns
    from bot.db.models import ConfigChange
    from bot.db.store import HitRecord, Store
    from bot.ops.backlog import Backlog
    from bot.ops.health import Metrics
    from bot.ops.hit_buffer import HitBuffer
    from classifier.serving.scorer import Scorer


class NotChecked(Exception):  # noqa: N818: a reason, not an error of the caller's
    """Why a text was not checked: by design (disabled, exempt, no text: ``SKIPPED_BY_DESIGN``) or
    because a part failed (database, classifier). Nothing is acted on either way.

    ``retry``: the part may answer again (down, overloaded, slow): the text waits in the backlog.
    """

    def __init__(self, reason: str, *, retry: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.retry = reason, retry


ADMIN = discord.Permissions(manage_guild=True)  # the default shown in Discord; admin_only() enforces


class MixinMeta:
    """The shared state of the cog's parts (Red-DiscordBot's ``MixinMeta``, without the ABC).

    The parts are plain classes mixed into one ``commands.Cog``; discord.py's ``CogMeta`` walks
    the whole MRO, so their listeners and app commands register as the cog's own.
    """

    bot: commands.Bot
    settings: Settings
    classifier: Scorer
    store: Store
    hit_buffer: HitBuffer[HitRecord]  # hits waiting for the database to come back
    why_worker: WhyWorker  # the words that weighed, computed after the record and the alert
    metrics: Metrics  # Prometheus counters (served on HEALTH_PORT when set)
    backlog: Backlog[Subject]  # what waits for the classifier or the database to answer again
    turns: Turns  # one author's messages decided in the order they arrived
    closing: bool  # unloading: new events are not taken
    in_flight: int  # messages being checked now
    idle: asyncio.Event  # set when none is

    def _check_label(self, label: str) -> str:
        return check_label(self.classifier.labels, label)

    async def label_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return label_choices(self.classifier.labels, current, texts(interaction))

    if TYPE_CHECKING:  # what one part calls in another; declared for type checkers only

        async def enforce(
            self,
            subject: Subject,
            decision: Decision,
            config: GuildConfig,
            message: discord.Message | None = None,
            author: discord.Member | None = None,
        ) -> Action: ...

        async def alert(
            self, subject: Subject, decision: Decision, taken: Action, config: GuildConfig
        ) -> None: ...

        async def check_live(
            self,
            subject: Subject,
            message: discord.Message | None = None,
            author: discord.Member | None = None,
        ) -> Decision | None: ...

        def not_checked(self, why: NotChecked) -> None: ...

        async def announce_changes(
            self, guild: discord.Guild | None, changes: Sequence[ConfigChange | None]
        ) -> None: ...


def check_label(labels: Sequence[str], label: str) -> str:
    """``label`` if the model has it; otherwise a ``SettingError`` naming the labels it has (worded
    by ``bot.core.setting_kinds``, translated by ``errors.error_text`` like every refused value)."""
    return setting_kinds.check_label(label, labels)


def label_choices(labels: Sequence[str], current: str, tr: Texts) -> list[app_commands.Choice[str]]:
    """Autocomplete for a label option: matched on the model's name or the translated one."""
    typed = current.lower()
    return [
        app_commands.Choice(name=tr.label(label), value=label)
        for label in labels
        if typed in label.lower() or typed in tr.label(label).lower()
    ][:25]
