"""Learned second opinions for the cases the doxxing rules leave open.

Rules catch the phrasings someone has seen; on each new evaluation file they missed about one
doxxing post in nine. Three open cases are common enough to learn from the labelled posts, with a
linear model on the wording around the masked names and details (`masked`), asked only there:

- **aim**: a person named with their role and nothing either side ("Katarina Holm, bitr.
  enhetschef i Uppsala, är ytterst ansvarig för att min son flyttats fyra gånger"). DESIGN.md calls
  that medium, but praise, fact-checks and quotes the benign word lists do not know look the same
  to a rule. On three files measured before their rules were written, 21 of the 50 doxxing posts
  the rules missed were this case, beside 15 benign ones; leave-one-file-out the model found 19 of
  21 for 1 of 15 wrongly. Asked where the rules say low, also where they saw thanks or news
  (leave-one-file-out on ten files that gained 10 doxxing posts and flagged no benign one more),
  not where the worker is the victim: may say medium. Its yes also
  outweighs a stray word of thanks or quote, so the details the post gives count. It also judges
  names found without a role (loose.py).
- **exposure**: a post rated medium whose wording says more is exposed than the recognizers found
  ("han bor granne med min faster", "hennes ungar går i samma skola som mina"). Leave-one-file-out
  on eight files it raised 15 of 27 such posts for 3 of 152 true mediums. May say high, so the
  security unit is alerted.
- **unnamed**: a worker pointed out with no name at all (unnamed.py).

None can lower a rating.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

AIM_THRESHOLD = 0.65
EXPOSURE_THRESHOLD = 0.7
"""Chosen leave-one-file-out on the studied files (see above). On 15 files (2026-11-29) aim at
0.65 found 18 more doxxing posts than at 0.7 for one more false flag; 0.6 found 11 more again for
4 more false flags."""


def masked(folded: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """The post with each named person and each detail replaced by its kind: the model learns
    how people write about a social worker, not who is named or which number is given."""
    text = folded
    left = len(folded)  # where the last replacement began: an overlapping span is skipped
    for start, end, tag in sorted(spans, reverse=True):
        if end > left:
            continue
        text = f"{text[:start]} {tag} {text[end:]}"
        left = start
    return text


@dataclass
class MaskedTextModel:
    words: TfidfVectorizer
    chars: TfidfVectorizer
    classifier: LogisticRegression
    threshold: float
    _scorer: _SingleTextScorer | None = field(default=None, repr=False, compare=False)

    def probability(self, masked_text: str) -> float:
        if self._scorer is None:
            self._scorer = _SingleTextScorer(self)
        return self._scorer.probability(masked_text)

    def says_yes(self, masked_text: str) -> bool:
        return self.probability(masked_text) >= self.threshold


class _SingleTextScorer:
    """The model's probability for one text, computed as sklearn does (sublinear tf, idf, l2 norm
    per vectorizer, logistic) without sklearn's per-call input checks, which cost four times the
    arithmetic on a post: the detector asks about one post at a time."""

    def __init__(self, model: MaskedTextModel) -> None:
        coef = model.classifier.coef_[0]
        self.intercept = float(model.classifier.intercept_[0])
        self.parts = []
        offset = 0
        for vectorizer in (model.words, model.chars):
            size = len(vectorizer.vocabulary_)
            weights = coef[offset : offset + size]
            idf = vectorizer.idf_
            # term -> (idf, coefficient), only the terms the model knows
            terms = {
                term: (float(idf[j]), float(weights[j]))
                for term, j in vectorizer.vocabulary_.items()
            }
            self.parts.append((vectorizer.build_analyzer(), terms))
            offset += size

    def probability(self, text: str) -> float:
        score = self.intercept
        for analyze, terms in self.parts:
            counts = Counter(gram for gram in analyze(text) if gram in terms)
            if not counts:
                continue
            values = [(1.0 + math.log(n)) * terms[g][0] for g, n in counts.items()]
            norm = math.sqrt(sum(v * v for v in values))
            score += sum(v * terms[g][1] for v, g in zip(values, counts, strict=True)) / norm
        return 1.0 / (1.0 + math.exp(-score))


def fit_masked(texts: list[str], labels: list[int], threshold: float) -> MaskedTextModel:
    """Masked texts and a 0/1 answer for each (was it doxxing; did it expose more than a name)."""
    words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
    matrix = sparse.hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
    classifier = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000)
    classifier.fit(matrix, labels)
    for vectorizer in (words, chars):
        vectorizer.stop_words_ = None  # pruned n-grams, kept only for introspection
    return MaskedTextModel(words, chars, classifier, threshold)
