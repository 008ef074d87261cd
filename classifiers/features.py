"""Text features: word and character n-grams over the folded, normalised text.

The vectorizers see text that `normalize_folded` already cleaned, so they need no callables of
their own: that keeps the fitted objects plain scikit-learn and loadable with skops' safe loader.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

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
