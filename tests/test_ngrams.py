"""The lexical model's fast n-gram rows are scikit-learn's ``transform``, number for number."""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

from classifier.model import ngrams
from classifier.model.ngrams import FastTfidf
from tests.conftest import make_texts

TRAIN = [
    *make_texts(200, seed=1)["text"],
    "ΟΔΟΣ σοφίας ΣΟΦΟΣ",  # Greek capital sigma: its lowercase depends on the next letter
    "kkkkkk vai tomar no cu seu lixo",
    "ação reação coração não",
]
# words seen in training and not, repeats, odd whitespace, one-letter words, empty and blank
ALPHABET = [*"abcdeéãçõ xyzΣσς kkk\t\n  .,!?", "vai", " lixo ", "ΟΔΟΣ", "não", "a", "\u00a0"]


def fuzz(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = ["", " ", "\t\n", "a", "ΣΟΦΟΣ ΟΔΟΣ", "lixo lixo lixo", *TRAIN[:20]]
    while len(texts) < n:
        texts.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 60))))
    return texts


def same(a: csr_matrix, b: csr_matrix) -> bool:
    a, b = csr_matrix(a), csr_matrix(b)
    return (
        a.shape == b.shape
        and a.dtype == b.dtype
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.data, b.data)  # bit for bit, not approximately
    )


@pytest.mark.parametrize(
    "settings",
    [
        {"analyzer": "char_wb", "ngram_range": (2, 5), "sublinear_tf": True},
        {"analyzer": "char_wb", "ngram_range": (1, 3), "sublinear_tf": False},
        {"analyzer": "word", "ngram_range": (1, 2), "sublinear_tf": True},
        {"analyzer": "word", "ngram_range": (1, 1), "sublinear_tf": False, "norm": None},
        {"analyzer": "char", "ngram_range": (2, 4), "sublinear_tf": True},  # through transform
    ],
)
def test_fast_rows_are_sklearns(settings):
    vec = TfidfVectorizer(dtype=np.float32, lowercase=True, **settings).fit(TRAIN)
    fast = FastTfidf(vec)
    assert fast.fast == (settings["analyzer"] != "char")
    texts = fuzz(400, seed=7)
    for chunk in (texts, texts[:1], texts[5:37]):
        assert same(fast.transform(chunk), vec.transform(chunk)), chunk[:3]
    if fast.fast:  # no texts, no rows (sklearn's normalize refuses them)
        assert fast.transform([]).shape == (0, len(vec.vocabulary_))
    # a second pass reads the words it kept: the same rows again
    assert same(fast.transform(texts), vec.transform(texts))


def test_the_word_cache_starts_over_when_full(monkeypatch):
    monkeypatch.setattr(ngrams, "MAX_WORDS", 5)
    vec = TfidfVectorizer(dtype=np.float32, analyzer="char_wb", ngram_range=(2, 4)).fit(TRAIN)
    fast = FastTfidf(vec)
    texts = fuzz(120, seed=3)
    assert same(fast.transform(texts), vec.transform(texts))
    assert len(fast._words) <= 5


def test_a_blended_model_scores_as_with_sklearn_rows(blended_model):
    from scipy.sparse import hstack

    from classifier.model.lexical import LexicalModel

    model = LexicalModel.load(blended_model)
    texts = fuzz(150, seed=11)
    reference = hstack([v.transform(texts) for v in model.vectorizers]).tocsr()
    assert same(model.features(texts), reference)
    assert np.array_equal(model.predict_proba(texts), model.proba_of(reference))


def test_what_the_fast_path_does_not_cover_is_sklearn_s_own():
    vec = TfidfVectorizer(dtype=np.float32, analyzer="char_wb", ngram_range=(2, 4)).fit(TRAIN)
    fast = FastTfidf(vec)
    with pytest.raises(ValueError, match="not one string"):
        fast.transform("um texto só")  # would be one row per character
    raw = [t.encode("utf-8") for t in TRAIN[:30]]  # bytes: decoded by the vectorizer, as sklearn does
    assert same(fast.transform(raw), vec.transform(raw))
    binary = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), binary=True).fit(TRAIN)
    assert not FastTfidf(binary).fast
    assert same(FastTfidf(binary).transform(TRAIN), binary.transform(TRAIN))


def test_long_words_are_counted_not_kept():
    vec = TfidfVectorizer(dtype=np.float32, analyzer="char_wb", ngram_range=(2, 5)).fit(TRAIN)
    fast = FastTfidf(vec)
    long_word = "kkkk" * 40 + "lixo"
    texts = [f"{long_word} vai", f"vai {long_word}"]
    assert same(fast.transform(texts), vec.transform(texts))
    assert "vai" in fast._words and long_word not in fast._words
