"""Text features: word and character n-grams over the folded, normalised text.

The vectorizers see text that `normalize_folded` already cleaned, so they need no callables of
their own: that keeps the fitted objects plain scikit-learn and loadable with skops' safe loader.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import normalize

from classifiers.normalize import normalize_folded

WORD_TOKEN = r"(?u)\b\w+\b"


def prepare(texts: list[str]) -> list[str]:
    return [normalize_folded(text) for text in texts]


def build_features() -> FeatureUnion:
    word = TfidfVectorizer(
        analyzer="word",
        token_pattern=WORD_TOKEN,
        ngram_range=(1, 2),
        min_df=2,
        sublinear_tf=True,
        lowercase=False,
        dtype=np.float32,
    )
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        min_df=2,
        max_features=150_000,
        sublinear_tf=True,
        lowercase=False,
        dtype=np.float32,
    )
    return FeatureUnion([("word", word), ("char", char)])


class CachedWordNgrams:
    """A fitted `char_wb` vectorizer's transform, computed once per distinct word.

    scikit-learn builds every character n-gram of every post in Python, which was four fifths of
    classification time. A `char_wb` n-gram never crosses a word boundary, so a post's n-grams are
    its words' n-grams; words repeat across posts, so each word is analysed once and its
    vocabulary indices reused. The result equals the vectorizer's own transform (tested).
    """

    def __init__(self, vectorizer: TfidfVectorizer, max_words: int = 50_000) -> None:
        if vectorizer.analyzer != "char_wb":
            raise ValueError(f"expected a char_wb vectorizer, got {vectorizer.analyzer!r}")
        self._vectorizer = vectorizer
        self._analyze = vectorizer.build_analyzer()
        self._vocabulary = vectorizer.vocabulary_
        self._max_words = max_words
        self._indices_by_word: dict[str, tuple[int, ...]] = {}

    def _word_indices(self, word: str) -> tuple[int, ...]:
        found = self._indices_by_word.get(word)
        if found is None:
            vocabulary = self._vocabulary
            found = tuple(vocabulary[g] for g in self._analyze(word) if g in vocabulary)
            if len(self._indices_by_word) >= self._max_words:
                self._indices_by_word.clear()  # bounded memory; hot words return at once
            self._indices_by_word[word] = found
        return found

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        indices: list[int] = []
        indptr = [0]
        for text in texts:
            for word in text.split():
                indices.extend(self._word_indices(word))
            indptr.append(len(indices))
        counts = sparse.csr_matrix(
            (
                np.ones(len(indices), dtype=np.float32),
                np.asarray(indices, dtype=np.int32),
                np.asarray(indptr, dtype=np.int64),
            ),
            shape=(len(texts), len(self._vocabulary)),
        )
        counts.sum_duplicates()
        return self._weigh(counts)

    def _weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        """TfidfTransformer's weighting, from the vectorizer's public parameters."""
        vectorizer = self._vectorizer
        if vectorizer.sublinear_tf:
            np.log(counts.data, counts.data)
            counts.data += 1.0
        if vectorizer.use_idf:
            counts.data *= vectorizer.idf_[counts.indices].astype(np.float32)
        if vectorizer.norm is not None:
            counts = normalize(counts, norm=vectorizer.norm, copy=False)
        return counts


def transform(
    features: FeatureUnion, prepared: list[str], char: CachedWordNgrams
) -> sparse.csr_matrix:
    """The union's transform with the cached character part; same columns, same order."""
    word = features.transformer_list[0][1]
    return sparse.hstack([word.transform(prepared), char.transform(prepared)], format="csr")
