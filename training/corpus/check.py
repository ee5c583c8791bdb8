"""Check the committed corpus: coverage per group and side, frame spread, no overlap with the suite,
and that corpus.csv is what ``build`` writes now.

The overlap check keeps the functional suite an honest measure: a model trained here must not have
seen any suite case, nor any 5 words in a row of one (5-grams of function words alone excepted).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from training.corpus.build import CORPUS, build_rows, render_csv
from training.corpus.cues import (
    MAX_SHARED_3GRAMS,
    MAX_SIDE,
    MIN_COUNT,
    contained,
    held_out,
    one_sided,
    shared_3grams,
)
from training.corpus.lexicon import normalise

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT / "benchmarks" / "functional" / "cases.csv"
MIN_ROWS = 300  # per group and side
MAX_SHARE = 0.03  # of all rows, for any one frame
N = 5

# Portuguese function words, without accents: articles, prepositions and their contractions,
# pronouns, conjunctions, common auxiliaries. A 5-gram made only of these says nothing of a case.
STOPWORDS = frozenset(
    """
a o as os um uma uns umas de do da dos das em no na nos nas num numa ao aos à às pra pro pras pros
para por pelo pela pelos pelas com sem sob sobre ate entre contra desde ante apos e ou mas nem que
se como quando porque pois porem entao ja eu tu ele ela nos vos eles elas voce voces me te lhe lhes
mim ti si comigo contigo meu minha meus minhas teu tua teus tuas seu sua seus suas nosso nossa
nossos nossas dele dela deles delas esse essa esses essas este esta estes estas aquele aquela
aqueles aquelas isso isto aquilo aqui ali la ser sou es e somos sao era eram foi foram sera estar
estou esta estao estava estavam ter tenho tem temos tem tinha tinham haver ha havia vai vou vao ir
fazer faz nao sim so tambem mais muito muita muitos muitas todo toda todos todas tudo nada algo
alguem ninguem qual quais quem onde cada outro outra outros outras mesmo mesma q pq vc vcs n tb
""".split()
)


@dataclass
class Report:
    lines: list[str]
    problems: list[str]


def ngrams(text: str, n: int = N) -> set[tuple[str, ...]]:
    words = normalise(text).split()
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def suite_ngrams(suite_texts: Iterable[str], n: int = N) -> set[tuple[str, ...]]:
    return {g for text in suite_texts for g in ngrams(text, n) if not all(w in STOPWORDS for w in g)}


def overlap(
    corpus_texts: Sequence[str], suite_texts: Sequence[str]
) -> tuple[list[str], list[tuple[str, ...]]]:
    """Corpus texts equal to a suite case, and suite 5-grams found in some corpus text."""
    cases = {normalise(t) for t in suite_texts}
    same = [t for t in corpus_texts if normalise(t) in cases]
    wanted = suite_ngrams(suite_texts)
    found: set[tuple[str, ...]] = set()
    for text in corpus_texts:
        found |= ngrams(text) & wanted
    return same, sorted(found)


def check_rows(
    rows: Sequence[dict[str, str]],
    suite_texts: Sequence[str],
    min_rows: int = MIN_ROWS,
    max_share: float = MAX_SHARE,
    min_count: int = MIN_COUNT,
) -> Report:
    """Counts, frame spread and overlap for rows with text, group, hateful, kind and frame."""
    lines: list[str] = []
    problems: list[str] = []
    sides = Counter((r["group"], r["hateful"]) for r in rows)
    lines.append(f"{'group':<16} {'hateful':>7} {'benign':>7}")
    for group in sorted({r["group"] for r in rows}):
        hate, benign = sides[(group, "1")], sides[(group, "0")]
        lines.append(f"{group:<16} {hate:>7} {benign:>7}")
        for side, count in (("hateful", hate), ("benign", benign)):
            if count < min_rows:
                problems.append(f"{group} has {count} {side} rows, fewer than {min_rows}")
    lines.append(
        f"{'total':<16} {sum(v for (_, h), v in sides.items() if h == '1'):>7} "
        f"{sum(v for (_, h), v in sides.items() if h == '0'):>7}"
    )
    lines.append("")
    for kind, count in sorted(Counter((r["kind"], r["hateful"]) for r in rows).items()):
        lines.append(f"{'hateful' if kind[1] == '1' else 'benign':<8} {kind[0]:<22} {count:>6}")
    frames = Counter(r["frame"] for r in rows)
    top, top_count = frames.most_common(1)[0] if frames else ("-", 0)
    share = top_count / max(len(rows), 1)
    lines.append("")
    lines.append(f"{len(rows)} rows, {len(frames)} frames; largest frame share {share:.2%} ({top})")
    for frame, count in frames.items():
        if count / max(len(rows), 1) > max_share:
            share = count / len(rows)
            problems.append(f"frame {frame} has {count} rows, {share:.2%} of the corpus > {max_share:.0%}")
    same, found = overlap([r["text"] for r in rows], suite_texts)
    lines.append(f"{len(same)} suite cases, {len(found)} suite 5-grams")
    if same:
        problems.append(f"{len(same)} corpus texts are suite cases, e.g. {same[:3]}")
    if found:
        examples = [" ".join(g) for g in found[:5]]
        problems.append(f"{len(found)} suite 5-grams appear in the corpus, e.g. {examples}")
    texts = [r["text"] for r in rows]
    # a case of function words alone ("isso é o que eu sou") says nothing of the case, as for 5-grams
    meaningful = [t for t in suite_texts if not all(w in STOPWORDS for w in normalise(t).split())]
    inside = contained(texts, meaningful)
    lines.append(f"{len(inside)} suite cases inside a corpus text")
    if inside:
        problems.append(f"{len(inside)} suite cases sit whole inside corpus texts, e.g. {inside[:3]}")
    slurs = held_out(texts)
    lines.append(f"{len(slurs)} texts with a held-out suite slur")
    if slurs:
        problems.append(f"{len(slurs)} texts hold a slur the corpus keeps out, e.g. {slurs[:3]}")
    shared = shared_3grams(texts, suite_texts, STOPWORDS)
    lines.append(
        f"{len(shared)} masked content-word 3-grams shared with the suite (at most {MAX_SHARED_3GRAMS})"
        + "".join(f"\n  {' '.join(g)}  <- {case!r}" for g, case in shared.items())
    )
    if len(shared) > MAX_SHARED_3GRAMS:
        problems.append(f"{len(shared)} content-word 3-grams shared with the suite > {MAX_SHARED_3GRAMS}")
    cues, allowed = one_sided(rows, min_count=min_count)
    lines.append(
        f"{len(cues)} one-sided tokens (>= {min_count} rows, > {MAX_SIDE:.0%} one side; "
        f"{len(allowed)} more on the allow-list)"
        + "".join(f"\n  {t!r}: {n} rows, {h:.0%} hateful" for t, n, h in cues[:40])
    )
    if cues:
        problems.append(f"{len(cues)} one-sided tokens, e.g. {[t for t, _, _ in cues[:10]]}")
    return Report(lines, problems)


def read_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def read_suite(path: Path = SUITE) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return [row["text"] for row in csv.DictReader(f)]


def check(path: Path = CORPUS, suite: Path = SUITE) -> Report:
    """The full check of a corpus file: ``check_rows`` plus staleness against a fresh build."""
    if not path.exists():
        return Report([], [f"{path} is missing; run python -m training.corpus build"])
    current = path.read_text(encoding="utf-8")
    report = check_rows(read_rows(current), read_suite(suite))
    if current != render_csv(build_rows()):
        report.problems.append(f"{path.name} is stale: it differs from what build writes now; run build")
    return report
