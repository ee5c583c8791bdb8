"""Evasion: do disguised insults still get flagged, and does the normaliser cost false positives?

Takes the ToLD-Br test messages that are toxic and that the model flags as written, finds in
each the word that carries the flag (the one whose removal lowers the flagged labels' scores
most), disguises that word in each of the usual ways, and prints the share still flagged for
one of the labels it was flagged for: served with the first text normalisation (before) and
with version 2 (after), the same model either way. Then the share of non-toxic test messages
flagged, before and after.

    python benchmarks/evasion.py --model DIR [--n 300] [--split test]

Run it with nothing else busy on the machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._common import TOLD_BR, TOLD_LABELS, table
from classifier import Engine

WORD = re.compile(r"[^\W\d_]{3,}")


def _map(table_: dict[str, str]) -> Callable[[str], str]:
    return lambda word: "".join(table_.get(c, c) for c in word)


def _between(sep: str) -> Callable[[str], str]:
    return lambda word: sep.join(word)


def _after_each(mark: str) -> Callable[[str], str]:
    return lambda word: "".join(c + mark for c in word)


def _shift(lower: int, upper: int) -> Callable[[str], str]:
    def shift(word: str) -> str:
        out = []
        for c in word:
            if "a" <= c <= "z":
                out.append(chr(lower + ord(c) - ord("a")))
            elif "A" <= c <= "Z":
                out.append(chr(upper + ord(c) - ord("A")))
            else:
                out.append(c)
        return "".join(out)

    return shift


OBFUSCATIONS: dict[str, Callable[[str], str]] = {
    "zero-width spaces (U+200B)": _between("\u200b"),
    "combining grapheme joiner (U+034F)": _between("\u034f"),
    "strikethrough marks (U+0336)": _after_each("\u0336"),
    "Cyrillic look-alikes": _map(dict(zip("aeopcxyiABEHKMOPCTX", "аеорсхуіАВЕНКМОРСТХ", strict=True))),
    "Greek look-alikes": _map(dict(zip("aoipvukxABEHIKMNOPTXYZ", "αοιρνυκχΑΒΕΗΙΚΜΝΟΡΤΧΥΖ", strict=True))),
    "fullwidth letters": _shift(0xFF41, 0xFF21),
    "mathematical bold letters": _shift(0x1D41A, 0x1D400),
    "Braille blanks between letters (U+2800)": _between("\u2800"),
    "spaced letters": _between(" "),
    "dotted letters": _between("."),
    "leetspeak": _map(dict(zip("aeiost", "431057", strict=True))),
}


def read_split(split: str) -> tuple[list[str], np.ndarray]:
    df = pd.read_csv(TOLD_BR / f"{split}.csv")
    return df["text"].astype(str).tolist(), (df[TOLD_LABELS].to_numpy() >= 1)


def with_version(engine: Engine, version: int) -> Engine:
    engine.meta.text = dataclasses.replace(engine.meta.text, version=version)
    return engine


def flags(engine: Engine, texts: list[str]) -> np.ndarray:
    probs = engine.predict_probs(texts)
    cut = np.array([engine.meta.threshold(label) for label in engine.labels])
    return probs >= cut


def key_words(engine: Engine, texts: list[str], hit: np.ndarray) -> list[tuple[int, str]]:
    """(index, word) for each text: the word whose removal lowers its flagged labels the most."""
    variants, owners = [], []
    for i, text in enumerate(texts):
        for m in WORD.finditer(text):
            variants.append(text[: m.start()] + text[m.end() :])
            owners.append((i, m.group(0)))
    base = engine.predict_probs(texts)
    dropped = engine.predict_probs(variants)
    best: dict[int, tuple[float, str]] = {}
    for (i, word), probs in zip(owners, dropped, strict=True):
        drop = float((base[i] - probs)[hit[i]].max())
        if i not in best or drop > best[i][0]:
            best[i] = (drop, word)
    return [(i, word) for i, (_, word) in sorted(best.items())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, type=Path)
    parser.add_argument("--split", default="test")
    parser.add_argument("--n", type=int, default=300, help="flagged toxic messages to disguise")
    args = parser.parse_args()
    engine = Engine.load(args.model, "cpu")
    trained_with = engine.meta.text.version
    texts, toxic = read_split(args.split)
    toxic_any = toxic.any(axis=1)

    # the messages to disguise: toxic, flagged as written (with the model's own normalisation)
    clean_flags = flags(engine, texts)
    chosen = [i for i in np.flatnonzero(toxic_any & clean_flags.any(axis=1))][: args.n]
    sample = [texts[i] for i in chosen]
    hit = clean_flags[chosen]
    words = key_words(engine, sample, hit)

    rows = []
    for name, disguise in OBFUSCATIONS.items():
        disguised = [sample[i].replace(word, disguise(word), 1) for i, word in words]
        kept = [hit[i] for i, _ in words]
        shares = []
        for version in (1, 2):
            now = flags(with_version(engine, version), disguised)
            shares.append(float(np.mean([(now[k] & kept[k]).any() for k in range(len(words))])))
        rows.append([name, f"{shares[0]:.1%}", f"{shares[1]:.1%}"])
    clean_rows = []
    for version in (1, 2):
        clean_rows.append(
            float(
                flags(with_version(engine, version), [texts[i] for i in np.flatnonzero(~toxic_any)])
                .any(axis=1)
                .mean()
            )
        )
    with_version(engine, trained_with)
    print(
        f"model {args.model} (trained with text normalisation v{trained_with}); {len(words)} toxic "
        f"{args.split} messages flagged as written, one key word disguised in each"
    )
    print(
        table(
            ["disguise of the key word", "still flagged, v1 normaliser", "still flagged, v2 normaliser"], rows
        )
    )
    print()
    print(
        table(
            [
                f"non-toxic {args.split} messages ({int((~toxic_any).sum())})",
                "v1 normaliser",
                "v2 normaliser",
            ],
            [["flagged (false positives)", f"{clean_rows[0]:.2%}", f"{clean_rows[1]:.2%}"]],
        )
    )


if __name__ == "__main__":
    main()
