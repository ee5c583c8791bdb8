"""PNG charts for moderators: hits per day per label, readable on a phone.

matplotlib's object API on an Agg canvas (no pyplot, no global figure state). The bot draws in a
worker process (:func:`render`): drawing holds the GIL for 80-90 ms stretches, so even from a
thread it stalled the event loop past the 50 ms the bot allows itself (measured at 1M hits with
``benchmarks/toxstats.py``). The same function draws the replay's chart (``python -m bot replay
FILE --chart out.png``).
"""

from __future__ import annotations

import asyncio
import functools
import io
import multiprocessing
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date, timedelta

# one colour per label, distinguishable by the common colour-vision deficiencies (Okabe-Ito)
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
SIZE_PX = (1000, 750)  # 4:3; Discord's mobile client shows it full width, bars and text stay legible
DPI = 125


def daily_counts(
    per_day: Mapping[date, Mapping[str, int]], first: date, last: date, labels: Sequence[str]
) -> tuple[list[date], dict[str, list[int]]]:
    """Every day from ``first`` to ``last`` and each label's hits on it (0 where none)."""
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return days, {label: [per_day.get(d, {}).get(label, 0) for d in days] for label in labels}


def hits_chart(
    days: Sequence[date],
    counts: Mapping[str, Sequence[int]],
    *,
    title: str,
    subtitle: str,
    no_hits: str = "no hits in this period",
    locale: str = "en",
) -> bytes:
    """A stacked bar per day (one segment per label) as PNG bytes; ``counts[label][i]`` is day i.

    Texts come translated from the caller (the legend shows ``counts``' keys); ``locale`` orders
    the day labels (27/11 in pt-BR, 11/27 in en).
    """
    from babel.dates import format_skeleton
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(SIZE_PX[0] / DPI, SIZE_PX[1] / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    x = list(range(len(days)))
    bottom = [0] * len(days)
    drawn = 0
    for i, (label, values) in enumerate(counts.items()):
        if len(values) != len(days):
            raise ValueError(f"{label}: {len(values)} counts for {len(days)} days")
        if not any(values):
            continue
        ax.bar(x, values, bottom=bottom, label=label, color=PALETTE[i % len(PALETTE)], width=0.8)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        drawn += 1
    step = max(1, len(days) // 10)  # at most ~10 date labels: legible at phone width
    ax.set_xticks(x[::step], [format_skeleton("dM", d, locale=locale) for d in days][::step], fontsize=11)
    ax.tick_params(axis="y", labelsize=11)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_ylim(0, max(max(bottom, default=0), 1) * 1.1)
    if drawn:  # below the bars: never over them
        ax.legend(
            fontsize=11, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=min(4, drawn)
        )
    else:
        ax.text(0.5, 0.5, no_hits, transform=ax.transAxes, ha="center", va="center", fontsize=14)
    fig.suptitle(title, fontsize=16, fontweight="bold")
    ax.set_title(subtitle, fontsize=12, color="#444444")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


_pool: ProcessPoolExecutor | None = None


async def render(days: Sequence[date], counts: Mapping[str, Sequence[int]], **texts: str) -> bytes:
    """:func:`hits_chart` (same keyword arguments) in the chart process, started on first use."""
    global _pool
    if _pool is None:
        # spawn: a forked copy of a process with threads (the bot's) can inherit held locks
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    call = functools.partial(hits_chart, list(days), dict(counts), **texts)
    try:
        return await asyncio.get_running_loop().run_in_executor(_pool, call)
    except BrokenProcessPool:
        _pool = None  # the worker died (killed, out of memory): the next chart starts a new one
        raise


def shutdown() -> None:
    """Stop the chart process (the cog calls it on unload)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
