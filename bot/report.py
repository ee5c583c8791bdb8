"""Text of the ``/toxstats`` report, shared by the slash command and the replay summary."""

from __future__ import annotations

from collections.abc import Callable

from bot.db.store import HitStats


def stats_sections(
    stats: HitStats,
    channel: Callable[[int], str] = lambda c: f"<#{c}>",
    member: Callable[[int], str] = lambda m: f"<@{m}>",
) -> list[tuple[str, str]]:
    """(title, body) pairs: hits per label, actions, top channels and members, feedback."""

    def lines(pairs, fmt) -> str:
        return "\n".join(fmt(*p) for p in pairs) or "none"

    rate = stats.false_positive_rate
    return [
        ("Hits per label", lines(stats.per_label.most_common(), lambda k, v: f"{k}: {v}")),
        ("Actions", lines(stats.per_action.most_common(), lambda k, v: f"{k}: {v}")),
        ("Top channels", lines(stats.top_channels, lambda c, v: f"{channel(c)}: {v}")),
        ("Top members", lines(stats.top_members, lambda m, v: f"{member(m)}: {v}")),
        (
            "Moderator feedback",
            f"{stats.confirmed} confirmed, {stats.false_positives} false positive"
            + (f" ({rate:.0%} false-positive rate)" if rate is not None else ""),
        ),
    ]
