"""Generate the corpus: hand-written sentences plus frames filled per group, deterministic.

Per group and side: every hand-written sentence, then group-specific frames (stereotypes on the
hateful side; quoted stereotypes, slurs and facts on the benign side), then frames shared by all
groups, drawn round-robin so no frame dominates, until the side has ``TARGET`` rows.
"""

from __future__ import annotations

import csv
import io
import random
import re
from dataclasses import dataclass
from pathlib import Path

from training.corpus.benign_frames import BENIGN_FRAMES, QUOTE_FRAMES
from training.corpus.benign_written_a import BENIGN_WRITTEN_A
from training.corpus.benign_written_b import BENIGN_WRITTEN_B
from training.corpus.benign_written_c import BENIGN_WRITTEN_C
from training.corpus.carriers import (
    CONTEXT_KINDS,
    CONTEXT_ODDS,
    CONTEXTS,
    FACT_FRAMES,
    GOOD,
    GOOD_FRAMES,
    STEREOTYPE_FRAMES,
)
from training.corpus.chat import chatify
from training.corpus.facts import FACTS
from training.corpus.grammar import PEOPLE, Frame, fill, short_hash
from training.corpus.groups import (
    AMBIGUOUS,
    GENERIC_SLURS,
    GROUPS,
    IDENTITY_LABELS,
    INTERSECTIONAL,
    Group,
    Noun,
)
from training.corpus.hateful_frames import HATEFUL_FRAMES
from training.corpus.hateful_written_a import HATEFUL_WRITTEN_A
from training.corpus.hateful_written_b import HATEFUL_WRITTEN_B
from training.corpus.hateful_written_c import HATEFUL_WRITTEN_C
from training.corpus.lexicon import INSULTS, SWEARS, has_insult, has_swear, normalise
from training.corpus.mirror_frames import BENIGN_MIRROR, HATEFUL_MIRROR
from training.corpus.stereotypes import STEREOTYPES
from training.corpus.twins import TWINS_BENIGN, TWINS_HATEFUL

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus.csv"
SEED = 20250611
TARGET = 340  # rows per group and side
FRAME_CAP = 250  # rows per frame over the whole corpus: under 3 % of ~10.9k rows
LABELS = ["hate", "homophobia", "obscene", "insult", "racism", "misogyny", "xenophobia"]
COLUMNS = ["text", "group", "hateful", "kind", "frame", "swear", *LABELS]

SOBER = {"report", "counter_speech", "negated_hate"}  # benign kinds that never laugh
HATEFUL_WRITTEN = HATEFUL_WRITTEN_A | HATEFUL_WRITTEN_B | HATEFUL_WRITTEN_C
BENIGN_WRITTEN = BENIGN_WRITTEN_A | BENIGN_WRITTEN_B | BENIGN_WRITTEN_C
# (frames, rows per group) drawn in this order; None: until the side is full
POOLS: dict[bool, list[tuple[list[Frame], int | None]]] = {
    True: [(STEREOTYPE_FRAMES, 90), (TWINS_HATEFUL, 45), (HATEFUL_FRAMES + HATEFUL_MIRROR, None)],
    False: [
        (QUOTE_FRAMES, 55), (FACT_FRAMES, 50), (GOOD_FRAMES, 15), (TWINS_BENIGN, 45),
        (BENIGN_FRAMES + BENIGN_MIRROR, None),
    ],
}


@dataclass(frozen=True)
class Row:
    text: str
    group: str
    hateful: bool
    kind: str
    frame: str


def protected_words() -> set[str]:
    """Words a typo must neither touch nor make: every group's words, swear words and insults."""
    nouns = [n for g in GROUPS for n in g.plural + g.singular + g.collective + g.slurs + g.desc]
    return {w for n in nouns for w in normalise(n.text).split()} | SWEARS | INSULTS


def usable(frame: Frame, group: Group) -> bool:
    need = frame.fields
    return frame.fits(group) and not (
        ({"d", "person"} & need and not group.desc) or ("me" in need and not group.me)
    )


