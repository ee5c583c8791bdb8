"""TF-IDF rows of a fitted ``TfidfVectorizer``, the same matrix as its ``transform``, faster.

scikit-learn counts n-grams one by one in Python: a word's character n-grams are sliced and
looked up in the vocabulary each time the word is met (99 us of a chat message's 118 on the
recommended model, on the one core the serving thread holds). A ``char_wb`` n-gram never crosses
a word, so a message's counts are the sum of its words' counts: each word's vocabulary indices
are found once and kept, and a batch's counts come from one ``numpy.unique``; scikit-learn's
input checks, a fixed cost per call, are skipped. The weighting (sublinear TF, IDF, L2 norm) takes
the transformer's steps in its order, so the rows are the same numbers as ``transform``'s
(tested); a ``char`` analyzer goes through ``transform`` unchanged.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

# distinct words kept with their n-gram indices (int32, about 40 for a chat word: some 300 bytes
# with the key, 60 MB when full): chat repeats its words, and past this many the cache starts
# over rather than grow with an endless stream of new ones
MAX_WORDS = 200_000
# longer "words" (links, base64, a whole unspaced message) seldom come back: counted, not kept
MAX_CACHED_WORD = 48


class FastTfidf:
    """``transform`` for one fitted vectorizer: ``char_wb`` counted per distinct word, ``word``
    n-grams by the vectorizer's own analyzer; counting and weighting one ``numpy`` pass a batch."""

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        self.vectorizer = vectorizer
        self.fast = (
            vectorizer.analyzer in ("char_wb", "word")
            and vectorizer.input == "content"
            and not vectorizer.binary
            and np.dtype(vectorizer.dtype).kind == "f"
        )
        self._preprocess = vectorizer.build_preprocessor()
        self._analyze = vectorizer.build_analyzer()
        self._idf = np.asarray(vectorizer.idf_, dtype=np.float64) if vectorizer.use_idf else None
        self._words: dict[str, np.ndarray] = {}
        self._empty = np.zeros(0, dtype=np.int32)

    def transform(self, texts: list[str]) -> csr_matrix:
        if isinstance(texts, str):
            raise ValueError("an iterable of texts is expected, not one string")
        if not self.fast or not all(isinstance(t, str) for t in texts):
            return self.vectorizer.transform(texts)  # bytes to decode, or its own clear error
        counts = self.counts(texts)
        # TfidfTransformer.transform's steps, in its order and dtypes (the same numbers, tested)
        data = counts.data
        if self.vectorizer.sublinear_tf:
            np.log(data, data)
            data += 1.0
        if self._idf is not None:
            data *= self._idf[counts.indices]
        if self.vectorizer.norm is not None and len(texts):  # normalize refuses 0 rows
            counts = normalize(counts, norm=self.vectorizer.norm, copy=False)
        return counts

    def counts(self, texts: list[str]) -> csr_matrix:
        """The n-gram count matrix ``CountVectorizer.transform`` would build (float, sorted)."""
        pieces: list[np.ndarray] = []
        owners: list[int] = []
        if self.vectorizer.analyzer == "char_wb":
            for row, text in enumerate(texts):
                # the vectorizer preprocesses the whole text (lowercasing a final sigma depends on
                # its neighbour), then its char_wb analyzer splits on whitespace: so here too
                for word in self._preprocess(text).split():
                    ids = self._words.get(word)
                    if ids is None:
                        ids = self._word_ids(word)
                    if len(ids):
                        pieces.append(ids)
                        owners.append(row)
        else:
            vocabulary = self.vectorizer.vocabulary_
            for row, text in enumerate(texts):
                found = [i for gram in self._analyze(text) if (i := vocabulary.get(gram)) is not None]
                if found:
                    pieces.append(np.asarray(found, dtype=np.int32))
                    owners.append(row)
        return self._matrix(pieces, owners, len(texts))

    def _matrix(self, pieces: list[np.ndarray], owners: list[int], rows: int) -> csr_matrix:
        width = len(self.vectorizer.vocabulary_)
        if pieces:
            sizes = np.fromiter((len(p) for p in pieces), dtype=np.int64, count=len(pieces))
            keys = np.repeat(np.asarray(owners, dtype=np.int64), sizes) * width + np.concatenate(pieces)
            # (int64: rows x width passes 2**31 in a big batch)
            keys, counts = np.unique(keys, return_counts=True)  # sorted: by row, then by column
        else:
            keys, counts = self._empty, self._empty
        owner, columns = np.divmod(keys, width)
        indptr = np.searchsorted(owner, np.arange(rows + 1)).astype(np.int32)
        return csr_matrix(
            (counts.astype(self.vectorizer.dtype), columns.astype(np.int32), indptr), shape=(rows, width)
        )

    def _word_ids(self, word: str) -> np.ndarray:
        """The vocabulary indices of one word's n-grams, repeats kept (sklearn's slicing)."""
        vocabulary = self.vectorizer.vocabulary_
        low, high = self.vectorizer.ngram_range
        padded = f" {word} "
        ids = []
        for n in range(low, high + 1):
            offset = 0
            while True:
                index = vocabulary.get(padded[offset : offset + n])
                if index is not None:
                    ids.append(index)
                if offset + n >= len(padded):
                    break
                offset += 1
            if offset == 0:  # a word shorter than n is counted once, as sklearn does
                break
        found = np.asarray(ids, dtype=np.int32)
        if len(word) <= MAX_CACHED_WORD:
            if len(self._words) >= MAX_WORDS:
                self._words.clear()
            self._words[word] = found
        return found
