"""Why a message was flagged: the few words (or word pairs) that weighed most for its labels.

One measure, two sources of candidates. The measure is occlusion, in one batch through the
scorer: the message is scored again with each candidate removed (every occurrence, any case),
and each candidate is scored alone. A term weighs the larger of what its label's probability
loses without it and what it scores alone above a neutral "ok": removal finds the word the
message turns on, and the word alone finds words that repeat one another ("idiota imbecil":
removing either leaves the other, and neither removal moves the score). That is the model as it
runs: the transformer, blended with its lexical half where the model has one.

The candidates are the message's distinct words, at most ``max_words``. Where the model has a
lexical half in this process, its weights choose them first: each word's (and each adjacent word
pair's) n-grams times their coefficients, the log-odds the lexical model loses without it (no
transformer call). A pair is a candidate when it weighs more than its two words apart (a phrase
the lexical model learnt as one), at most ``max_pairs``; it is shown only when it weighs clearly
more than either of its words. Without a lexical half (a plain model, a model service), the
first ``max_words`` distinct words are the candidates.

So one flagged message costs one batch of at most ``2 + 2 * (max_words + max_pairs)`` texts, half
of them a word or two long; nothing here runs for a message that was not flagged (the caller's
choice). No torch here: the scorer does the scoring, wherever it runs.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from classifier.serving.scorer import Scorer

WORD = re.compile(r"\w+(?:['’-]\w+)*")
MAX_WORDS = 12  # words occluded per message: a Discord message has fewer most of the time
MAX_PAIRS = 4  # word pairs occluded per message (blended models only)
TOP = 5  # terms shown per label
MIN_WEIGHT = 0.01  # a term that moves the probability less than this did not weigh
SHARE = 0.1  # nor one that weighs less than this share of the label's heaviest term (noise beside it)
PHRASE_MARGIN = 0.05  # a pair is shown when it weighs this much more than its stronger word
NEUTRAL = "ok"  # what a word alone is measured against: the model's score for nothing much

# raw texts -> the lexical half's log-odds (texts, labels), in the scorer's label order
LexicalLogits = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class Term:
    """A word or word pair of the message and how much its label's probability turns on it."""

    text: str
    weight: float


def words(text: str) -> list[re.Match[str]]:
    return list(WORD.finditer(text))


def distinct_words(text: str) -> list[str]:
    """The message's words in order of first appearance, once each whatever their case."""
    seen: dict[str, str] = {}
    for m in words(text):
        seen.setdefault(m[0].casefold(), m[0])
    return list(seen.values())


def adjacent_pairs(text: str) -> list[str]:
    """Each two neighbouring words with what stands between them, as written (once each)."""
    found = words(text)
    seen: dict[str, str] = {}
    for a, b in itertools.pairwise(found):
        pair = text[a.start() : b.end()]
        if "\n" not in pair:
            seen.setdefault(pair.casefold(), pair)
    return list(seen.values())


def without(text: str, term: str) -> str:
    """``text`` with every occurrence of ``term`` (a whole word or pair, any case) removed."""
    pattern = rf"(?<!\w){re.escape(term)}(?!\w)"
    return " ".join(re.sub(pattern, " ", text, flags=re.IGNORECASE).split())


def lexical_drops(
    lexical: LexicalLogits, text: str, terms: Sequence[str], columns: Sequence[int]
) -> np.ndarray:
    """Per term, the most log-odds the lexical model loses on one of ``columns`` without it."""
    logits = lexical([text, *(without(text, t) for t in terms)])
    return (logits[0, columns] - logits[1:, columns]).max(axis=1)


def candidates(
    text: str,
    columns: Sequence[int],
    lexical: LexicalLogits | None,
    max_words: int = MAX_WORDS,
    max_pairs: int = MAX_PAIRS,
) -> list[str]:
    """The words (and, with a lexical half, word pairs) worth occluding, strongest first."""
    singles = distinct_words(text)
    if lexical is None:
        return singles[:max_words]
    pairs = adjacent_pairs(text)
    drops = lexical_drops(lexical, text, [*singles, *pairs], columns)
    by_word = {w.casefold(): float(d) for w, d in zip(singles, drops, strict=False)}
    order = np.argsort(-drops[: len(singles)], kind="stable")
    chosen = [singles[i] for i in order[:max_words]]
    # a pair's own weight: what it costs beyond its two words apart (its bigram, the character
    # n-grams across the space); a pair of two strong words is no phrase
    phrases = []
    for pair, drop in zip(pairs, drops[len(singles) :], strict=True):
        first, second = (m[0].casefold() for m in words(pair))
        own = float(drop) - by_word.get(first, 0.0) - by_word.get(second, 0.0)
        if own > 0:
            phrases.append((own, pair))
    phrases.sort(key=lambda p: -p[0])
    return chosen + [pair for _, pair in phrases[:max_pairs]]


