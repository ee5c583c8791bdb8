"""What a replay prints and draws: the report of ``python -m bot replay`` and its /toxstats chart."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from bot.core.policy import Action
from bot.presentation.i18n import DEFAULT_LOCALE, Texts
from bot.presentation.report import chart_subtitle, stats_sections
from bot.replay.run import ReplayResult


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def replay_chart(result: ReplayResult, tr: Texts | None = None) -> bytes:
    """The /toxstats chart for a replay, in ``tr``'s language: hits per day per label, actions."""
    from bot.presentation.charts import daily_counts, hits_chart

    tr = tr or Texts(DEFAULT_LOCALE)

    per_day: dict = {}
    for message, decision in zip(result.log.messages, result.decisions, strict=True):
        if decision is None or not decision.flagged_in_force or message.at is None:
            continue
        day = per_day.setdefault(message.at.date(), Counter())
        day.update(h.label for h in decision.hits)
    times = [m.at.date() for m in result.log.messages if m.at is not None]
    last = max(times, default=date.today())
    first = min([*times, last - timedelta(days=6)])  # a week at least: one day is not a trend
    days, counts = daily_counts(per_day, first, last, result.labels)
    stats = result.stats
    return hits_chart(
        days,
        {tr.label(k): v for k, v in counts.items()},
        title=tr("Hits per day: {name}", name=result.log.path.name),
        subtitle=chart_subtitle(
            stats.total_messages, stats.per_action, stats.confirmed, stats.false_positives, tr
        ),
        no_hits=tr("no hits in this period"),
        locale=tr.locale,
    )


def format_report(result: ReplayResult, examples: int = 3) -> str:
    log, labels = result.log, result.labels
    decided = [d for d in result.decisions if d is not None]
    flagged = [d for d in decided if d.flagged_in_force]
    n = len(log.messages)
    out = [
        f"Replayed {n} message(s) from {log.path} with {result.model_id} in {result.seconds:.1f} s "
        f"({n / max(result.seconds, 1e-9):.0f} msg/s).",
    ]
    if log.problems:
        out.append(f"{len(log.problems)} malformed line(s) skipped:")
        out += [f"  {p}" for p in log.problems[:20]]
        if len(log.problems) > 20:
            out.append(f"  ... and {len(log.problems) - 20} more")
    not_checked = Counter(log.skipped)
    if exempt := len(result.decisions) - len(decided):
        not_checked["exempt channel"] = exempt
    if not_checked:
        out.append("Not checked: " + ", ".join(f"{v} {k}" for k, v in not_checked.items()))
    share = len(flagged) / max(len(decided), 1)
    out.append(f"Flagged {len(flagged)} of {len(decided)} checked message(s) ({share:.1%}).")

    out.append("\nWhat the rules would have done")
    out.append(f"  {'label':<20} {'threshold':>9}  {'rule':<16} {'messages':>8}")
    hits_per_label = Counter(h.label for d in flagged for h in d.hits)
    for label in labels:
        rule = result.config.rule(label)
        rule_text = rule.action.label + (f" {rule.timeout_minutes} min" if rule.timeout_minutes else "")
        out.append(
            f"  {label:<20} {result.thresholds[label]:>9.3f}  {rule_text:<16} {hits_per_label[label]:>8}"
        )
    actions = Counter(d.action.label for d in flagged if d.action is not None)
    escalated = sum(d.escalated for d in flagged)
    out.append(
        "  per message, strongest action: "
        + (", ".join(f"{a.label} {actions[a.label]}" for a in Action if actions[a.label]) or "none")
        + (f" ({escalated} by escalation)" if escalated else "")
    )

    def name(prefix: str):
        return lambda i: log.names.get(i, f"{prefix}{i}" if i else "(not in file)")

    out.append("\nWhat /toxstats would show")
    sections = stats_sections(result.stats, Texts(DEFAULT_LOCALE), channel=name("#"), member=name("member "))
    for _key, title, body in sections:
        out.append(f"  {title}: " + body.replace("\n", ", "))

    if examples > 0 and flagged:
        out.append(f"\nExamples per label (top {examples} by score)")
        for j, label in enumerate(labels):
            rows = [
                i
                for i, d in enumerate(result.decisions)
                if d is not None and any(h.label == label for h in d.hits)
            ]
            rows.sort(key=lambda i: -result.probabilities[i, j])
            for i in rows[:examples]:
                m = log.messages[i]
                out.append(f"  {label} {result.probabilities[i, j]:.2f} [{m.where}] {_short(m.text)}")

    if result.fits:
        out.append("\nThresholds against the file's labels")
        out.append(
            f"  {'label':<20} {'support':>7}  {'threshold':>9} {'prec':>5} {'recall':>6} {'F1':>5}"
            f"  {'best':>6} {'prec':>5} {'recall':>6} {'F1':>5}"
        )
        for a in result.fits:
            out.append(
                f"  {a.label:<20} {a.support:>7}  {a.threshold:>9.3f} {a.precision:>5.2f} {a.recall:>6.2f} "
                f"{a.f1:>5.2f}  {a.best_threshold:>6.3f} {a.best_precision:>5.2f} {a.best_recall:>6.2f} "
                f"{a.best_f1:>5.2f}"
            )
        out.append(
            "  best = the F1-optimal threshold on this file. A lower threshold catches more and "
            "flags more innocent messages; try one with --thresholds LABEL=VALUE, then set it "
            "with /threshold set."
        )
    return "\n".join(out)
