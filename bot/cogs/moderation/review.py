"""``/review``: the alerts nobody reviewed yet, newest first, one page at a time.

A verdict here is the same record as a click on the alert's own buttons (``record_feedback``):
``/toxstats``, ``/threshold advise`` and ``python -m bot export-feedback`` read both.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.cogs.moderation.base import MixinMeta, check_label, label_choices
from bot.cogs.moderation.checks import can_read, member_is_moderator, moderator_only, readable_channels
from bot.cogs.moderation.errors import UserError, reply_error
from bot.cogs.moderation.stats import CheckedChannel
from bot.cogs.moderation.views import ExpiringView
from bot.db.store import QueuedAlert, Store
from bot.presentation.embeds import enable_paging, review_buttons, review_embed
from bot.presentation.i18n import Texts, texts

log = logging.getLogger(__name__)
_ = app_commands.locale_str


class ReviewQueue(ExpiringView):
    """The paging buttons of one moderator's ``/review``; the queue is re-read on every click."""

    def __init__(
        self,
        store: Store,
        guild_id: int,
        owner_id: int,
        tr: Texts,
        *,
        label: str | None = None,
        channel_id: int | None = None,
        channel_ids: frozenset[int] | None = None,
    ) -> None:
        super().__init__()
        self.store, self.guild_id, self.owner_id, self.tr = store, guild_id, owner_id, tr
        self.label, self.channel_id = label, channel_id
        self.channel_ids = channel_ids  # what the moderator can read (None: every channel)
        # the anchors of the pages walked, newest first: a page is the alert just older than its
        # anchor (None: the newest). The store's keyset cursor, as the dashboard pages: a verdict
        # given meanwhile, here or elsewhere, shifts no page, where an offset skipped an alert
        self.cursors: list[int | None] = [None]
        self.total, self.position = 0, 0  # the alert's place in the queue, from 0
        self.alert: QueuedAlert | None = None
        self.buttons = review_buttons(tr)
        for key, button in self.buttons.items():
            button.callback = self._callback(key)
            self.add_item(button)

    @property
    def filters(self) -> str:
        parts = [self.tr.label(self.label)] if self.label else []
        if self.channel_id:
            parts.append(f"<#{self.channel_id}>")
        return f" ({', '.join(parts)})" if parts else ""

    async def load(self) -> None:
        """The page after the current anchor; past the queue's end (its last alerts were
        reviewed meanwhile), the page before, down to the newest."""
        while True:
            alerts, self.total = await self.store.review_queue(
                self.guild_id,
                label=self.label,
                channel_id=self.channel_id,
                after_message=self.cursors[-1],
                limit=2,  # the second says whether "next" has a page
                channel_ids=self.channel_ids,
            )
            if alerts or len(self.cursors) == 1:
                break
            self.cursors.pop()
        self.alert = alerts[0] if alerts else None
        self.position = 0
        if self.alert is not None and self.cursors[-1] is not None:
            self.position = await self.store.queue_newer(
                self.guild_id,
                self.alert.message_id,
                label=self.label,
                channel_id=self.channel_id,
                channel_ids=self.channel_ids,
            )
        enable_paging(self.buttons, self.alert is None, self.position, self.total, more=len(alerts) > 1)

    async def _back(self) -> None:
        """To the nearest newer alert passed over that is still unreviewed: an anchor whose
        alert was judged meanwhile leads back to the one shown, so step past it."""
        shown = self.alert.message_id if self.alert else None
        if len(self.cursors) == 1:
            await self.load()
        while len(self.cursors) > 1:
            self.cursors.pop()
            await self.load()
            if self.alert is None or self.alert.message_id != shown:
                return

    def embed(self) -> discord.Embed:
        return review_embed(self.alert, self.position, self.total, self.tr, filters=self.filters)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        tr = texts(interaction)
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(
                tr("This review queue is someone else's; run /review for your own."), ephemeral=True
            )
            return False
        if not member_is_moderator(interaction):
            await interaction.response.send_message(tr("Only moderators can review alerts."), ephemeral=True)
            return False
        # re-read on every click: a role taken away since /review takes its channels with it
        self.channel_ids = readable_channels(interaction)
        return True

    def _callback(self, key: str):
        async def callback(interaction: discord.Interaction) -> None:
            try:
                note = ""
                if key in ("confirmed", "false_positive"):
                    if self.alert is None:
                        raise UserError(self.tr("Nothing left to review."))
                    if not can_read(interaction, self.alert.channel_id):
                        raise UserError(
                            self.tr("You cannot read the channel of that message: no verdict recorded.")
                        )
                    count = await self.store.record_feedback(
                        self.guild_id, self.alert.message_id, interaction.user.id, key
                    )
                    verdict = self.tr("confirmed") if key == "confirmed" else self.tr("false positive")
                    note = self.tr.plural(
                        "Recorded **{verdict}** for {n} label hit.",
                        "Recorded **{verdict}** for {n} label hits.",
                        count,
                        verdict=verdict,
                        n=count,
                    )
                    # the reviewed alert leaves the queue: the same anchor now gives the next one
                elif key in ("skip", "next") and self.alert is not None:
                    self.cursors.append(self.alert.message_id)
                await (self._back() if key == "previous" else self.load())
                await interaction.response.edit_message(content=note or None, embed=self.embed(), view=self)
            except Exception as e:  # a view's errors bypass the app-command handler: same reply, same log
                await reply_error(interaction, e, f"review button {key}")

        return callback

    async def on_error(self, interaction: discord.Interaction, error: Exception, item) -> None:
        await reply_error(interaction, error, "review queue")


class ReviewMixin(MixinMeta):
    @app_commands.command(name="review", description=_("Review the alerts nobody reviewed yet, newest first"))
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_messages=True)
    @moderator_only()
    async def review(
        self,
        interaction: discord.Interaction,
        label: str | None = None,
        channel: CheckedChannel | None = None,
    ) -> None:
        tr = texts(interaction)
        if label is not None:
            check_label(self.classifier.labels, label)
        if channel is not None and not can_read(interaction, channel.id):
            raise UserError(tr("You cannot read that channel."))
        await interaction.response.defer(ephemeral=True, thinking=True)
        view = ReviewQueue(
            self.store,
            interaction.guild_id,
            interaction.user.id,
            tr,
            label=label,
            channel_id=channel.id if channel else None,
            channel_ids=readable_channels(interaction),
        )
        await view.load()
        view.origin = interaction
        await interaction.followup.send(
            embed=view.embed(), view=view, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )

    @review.autocomplete("label")
    async def _review_label(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return label_choices(self.classifier.labels, current, texts(interaction))