def rank(
    base: Mapping[str, float],
    without_each: Sequence[Mapping[str, float]],
    each_alone: Sequence[Mapping[str, float]],
    neutral: Mapping[str, float],
    terms: Sequence[str],
    labels: Sequence[str],
    top: int = TOP,
) -> dict[str, tuple[Term, ...]]:
    """Per label, the terms that weigh most (at least ``MIN_WEIGHT``, and ``SHARE`` of the
    heaviest): the larger of the probability lost without the term and the term's own probability
    above ``neutral``'s; a pair only where it weighs ``PHRASE_MARGIN`` more than its stronger
    word; none overlapping."""
    out: dict[str, tuple[Term, ...]] = {}
    for label in labels:
        weight = {
            t.casefold(): max(base[label] - gone[label], alone[label] - neutral[label])
            for t, gone, alone in zip(terms, without_each, each_alone, strict=True)
        }

        def shown(term: str, weight: dict[str, float] = weight) -> bool:
            parts = [m[0].casefold() for m in words(term)]
            if len(parts) == 1:
                return True
            strongest = max(weight.get(p, 0.0) for p in parts)
            return weight[term.casefold()] >= strongest + PHRASE_MARGIN

        ranked = sorted((t for t in terms if weight[t.casefold()] >= MIN_WEIGHT and shown(t)),
                        key=lambda t: -weight[t.casefold()])  # fmt: skip
        floor = SHARE * weight[ranked[0].casefold()] if ranked else 0.0
        ranked = [t for t in ranked if weight[t.casefold()] >= floor]
        picked: list[Term] = []
        used: set[str] = set()
        for term in ranked:
            parts = {m[0].casefold() for m in words(term)}
            if parts & used:
                continue  # a word already shown, alone or in its pair
            used |= parts
            picked.append(Term(term, round(weight[term.casefold()], 3)))
            if len(picked) == top:
                break
        out[label] = tuple(picked)
    return out


async def explain(
    scorer: Scorer,
    text: str,
    labels: Sequence[str],
    *,
    lexical: LexicalLogits | None = None,
    max_words: int = MAX_WORDS,
    max_pairs: int = MAX_PAIRS,
    top: int = TOP,
) -> dict[str, tuple[Term, ...]]:
    """The terms that weighed most for each of ``labels`` in ``text`` (one scorer batch).

    Raises whatever the scorer raises (an outage, an overload): the caller decides that a
    message without its "why" is still recorded.
    """
    labels = [label for label in labels if label in scorer.labels]
    columns = [scorer.labels.index(label) for label in labels]
    if not labels:
        return {}
    if lexical is None:
        terms = candidates(text, columns, None, max_words)
    else:  # the lexical weights take a few milliseconds of sparse algebra: off the event loop
        terms = await asyncio.to_thread(candidates, text, columns, lexical, max_words, max_pairs)
    if not terms:
        return {label: () for label in labels}
    n = len(terms)
    scores = await scorer.score_many([text, NEUTRAL, *(without(text, t) for t in terms), *terms])
    probs = [s.probabilities for s in scores]
    return rank(probs[0], probs[2 : 2 + n], probs[2 + n :], probs[1], terms, labels, top)


def lexical_half(scorer: Scorer) -> LexicalLogits | None:
    """The lexical half of an in-process blended model as raw texts -> log-odds; ``None`` for a
    plain model and for a model service (its lexical half stays in that process)."""
    engine = getattr(scorer, "engine", None)  # only the in-process Classifier carries its engine
    model = getattr(engine, "lexical", None)
    if model is None:
        return None
    return lambda texts: model.logits(engine.normalise(texts))
