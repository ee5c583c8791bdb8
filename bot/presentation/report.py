"""Text of the ``/toxstats`` report, shared by the slash command and the replay summary."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.db.store import HitStats
from bot.presentation.i18n import Texts

FEEDBACK_SECTION = "feedback"


def stats_sections(
    stats: HitStats,
    tr: Texts,
    channel: Callable[[int], str] = lambda c: f"<#{c}>",
    member: Callable[[int], str] = lambda m: f"<@{m}>",
) -> list[tuple[str, str, str]]:
    """(key, title, body) triples: hits per label, actions, top channels and members, reviews."""

    def lines(pairs, fmt) -> str:
        return "\n".join(fmt(*p) for p in pairs) or tr("none")

    rate = stats.false_positive_rate
    feedback = tr(
        "{confirmed} confirmed, {false_positives} false positive(s)",
        confirmed=stats.confirmed,
        false_positives=stats.false_positives,
    )
    if rate is not None:
        feedback += " " + tr("({rate} false-positive rate)", rate=tr.percent(rate))
    for label, (ok, wrong) in stats.reviewed_per_label.items():
        # reviewed precision per label: what /threshold advise works from
        feedback += "\n" + tr(
            "{label}: precision {precision} ({confirmed} of {reviewed} reviewed)",
            label=tr.label(label),
            precision=tr.percent(ok / (ok + wrong)),
            confirmed=ok,
            reviewed=ok + wrong,
        )
    return [
        (
            "labels",
            tr("Hits per label"),
            lines(stats.per_label.most_common(), lambda k, v: f"{tr.label(k)}: {v}"),
        ),
        (
            "actions",
            tr("Actions"),
            lines(stats.per_action.most_common(), lambda k, v: f"{tr.action(k)}: {v}"),
        ),
        ("channels", tr("Top channels"), lines(stats.top_channels, lambda c, v: f"{channel(c)}: {v}")),
        ("members", tr("Top members"), lines(stats.top_members, lambda m, v: f"{member(m)}: {v}")),
        (FEEDBACK_SECTION, tr("Moderator feedback"), feedback),
    ]


def chart_subtitle(
    flagged: int, actions: Mapping[str, int], confirmed: int, false_positives: int, tr: Texts
) -> str:
    """Flagged messages, actions taken and the false-positive rate from reviews, in one line."""
    parts = [tr.plural("{n} flagged", "{n} flagged", flagged, n=flagged)]
    parts.append(", ".join(f"{tr.action(a)} {n}" for a, n in sorted(actions.items()) if n) or tr("no action"))
    reviewed = confirmed + false_positives
    if reviewed:
        parts.append(tr("false positives {n} of {reviewed} reviewed", n=false_positives, reviewed=reviewed))
    return "; ".join(parts)
