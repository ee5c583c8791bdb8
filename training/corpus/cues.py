"""Two checks that keep the corpus about meaning: one-sided tokens (shortcut cues) and paraphrase
leaks to the functional suite (whole cases inside a text, shared content-word 3-grams).

A token is a word or a single symbol (emoji, "@", "—", quotes, ":") of the lower-cased text with
accents removed; a row counts once per token. A token seen in ``MIN_COUNT`` rows or more whose rows
are more than ``MAX_SIDE`` one side is a cue a model could learn instead of the meaning, unless it
is in ``ALLOWED``: words that really carry the meaning of one side.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from training.corpus.chat import strip_accents
from training.corpus.groups import GROUPS, HELD_OUT_SLURS
from training.corpus.lexicon import normalise

MIN_COUNT = 30
MAX_SIDE = 0.85
MAX_SHARED_3GRAMS = 3  # masked content-word 3-grams a corpus may share with the suite

# Tokens allowed to sit on one side, because they ARE the meaning there. Keep this short.
ALLOWED = frozenset(
    {
        # hate vocabulary: contempt, dehumanisation, violence and expulsion verbs; a model should
        # learn these words, and the benign side already holds them where it quotes or rejects them
        "nojo", "nojento", "nojentos", "nojentas", "desprezo", "escoria", "lixo", "praga", "vermes",
        "ratos", "bicho", "bichos", "animais", "parasitas", "infestacao", "imundos", "fedem",
        "matar", "exterminar", "sumir", "sumam", "bala", "surra", "apanhar", "expulsa", "expulsar",
        "proibir", "proibidos", "proibidas", "inferiores", "prestam", "presta", "odeio", "odio",
        "aturar", "suporto", "suporta", "desgraca", "fora", "rato", "recolher",
        # stance of the benign side: naming prejudice as prejudice, respect, pride, reporting it
        "preconceito", "preconceituoso", "respeito", "orgulho", "denunciei", "reportei", "ban",
        "racismo", "discriminacao", "crime", "aprendi", "admiro", "incrivel", "incriveis", "parabens",
        "lindo", "lei", "direitos",
        "censo", "pesquisa", "levantamento", "aponta", "mostra", "programa", "projeto", "inaugurou",
    }
)

_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)
_LAUGH = re.compile(r"(k{3,}|(rs){1,3}|(ha){2,}h?|(ks){2,}k?)")  # "há" (has) is not laughter


def row_tokens(text: str) -> set[str]:
    """Words and single symbols of a text, lower case without accents; emoji modifiers dropped."""
    out = set()
    for tok in _TOKEN.findall(strip_accents(text.lower())):
        if tok in {"\ufe0f", "\u200d"} or "\U0001f3fb" <= tok <= "\U0001f3ff":
            continue
        out.add("kkk" if _LAUGH.fullmatch(tok) else tok)
    return out


def token_counts(rows: Sequence[dict[str, str]]) -> tuple[Counter[str], Counter[str]]:
    """Per token: the rows it is in, and how many of them are hateful."""
    seen: Counter[str] = Counter()
    hateful: Counter[str] = Counter()
    for row in rows:
        for tok in row_tokens(row["text"]):
            seen[tok] += 1
            hateful[tok] += row["hateful"] == "1"
    return seen, hateful


def one_sided(
    rows: Sequence[dict[str, str]],
    min_count: int = MIN_COUNT,
    max_side: float = MAX_SIDE,
    allowed: frozenset[str] = ALLOWED,
) -> tuple[list[tuple[str, int, float]], list[tuple[str, int, float]]]:
    """(cues, allowed): tokens in >= ``min_count`` rows that are > ``max_side`` one side, as
    (token, rows, hateful share), largest first; ``allowed`` tokens are listed apart."""
    seen, hateful = token_counts(rows)
    skewed = [
        (tok, n, hateful[tok] / n)
        for tok, n in seen.items()
        if n >= min_count and max(hateful[tok], n - hateful[tok]) / n > max_side
    ]
    skewed.sort(key=lambda x: -x[1])
    return [s for s in skewed if s[0] not in allowed], [s for s in skewed if s[0] in allowed]


def skew_table(
    rows: Sequence[dict[str, str]], top: int = 12, min_count: int = MIN_COUNT
) -> list[tuple[str, int, float]]:
    """The ``top`` most one-sided tokens in >= ``min_count`` rows, allowed ones included."""
    seen, hateful = token_counts(rows)
    out = [(t, n, hateful[t] / n) for t, n in seen.items() if n >= min_count]
    out.sort(key=lambda x: -max(x[2], 1 - x[2]))
    return out[:top]


def contained(corpus_texts: Sequence[str], suite_texts: Sequence[str]) -> list[tuple[str, str]]:
    """(suite case, corpus text) where the whole case, any length, sits inside a corpus text on
    word boundaries (lower case, no accents or punctuation)."""
    cases = {normalise(t) for t in suite_texts if normalise(t)}
    by_word: dict[str, list[str]] = defaultdict(list)
    for case in cases:
        by_word[min(case.split(), key=len, default="")].append(case)
    hits = []
    for text in corpus_texts:
        padded = f" {normalise(text)} "
        words = set(padded.split())
        for word in words:
            for case in by_word.get(word, ()):
                if f" {case} " in padded:
                    hits.append((case, text))
    return sorted(set(hits))


def _group_words() -> list[str]:
    nouns = [n for g in GROUPS for n in g.plural + g.singular + g.collective + g.slurs + g.desc]
    words = {normalise(n.text) for n in nouns}
    words |= {normalise(n.text.removeprefix("sou ")) for g in GROUPS for n in g.me}
    return sorted((w for w in words if w), key=len, reverse=True)


_GROUP = re.compile(r"\b(" + "|".join(re.escape(w) for w in _group_words()) + r")\b")


def content_words(text: str, stopwords: frozenset[str]) -> list[str]:
    """Words that are not function words or laughter, with every group word masked as GRP."""
    masked = _GROUP.sub(" GRP ", normalise(text))
    return [w for w in masked.split() if w not in stopwords and not _LAUGH.fullmatch(w)]


def shared_3grams(
    corpus_texts: Sequence[str], suite_texts: Sequence[str], stopwords: frozenset[str]
) -> dict[tuple[str, ...], str]:
    """Content-word 3-grams (group words masked, at least two real words) found in both: the suite
    case each came from."""
    def grams(text: str) -> set[tuple[str, ...]]:
        w = content_words(text, stopwords)
        return {g for g in zip(w, w[1:], w[2:], strict=False) if sum(x != "GRP" for x in g) >= 2}

    wanted: dict[tuple[str, ...], str] = {}
    for case in suite_texts:
        for g in grams(case):
            wanted.setdefault(g, case)
    found = set()
    for text in corpus_texts:
        found |= grams(text) & wanted.keys()
    return {g: wanted[g] for g in sorted(found)}


_HELD_OUT = re.compile("|".join(HELD_OUT_SLURS))


def held_out(corpus_texts: Sequence[str]) -> list[str]:
    """Corpus texts holding one of the suite's slurs, which the corpus keeps out altogether."""
    return [t for t in corpus_texts if _HELD_OUT.search(normalise(t))]
