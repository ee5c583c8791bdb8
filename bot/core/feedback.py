"""``python -m bot export-feedback``: moderators' verdicts as training rows.

A confirmed hit is a positive for its label, a false positive a negative. Every other label
cell stays empty: nobody reviewed it, and training masks unknown cells out of the loss
instead of reading them as "not toxic".
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TextIO


class ExportError(RuntimeError):
    """Nothing can be exported; the message says why."""


@dataclass(frozen=True)
class ReviewedHit:
    """One reviewed hit with its latest verdict (the last click wins)."""

    guild_id: int
    message_id: int
    label: str
    content: str | None
    verdict: str  # "confirmed" | "false_positive"
    score: float


class Reviews(Protocol):
    """What the export reads of the reviews (``Store`` is one)."""

    async def reviewed_hits(
        self,
        guild_id: int | None = None,
        *,
        with_text: bool = False,
        channel_ids: Collection[int] | None = None,
    ) -> Sequence[ReviewedHit]: ...

    async def reviewed_count(
        self, guild_id: int | None = None, *, channel_ids: Collection[int] | None = None
    ) -> int: ...


@dataclass(frozen=True)
class ExportSummary:
    rows: int
    positives: int
    negatives: int
    without_text: int
    labels: list[str]


@dataclass(frozen=True)
class FeedbackRows:
    """The training rows of the reviewed hits: one per message text, a cell per reviewed label."""

    columns: list[str]
    rows: list[tuple[str, dict[str, float]]]
    without_text: int

    @property
    def summary(self) -> ExportSummary:
        values = [v for _, cells in self.rows for v in cells.values()]
        return ExportSummary(
            rows=len(self.rows),
            positives=sum(v == 1.0 for v in values),
            negatives=sum(v == 0.0 for v in values),
            without_text=self.without_text,
            labels=self.columns,
        )


async def feedback_rows(
    store: Reviews,
    labels: list[str] | None = None,
    guild_id: int | None = None,
    channel_ids: Collection[int] | None = None,
) -> FeedbackRows:
    """The rows to export; ``ExportError`` when there is nothing to train on, and why.
    ``channel_ids``: only the hits of these channels (the dashboard's exporter reads no other)."""
    # only the reviews with text are read: a guild's tens of thousands of reviews logged without
    # text are counted, not fetched
    reviewed = await store.reviewed_hits(guild_id, with_text=True, channel_ids=channel_ids)
    total = await store.reviewed_count(guild_id, channel_ids=channel_ids)
    if not total:
        raise ExportError(
            "no reviewed hits in the database: moderators review a hit with the "
            "'False positive' / 'Confirm' buttons under each alert"
        )
    rows: dict[tuple[int, int, str], dict[str, float]] = {}
    for hit in reviewed:
        if not hit.content:  # an empty text trains nothing either
            continue
        cells = rows.setdefault((hit.guild_id, hit.message_id, hit.content), {})
        cells[hit.label] = 1.0 if hit.verdict == "confirmed" else 0.0
    without_text = total - sum(len(cells) for cells in rows.values())
    if not rows:
        raise ExportError(
            f"{total} reviewed hit(s), but none kept its message text: STORE_CONTENT was off "
            "when they were logged, so there is nothing to train on. Set STORE_CONTENT=true in .env; "
            "hits logged from then on keep their text and can be exported."
        )
    columns = list(labels or [])
    columns += sorted({label for cells in rows.values() for label in cells} - set(columns))
    return FeedbackRows(columns, [(text, cells) for (_, _, text), cells in rows.items()], without_text)


def write_feedback_csv(stream: TextIO, feedback: FeedbackRows) -> None:
    """The CSV ``python -m training --extra-train-file`` reads: ``text`` and a column per label."""
    writer = csv.writer(stream)
    writer.writerow(["text", *feedback.columns])
    for text, cells in feedback.rows:
        writer.writerow([text, *(_cell(cells.get(c)) for c in feedback.columns)])


async def export_feedback(
    store: Reviews, out: str | Path, labels: list[str] | None = None, guild_id: int | None = None
) -> ExportSummary:
    feedback = await feedback_rows(store, labels, guild_id)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as f:
        write_feedback_csv(f, feedback)
    return feedback.summary


def _cell(value: float | None) -> str:
    return "" if value is None else str(int(value))
