"""``python -m bot replay``: run a chat log through the live classifier, policy and database code.

Nothing here talks to Discord. Hits go to a separate database (``sentinela-replay.db`` by
default) so the report is exactly what ``/toxstats`` would show for these messages.
"""

from __future__ import annotations

import dataclasses
import json
import math
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from sklearn.metrics import precision_recall_fscore_support
from tqdm import tqdm

from bot.assess import assess
from bot.chatlog import ChatLog
from bot.db.store import HitStats, Store
from bot.i18n import DEFAULT_LOCALE, Texts
from bot.policy import Action, Decision, Escalation, GuildConfig, Rule
from bot.report import stats_sections
from classifier.thresholds import tune_thresholds

if TYPE_CHECKING:
    from classifier import Classifier

DEFAULT_DB = "sentinela-replay.db"
CHUNK = 256  # messages scored per progress-bar step


class ReplayConfigError(ValueError):
    """A bad guild configuration file or --thresholds value."""


@dataclass(frozen=True)
class LabelAdvice:
    label: str
    support: int
    threshold: float
    precision: float
    recall: float
    f1: float
    best_threshold: float
    best_precision: float
    best_recall: float
    best_f1: float


@dataclass
class ReplayResult:
    log: ChatLog
    model_id: str
    labels: list[str]
    probabilities: np.ndarray  # (messages, labels)
    decisions: list[Decision | None]  # None: exempt channel
    thresholds: dict[str, float]  # effective: the guild's own or the model's
    config: GuildConfig
    stats: HitStats
    seconds: float
    advice: list[LabelAdvice] | None = None


# -- configuration ------------------------------------------------------------------------------


def parse_thresholds(items: list[str], labels: list[str]) -> dict[str, float]:
    """``["insult=0.6", "racism=0.3,sexism=0.4"]`` -> {label: value}, checked against the model."""
    out: dict[str, float] = {}
    for item in items:
        for part in filter(None, (p.strip() for p in item.split(","))):
            label, sep, raw = part.partition("=")
            label = label.strip()
            if not sep:
                raise ReplayConfigError(f"--thresholds {part!r}: use LABEL=VALUE, e.g. insult=0.6")
            out[label] = _threshold(raw, f"--thresholds {label}")
    _check_labels(out, labels, "--thresholds")
    return out


def _threshold(raw: object, what: str) -> float:
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ReplayConfigError(f"{what}: {raw!r} is not a number") from None
    if not 0.0 <= value <= 1.0 or math.isnan(value):
        raise ReplayConfigError(f"{what}: {value} is outside 0..1")
    return value


def _check_labels(names, labels: list[str], what: str) -> None:
    unknown = sorted(set(names) - set(labels))
    if unknown:
        raise ReplayConfigError(f"{what}: unknown label(s) {unknown}; the model has {labels}")


def load_guild_config(path: str | Path, labels: list[str]) -> GuildConfig:
    """A guild configuration from JSON, the shape ``examples/guild.json`` shows."""
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ReplayConfigError(f"{path}: cannot read ({e.strerror})") from e
    except json.JSONDecodeError as e:
        raise ReplayConfigError(f"{path}: invalid JSON at line {e.lineno} ({e.msg})") from e
    if not isinstance(doc, dict):
        raise ReplayConfigError(f"{path}: expected a JSON object")
    known = {"thresholds", "rules", "escalation", "exempt_channels", "exempt_roles"}
    if extra := sorted(set(doc) - known):
        raise ReplayConfigError(f"{path}: unknown key(s) {extra}; expected some of {sorted(known)}")
    thresholds = {k: _threshold(v, f"{path}: thresholds.{k}") for k, v in doc.get("thresholds", {}).items()}
    rules: dict[str, Rule] = {}
    try:
        for label, spec in doc.get("rules", {}).items():
            if isinstance(spec, str):
                rules[label] = Rule(Action.parse(spec))
            else:
                rules[label] = Rule(Action.parse(spec["action"]), spec.get("timeout_minutes"))
        esc = doc.get("escalation")
        escalation = Escalation(**esc) if esc else None
    except (ValueError, KeyError, TypeError) as e:
        raise ReplayConfigError(f"{path}: {e}") from e
    _check_labels(thresholds, labels, f"{path}: thresholds")
    _check_labels(rules, labels, f"{path}: rules")
    return GuildConfig(
        thresholds=thresholds,
        rules=rules,
        escalation=escalation,
        exempt_channel_ids=frozenset(int(c) for c in doc.get("exempt_channels", ())),
        exempt_role_ids=frozenset(int(r) for r in doc.get("exempt_roles", ())),
    )