def realise(frame: Frame, group: Group, rng: random.Random) -> str:
    """Fill a frame with one group's words drawn at random; the head noun sets the agreement."""
    need = frame.fields
    values: dict[str, str] = {}
    head: Noun | None = None
    if "d" in need:
        d = rng.choice(group.desc)
        values["d"] = d.text
        head = d
        if "person" in need:
            head = rng.choice([p for p in PEOPLE if p.fem == d.fem])
            values["person"] = head.text
    nouns = {"G": group.plural, "g": group.singular, "c": group.collective, "me": group.me}
    for name, choices in nouns.items():
        if name in need:
            head = rng.choice(choices)
            values[name] = head.text
    if "P" in need:
        fem = head is not None and head.fem
        fits = [p for p in STEREOTYPES[group.key] if not (fem and p.startswith("m:"))]
        values["P"] = rng.choice(fits).removeprefix("m:")
    if "Q" in need:
        values["Q"] = rng.choice(GOOD)
    if "F" in need:
        values["F"] = rng.choice(FACTS[group.key])
    slur = None
    if {"S", "Sos", "Sesses", "Sa"} & need:  # "chamou as negras de neguinhas": a slur of the head's gender
        words = set(normalise(head.text).split()) if head else set()
        named = bool({"G", "g", "c", "d", "me"} & need)  # a generic slur only beside the group's name
        agreeing = [  # and not "chamou os judeus de judeus ...": no word of the head again
            s
            for s in group.slurs
            if (head is None or s.fem == head.fem) and not words & set(normalise(s.text).split())
            and (named or s.text not in GENERIC_SLURS)
        ]
        slur = rng.choice(agreeing or [s for s in group.slurs if named or s.text not in GENERIC_SLURS])
    return fill(frame.text, head, values, slur)


def side_rows(
    group: Group, hateful: bool, rng: random.Random, seen: set[str], used: dict[str, int]
) -> list[Row]:
    """One group's rows on one side; ``seen`` (normalised texts) and ``used`` (rows per frame) are shared."""
    rows: list[Row] = []
    protected = protected_words()

    def add(text: str, kind: str, frame: str) -> bool:
        if kind in CONTEXT_KINDS and rng.random() < CONTEXT_ODDS:
            text = rng.choice(CONTEXTS).replace("{X}", text)
        laugh = hateful or kind not in SOBER
        text = chatify(text, hateful, protected, rng, framed=kind != "news", laugh=laugh)
        key = normalise(text)
        if key in seen or used.get(frame, 0) >= FRAME_CAP:
            return False
        seen.add(key)
        used[frame] = used.get(frame, 0) + 1
        rows.append(Row(text, group.key, hateful, kind, frame))
        return True

    side = "h" if hateful else "b"
    for kind, text in (HATEFUL_WRITTEN if hateful else BENIGN_WRITTEN)[group.key]:
        # a hand-written sentence is its own frame; the id hashes its text so it never moves
        if not add(text, kind, f"{side}.{group.key}.w{short_hash(text)}"):
            raise ValueError(f"hand-written sentence repeats another row: {text!r}")
    for frames, quota in POOLS[hateful]:
        goal = TARGET if quota is None else len(rows) + quota
        fitting = [f for f in frames if usable(f, group)]
        order: list[Frame] = []
        tries = 0
        while len(rows) < goal and tries < 200 * TARGET:
            tries += 1
            if not order:  # round-robin over a fresh shuffle: every frame once before any twice
                order = rng.sample(fitting, len(fitting))
            frame = order.pop()
            add(realise(frame, group, rng), frame.kind, frame.id)
        if len(rows) < goal:
            raise ValueError(f"{group.key}: could only fill {len(rows)} of {goal} rows")
    return rows


def build_rows(seed: int = SEED) -> list[Row]:
    rng = random.Random(seed)
    seen: set[str] = set()
    used: dict[str, int] = {}
    rows: list[Row] = []
    for group in GROUPS:
        for hateful in (True, False):
            rows += side_rows(group, hateful, rng, seen, used)
    return rows


def labels(row: Row) -> dict[str, str]:
    """The training targets of one row: "1", "0", or "" for unknown (masked from the loss)."""
    swear = has_swear(row.text)
    if not row.hateful:
        out = dict.fromkeys(LABELS, "0")
        if swear:
            out["obscene"] = ""
        if has_insult(row.text):
            out["insult"] = ""
        return out
    finer = next(g.label for g in GROUPS if g.key == row.group)
    out = {"hate": "1", "obscene": "1" if swear else "", "insult": ""}
    for name in IDENTITY_LABELS:
        if finer is not None:
            out[name] = "1" if name == finer else "0"
        else:
            out[name] = "" if name in AMBIGUOUS.get(row.group, ()) else "0"
    if row.group in INTERSECTIONAL:
        name, pattern = INTERSECTIONAL[row.group]
        if re.search(pattern, normalise(row.text)):
            out[name] = ""
    return out


def render_csv(rows: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        tags = labels(row)
        swear = int(has_swear(row.text))
        cells = [row.text, row.group, int(row.hateful), row.kind, row.frame, swear]
        writer.writerow(cells + [tags[n] for n in LABELS])
    return buffer.getvalue()


def write(path: Path = CORPUS) -> int:
    rows = build_rows()
    path.write_text(render_csv(rows), encoding="utf-8")
    return len(rows)
