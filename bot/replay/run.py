"""A replay: a chat log through the live classifier, policy and database code, no Discord.

Nothing here talks to Discord. Hits go to a separate database (``sentinela-replay.db`` by
default) so the report is exactly what ``/toxstats`` would show for these messages.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from sklearn.metrics import precision_recall_fscore_support
from tqdm import tqdm

from bot.core.assess import assess
from bot.core.policy import Decision, GuildConfig, Rule
from bot.core.setting_kinds import SettingError, parse_setting, parse_threshold
from bot.db.store import HitRecord, HitStats, Store
from bot.replay import ReplayConfigError
from bot.replay.chatlog import ChatLog
from classifier.model.thresholds import tune_thresholds

if TYPE_CHECKING:
    from classifier.serving.scorer import Scorer

CHUNK = 256  # messages scored per progress-bar step


@dataclass(frozen=True)
class LabelFit:
    """One label's precision, recall and F1 on the file's labels: at the threshold in force and at
    the F1-optimal one (what the file's labels suggest, not the moderators' reviews)."""

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
    fits: list[LabelFit] | None = None  # with labels in the file: how the thresholds fit them


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
            with _refused(f"--thresholds {label}"):
                out[label] = parse_threshold(raw, label, labels)
    return out


@contextlib.contextmanager
def _refused(where: str) -> Iterator[None]:
    """The replay's one translation of a refused value: ``where: what bot.core.setting_kinds says``."""
    try:
        yield
    except SettingError as e:
        text = str(e).removesuffix(" Nothing changed.")  # a file, not a change: nothing was to change
        raise ReplayConfigError(f"{where}: {text[:1].lower()}{text[1:]}") from None


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
    thresholds: dict[str, float] = {}
    for label, raw in _section(doc, "thresholds", path).items():
        with _refused(f"{path}: thresholds.{label}"):
            thresholds[label] = parse_threshold(raw, label, labels)
    rules: dict[str, Rule] = {}
    for label, spec in _section(doc, "rules", path).items():
        with _refused(f"{path}: rules.{label}"):
            rules[label] = parse_setting("rule", spec, label, labels=labels).value
    with _refused(f"{path}: escalation"):
        escalation = parse_setting("escalation", doc.get("escalation")).value
    try:
        exempt_channels = frozenset(int(c) for c in doc.get("exempt_channels", ()))
        exempt_roles = frozenset(int(r) for r in doc.get("exempt_roles", ()))
    except (TypeError, ValueError) as e:
        raise ReplayConfigError(f"{path}: exempt ids: {e}") from e
    return GuildConfig(
        thresholds=thresholds,
        rules=rules,
        escalation=escalation,
        exempt_channel_ids=exempt_channels,
        exempt_role_ids=exempt_roles,
    )


def _section(doc: dict, key: str, path: Path) -> dict:
    section = doc.get(key) or {}
    if not isinstance(section, dict):
        raise ReplayConfigError(f"{path}: {key}: expected an object of label: value")
    return section


def with_thresholds(config: GuildConfig, overrides: dict[str, float]) -> GuildConfig:
    return dataclasses.replace(config, thresholds={**config.thresholds, **overrides})


# -- the run ------------------------------------------------------------------------------------


async def replay(
    log: ChatLog,
    classifier: Scorer,
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
                if decision.flagged_in_force:
                    # "would have": a replay records the action the rules ask for
                    await store.record_hits(
                        HitRecord(
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
                    )
            bar.update(len(chunk))
    stats = await store.hit_stats(guild_id, datetime.min)
    effective = config.thresholds_in_force(classifier.thresholds, labels)
    result = ReplayResult(
        log, classifier.model_id, labels, probs, decisions, effective, config, stats,
        time.perf_counter() - started,
    )  # fmt: skip
    if any(m.labels for m in messages):
        result.fits = label_fits(result)
    return result


def label_fits(result: ReplayResult) -> list[LabelFit]:
    """Per labelled label: precision/recall at the thresholds in force and at the F1-optimal ones."""
    fits = []
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

        fits.append(LabelFit(label, int(yk.sum()), current, *prf(current), best, *prf(best)))
    return fits