def with_thresholds(config: GuildConfig, overrides: dict[str, float]) -> GuildConfig:
    return dataclasses.replace(config, thresholds={**config.thresholds, **overrides})


# -- the run ------------------------------------------------------------------------------------


async def replay(
    log: ChatLog,
    classifier: Classifier,
    store: Store,
    config: GuildConfig,
    *,
    guild_id: int,
    store_content: bool = True,
    progress: bool = True,
) -> ReplayResult:
    """Score every message, then decide and record in file order, as the live cog would."""
    started = time.perf_counter()
    labels = classifier.labels
    messages = log.messages
    probs = np.zeros((len(messages), len(labels)), dtype=np.float32)
    decisions: list[Decision | None] = []
    bar = tqdm(total=len(messages), unit="msg", desc="replay", disable=not progress, file=sys.stderr)
    with bar:
        for start in range(0, len(messages), CHUNK):
            chunk = messages[start : start + CHUNK]
            scores = await classifier.score_many([m.text for m in chunk])
            for offset, (message, score) in enumerate(zip(chunk, scores, strict=True)):
                probs[start + offset] = [score.probabilities[label] for label in labels]
                if config.is_exempt({message.channel_id}, set()):
                    decisions.append(None)
                    continue
                decision = await assess(
                    store,
                    config,
                    classifier.thresholds,
                    guild_id=guild_id,
                    author_id=message.author_id,
                    probabilities=score.probabilities,
                    at=message.at,
                )
                decisions.append(decision)
                if decision.flagged:
                    # "would have": a replay records the action the rules ask for
                    await store.record_hits(
                        guild_id=guild_id,
                        channel_id=message.channel_id,
                        message_id=message.message_id,
                        author_id=message.author_id,
                        decision=decision,
                        action_taken=decision.action,
                        model_id=classifier.model_id,
                        content=message.text if store_content else None,
                        created_at=message.at,
                    )
            bar.update(len(chunk))
    stats = await store.hit_stats(guild_id, datetime.min)
    effective = {label: config.threshold(label, t) for label, t in classifier.thresholds.items()}
    result = ReplayResult(
        log, classifier.model_id, labels, probs, decisions, effective, config, stats,
        time.perf_counter() - started,
    )  # fmt: skip
    if any(m.labels for m in messages):
        result.advice = threshold_advice(result)
    return result


def threshold_advice(result: ReplayResult) -> list[LabelAdvice]:
    """Per labelled label: precision/recall at the thresholds in force and at the F1-optimal ones."""
    advice = []
    for j, label in enumerate(result.labels):
        y = np.array([m.labels.get(label, math.nan) for m in result.log.messages], dtype=np.float64)
        known = ~np.isnan(y)
        if not known.any():
            continue
        yk, pk = y[known].astype(int), result.probabilities[known, j]
        current = result.thresholds[label]
        best = tune_thresholds(yk[:, None].astype(float), pk[:, None], [label], default=current)[label]

        def prf(cut: float, yk=yk, pk=pk) -> tuple[float, float, float]:
            p, r, f, _ = precision_recall_fscore_support(
                yk, (pk >= cut).astype(int), average="binary", zero_division=0
            )
            return float(p), float(r), float(f)

        advice.append(LabelAdvice(label, int(yk.sum()), current, *prf(current), best, *prf(best)))
    return advice


# -- the report ---------------------------------------------------------------------------------


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def replay_chart(result: ReplayResult, tr: Texts | None = None) -> bytes:
    """The /toxstats chart for a replay, in ``tr``'s language: hits per day per label, actions."""
    from bot.charts import daily_counts, hits_chart
    from bot.cogs.moderation.stats import chart_subtitle

    tr = tr or Texts(DEFAULT_LOCALE)

    per_day: dict = {}
    for message, decision in zip(result.log.messages, result.decisions, strict=True):
        if decision is None or not decision.flagged or message.at is None:
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
    flagged = [d for d in decided if d.flagged]
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

    if result.advice:
        out.append("\nThreshold advice (labels from the file)")
        out.append(
            f"  {'label':<20} {'support':>7}  {'threshold':>9} {'prec':>5} {'recall':>6} {'F1':>5}"
            f"  {'best':>6} {'prec':>5} {'recall':>6} {'F1':>5}"
        )
        for a in result.advice:
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
