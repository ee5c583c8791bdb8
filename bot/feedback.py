"""``python -m bot export-feedback``: moderators' verdicts as training rows.

A confirmed hit is a positive for its label, a false positive a negative. Every other label
cell stays empty: nobody reviewed it, and training masks unknown cells out of the loss
instead of reading them as "not toxic".
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from bot.db.store import Store


class ExportError(RuntimeError):
    """Nothing can be exported; the message says why."""


@dataclass(frozen=True)
class ExportSummary:
    rows: int
    positives: int
    negatives: int
    without_text: int
    labels: list[str]


async def export_feedback(
    store: Store, out: str | Path, labels: list[str] | None = None, guild_id: int | None = None
) -> ExportSummary:
    reviewed = await store.reviewed_hits(guild_id)
    if not reviewed:
        raise ExportError(
            "no reviewed hits in the database: moderators review a hit with the "
            "'False positive' / 'Confirm' buttons under each alert"
        )
    rows: dict[tuple[int, int, str], dict[str, float]] = {}
    without_text = 0
    for hit in reviewed:
        if not hit.content:
            without_text += 1
            continue
        cells = rows.setdefault((hit.guild_id, hit.message_id, hit.content), {})
        cells[hit.label] = 1.0 if hit.verdict == "confirmed" else 0.0
    if not rows:
        raise ExportError(
            f"{len(reviewed)} reviewed hit(s), but none kept its message text: STORE_CONTENT was off "
            "when they were logged, so there is nothing to train on. Set STORE_CONTENT=true in .env; "
            "hits logged from then on keep their text and can be exported."
        )
    columns = list(labels or [])
    columns += sorted({label for cells in rows.values() for label in cells} - set(columns))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["text", *columns])
        for (_, _, text), cells in rows.items():
            writer.writerow([text, *(_cell(cells.get(c)) for c in columns)])
    values = [v for cells in rows.values() for v in cells.values()]
    return ExportSummary(
        rows=len(rows),
        positives=sum(v == 1.0 for v in values),
        negatives=sum(v == 0.0 for v in values),
        without_text=without_text,
        labels=columns,
    )


def _cell(value: float | None) -> str:
    return "" if value is None else str(int(value))
