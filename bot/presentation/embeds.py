"""What moderators see of a hit: the alert's fields and the ``/review`` page (embed and buttons).

Built here, outside the cog, so the replay (``--review-png``) draws the very page the cog shows
without importing the cog.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import discord

from bot.db.store import QUEUE_COUNT_CAP, QueuedAlert, Store
from bot.presentation.i18n import Texts


def add_alert_fields(
    embed: discord.Embed,
    tr: Texts,
    *,
    author: str,
    channel: str,
    jump_url: str,
    hits: Iterable[tuple[str, float, float]],
    action: str,
    content: str | None,
    what: str | None = None,
    why: Mapping[str, Sequence[str]] | None = None,
) -> discord.Embed:
    """The fields an alert and a ``/review`` page share: who, where, labels (with the words that
    weighed most for each, where they were kept), action, text."""
    embed.add_field(name=tr("Author"), value=author)
    embed.add_field(name=tr("Channel"), value=channel)
    embed.add_field(name=tr("Message"), value=f"[{what or tr('Jump to message')}]({jump_url})")
    embed.add_field(
        name=tr("Labels"),
        value="\n".join(
            tr(
                "**{label}** {score} (threshold {threshold})",
                label=tr.label(label),
                score=tr.number(score),
                threshold=tr.number(threshold),
            )
            + (
                " · " + tr("weighed most: {words}", words=_words(why[label]))
                if why and why.get(label)
                else ""
            )
            for label, score, threshold in hits
        )[:1024],
        inline=False,
    )
    embed.add_field(name=tr("Action"), value=action)
    if content:
        # shown as written, not as markup: a masked link must not become a clickable disguise
        text = discord.utils.escape_mentions(discord.utils.escape_markdown(content))
        embed.add_field(name=tr("Content"), value=text[:1000], inline=False)
    return embed


def _words(words: Sequence[str]) -> str:
    """The message's own words, quoted as written: no markup, no mention."""
    return ", ".join(f"“{discord.utils.escape_mentions(discord.utils.escape_markdown(w))}”" for w in words)


def review_embed(
    alert: QueuedAlert | None, position: int, total: int, tr: Texts, *, filters: str = ""
) -> discord.Embed:
    """One queued alert (``position`` counts from 0), or the empty queue."""
    if alert is None:
        return discord.Embed(
            title=tr("Review queue"),
            description=tr("Nothing left to review{filters}.", filters=filters),
            colour=discord.Colour.green(),
        )
    embed = discord.Embed(
        title=tr(
            "Review {position} of {total}",
            position=position + 1,
            total=f"{total}+" if total >= QUEUE_COUNT_CAP else total,
        )
        + filters,
        colour=discord.Colour.orange(),
        timestamp=alert.created_at,
    )
    return add_alert_fields(
        embed,
        tr,
        author=f"<@{alert.author_id}> (`{alert.author_id}`)",
        channel=f"<#{alert.channel_id}>",
        jump_url=alert.jump_url,
        hits=alert.hits,
        action=tr.action(alert.action) + f" · <t:{int(alert.created_at.timestamp())}:R>",
        content=alert.content,
        why=alert.why,
    )


def review_buttons(tr: Texts) -> dict[str, discord.ui.Button]:
    """The page's buttons by key (verdicts on the first row, paging on the second), no callbacks."""
    return {
        key: discord.ui.Button(label=text, style=style, custom_id=f"sentinela:review:{key}", row=row)
        for key, text, style, row in (
            ("confirmed", tr("Confirm"), discord.ButtonStyle.danger, 0),
            ("false_positive", tr("False positive"), discord.ButtonStyle.secondary, 0),
            ("skip", tr("Skip"), discord.ButtonStyle.primary, 0),
            ("previous", tr("◀ Previous"), discord.ButtonStyle.secondary, 1),
            ("next", tr("Next ▶"), discord.ButtonStyle.secondary, 1),
        )
    }


def enable_paging(
    buttons: dict[str, discord.ui.Button], empty: bool, position: int, total: int, *, more: bool | None = None
) -> None:
    """Verdicts only with an alert shown; previous and next only where there is a page.
    ``more``: whether an older alert follows this one (else guessed from the count)."""
    for key in ("confirmed", "false_positive", "skip"):
        buttons[key].disabled = empty
    buttons["previous"].disabled = empty or position == 0
    buttons["next"].disabled = empty or not (position < total - 1 if more is None else more)


async def first_review_page(
    store: Store, guild_id: int, tr: Texts
) -> tuple[discord.Embed, list[discord.ui.Button]]:
    """The page a moderator's ``/review`` opens on, every channel readable (the replay's drawing)."""
    alerts, total = await store.review_queue(guild_id, offset=0)
    alert = alerts[0] if alerts else None
    buttons = review_buttons(tr)
    enable_paging(buttons, alert is None, 0, total)
    return review_embed(alert, 0, total, tr), list(buttons.values())
