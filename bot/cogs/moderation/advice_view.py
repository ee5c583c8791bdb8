"""``/threshold advise``'s words and its "Apply" button (admins only, never lowering a threshold)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.cogs.moderation.checks import member_is_admin
from bot.cogs.moderation.errors import UserError, reply_error
from bot.cogs.moderation.views import ExpiringView
from bot.core.advice import Advice
from bot.presentation.i18n import Texts, texts

if TYPE_CHECKING:
    from bot.cogs.moderation.base import MixinMeta


def advice_lines(advice: list[Advice], target: float, tr: Texts) -> list[str]:
    """One line per label: what the reviews say about its threshold."""
    lines = []
    for a in advice:
        name = tr.label(a.label)
        if a.status == "few_reviews":
            lines.append(tr("**{label}**: {n} review(s); advice needs at least 10.", label=name, n=a.reviews))
        elif a.status == "unreachable":
            lines.append(
                tr(
                    "**{label}**: no threshold reaches {target} precision on {n} reviews "
                    "(now {precision}); review more or retrain.",
                    label=name,
                    target=tr.percent(target),
                    n=a.reviews,
                    precision=tr.percent(a.precision_now or 0.0),
                )
            )
        elif a.status == "keep":
            lines.append(
                tr(
                    "**{label}**: keep {current}: precision {precision} on {n} reviews.",
                    label=name,
                    current=tr.number(a.current),
                    precision=tr.percent(a.precision_now or 0.0),
                    n=a.reviews,
                )
            )
        else:
            lines.append(
                tr(
                    "**{label}**: raise {current} → **{advised}**: precision {before} → {after}; "
                    "{missed} of {confirmed} confirmed hits would have been missed.",
                    label=name,
                    current=tr.number(a.current),
                    advised=tr.number(a.advised or 0.0),
                    before=tr.percent(a.precision_now or 0.0),
                    after=tr.percent(a.precision_then or 0.0),
                    missed=a.missed,
                    confirmed=a.confirmed,
                )
            )
    return lines


class ApplyAdvice(ExpiringView):
    """The "Apply" button under ``/threshold advise``: admins only, once."""

    def __init__(self, cog: MixinMeta, guild_id: int, advice: list[Advice], tr: Texts) -> None:
        super().__init__()
        self.cog, self.guild_id, self.tr = cog, guild_id, tr
        self.raise_to = {a.label: a.advised for a in advice if a.status == "raise" and a.advised is not None}
        button = discord.ui.Button(
            label=tr("Apply advised thresholds"),
            style=discord.ButtonStyle.success,
            custom_id="sentinela:advice:apply",
            disabled=not self.raise_to,
        )
        button.callback = self.apply
        self.add_item(button)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if member_is_admin(interaction):
            return True
        tr = texts(interaction)
        await reply_error(
            interaction,
            UserError(tr("Only admins (Manage Server) can apply thresholds. Nothing changed.")),
            "apply advice",
        )
        return False

    async def apply(self, interaction: discord.Interaction) -> None:
        tr = texts(interaction)
        try:
            changes = []
            config = await self.cog.store.guild_config(self.guild_id)
            in_force = config.thresholds_in_force(self.cog.classifier.thresholds, self.raise_to)
            for label, value in list(self.raise_to.items()):
                if in_force[label] >= value:
                    # changed since the advice was given: advice only ever raises, never lowers
                    del self.raise_to[label]
                    continue
                changes.append(
                    await self.cog.store.update(
                        self.guild_id, "threshold_advice", value, target=label, by=interaction.user.id
                    )
                )
            for item in self.children:
                item.disabled = True  # type: ignore[attr-defined]
            applied = ", ".join(f"**{tr.label(k)}** {tr.number(v)}" for k, v in self.raise_to.items())
            content = (
                tr("Applied: {thresholds}.", thresholds=applied)
                if applied
                else tr("Nothing changed: the thresholds are already at or above the advice.")
            )
            await interaction.response.edit_message(content=content, view=self)
            self.stop()
            await self.cog.announce_changes(interaction.guild, changes)
        except Exception as e:  # a view's errors bypass the app-command handler: same reply, same log
            await reply_error(interaction, e, "apply advice")
