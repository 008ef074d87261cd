"""Per-label linear models with calibrated probabilities, thresholds and evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_curve
from sklearn.model_selection import cross_val_predict
from sklearn.pipeline import FeatureUnion

from classifiers.corpus import LABELS, Example, corpus_hash
from classifiers.doxxing.learned import MaskedTextModel
from classifiers.features import CachedWordNgrams, build_features, prepare, transform
from classifiers.normalize import normalize_folded

MODEL_VERSION = "1"
MAX_EVIDENCE = 5
CV_FOLDS = 5
_ORIGINAL_WORD = re.compile(r"\w+")
# Words too common to serve as evidence on their own (folded: å/ä/ö written a/a/o).
FUNCTION_WORDS = frozenset(
    [
        "och",
        "att",
        "det",
        "som",
        "en",
        "pa",
        "ar",
        "av",
        "for",
        "med",
        "har",
        "till",
        "den",
        "inte",
        "om",
        "ett",
        "de",
        "jag",
        "du",
        "han",
        "hon",
        "vi",
        "ni",
        "man",
        "sig",
        "sin",
        "sina",
        "dem",
        "var",
        "vara",
        "nar",
        "kan",
        "ska",
        "fran",
        "eller",
        "men",
        "sa",
        "bara",
        "alla",
        "mer",
        "nu",
        "da",
        "har",
        "hur",
        "vad",
        "vem",
        "deras",
        "hans",
        "hennes",
        "henne",
        "honom",
        "dom",
        "soc",
        "the",
        "and",
        "for",
        "that",
        "this",
        "with",
        "you",
        "they",
        "are",
        "was",
        "have",
        "not",
        "but",
        "from",
        "his",
        "her",
        "them",
        "their",
        "what",
        "who",
        "when",
        "will",
        "would",
        "all",
        "our",
        "your",
        "في",
        "من",
        "على",
        "الى",
        "عن",
        "ان",
        "هذا",
        "هذه",
        "هو",
        "هي",
        "مع",
        "كل",
        "ما",
        "لا",
    ]
)


@dataclass
class LabelModel:
    classifier: CalibratedClassifierCV
    threshold: float
    coef: np.ndarray  # averaged over the calibration folds; used only to explain a score


@dataclass
class TextModel:
    features: FeatureUnion
    labels: dict[str, LabelModel]
    meta: dict = field(default_factory=dict)
    # the doxxing detector's learned opinions (classifiers/doxxing/learned.py)
    aim: MaskedTextModel | None = None
    exposure: MaskedTextModel | None = None
    unnamed: MaskedTextModel | None = None
    _names: np.ndarray | None = field(default=None, repr=False, compare=False)
    _char: CachedWordNgrams | None = field(default=None, repr=False, compare=False)

    @property
    def version(self) -> str:
        return f"{self.meta.get('version', MODEL_VERSION)}-{self.meta.get('corpus_hash', '')[:8]}"

    def scores(self, texts: list[str]) -> dict[str, np.ndarray]:
        matrix = self.matrix(prepare(texts))
        return {
            label: model.classifier.predict_proba(matrix)[:, 1]
            for label, model in self.labels.items()
        }

    def predict(self, texts: list[str]) -> list[dict[str, dict]]:
        """Score every text; flagged labels carry the phrases that pushed their score up."""
        prepared = prepare(texts)
        matrix = self.matrix(prepared)
        results: list[dict[str, dict]] = [{} for _ in texts]
        for label, model in self.labels.items():
            scores = model.classifier.predict_proba(matrix)[:, 1]
            for row, score in enumerate(scores):
                flagged = bool(score >= model.threshold)
                entry: dict = {"score": round(float(score), 4), "flagged": flagged}
                if flagged:
                    entry["evidence"] = self.evidence(texts[row], matrix[row], model.coef)
                results[row][label] = entry
        return results

    def matrix(self, prepared: list[str]) -> sparse.csr_matrix:
        if self._char is None:
            self._char = CachedWordNgrams(self.features.transformer_list[1][1])
        return transform(self.features, prepared, self._char)

    def _word_names(self) -> np.ndarray:
        """Built once: get_feature_names_out() copies the whole vocabulary on every call."""
        if self._names is None:
            self._names = self.features.transformer_list[0][1].get_feature_names_out()
        return self._names

    def evidence(self, original: str, row: sparse.spmatrix, coef: np.ndarray) -> list[str]:
        """The word n-grams with the largest positive contribution, as written in the post."""
        row = row.tocsr()
        n_word = len(self.features.transformer_list[0][1].vocabulary_)
        in_words = row.indices < n_word
        indices, values = row.indices[in_words], row.data[in_words]
        contributions = values * coef[indices]
        order = np.argsort(-contributions, kind="stable")
        ranked = [int(indices[i]) for i in order if contributions[i] > 0]
        names = self._word_names()
        words = _FoldedWords(original)
        phrases: list[str] = []
        for index in ranked:
            term = str(names[index])
            if all(word in FUNCTION_WORDS or len(word) < 3 for word in term.split()):
                continue  # "på soc", "och" explain nothing to a reviewer
            phrase = words.locate(term)
            if phrase and not any(phrase.lower() in p.lower() for p in phrases):
                phrases = [p for p in phrases if p.lower() not in phrase.lower()] + [phrase]
            if len(phrases) >= MAX_EVIDENCE:
                break
        return phrases


class _FoldedWords:
    """The post's words, folded once, to find the original words behind a folded n-gram."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.words = list(_ORIGINAL_WORD.finditer(original))
        self.folded = [_fold_word(match.group()) for match in self.words]

    def locate(self, folded_phrase: str) -> str:
        wanted = folded_phrase.split()
        for start in range(len(self.words) - len(wanted) + 1):
            if self.folded[start : start + len(wanted)] == wanted:
                end = self.words[start + len(wanted) - 1].end()
                return self.original[self.words[start].start() : end]
        return folded_phrase


@lru_cache(maxsize=50_000)
def _fold_word(word: str) -> str:
    """Words repeat across posts; folding each once keeps evidence cheap."""
    return normalize_folded(word)


def _classifier(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000, solver="liblinear")


def _fit_label(matrix, y: np.ndarray, c: float) -> tuple[CalibratedClassifierCV, np.ndarray]:
    """Fit a calibrated model and return it with out-of-fold probabilities for every example.

    With ensemble=False the calibrator is fitted on the out-of-fold decision values of these
    same folds, so applying it to those values gives honest probabilities for choosing a threshold.
    """
    # An integer cv means the same unshuffled StratifiedKFold splits in both calls.
    out_of_fold = cross_val_predict(
        _classifier(c), matrix, y, cv=CV_FOLDS, method="decision_function"
    )
    classifier = CalibratedClassifierCV(
        _classifier(c), method="sigmoid", cv=CV_FOLDS, ensemble=False
    )
    classifier.fit(matrix, y)
    calibrator = classifier.calibrated_classifiers_[0].calibrators[0]
    return classifier, calibrator.predict(out_of_fold)


def _mean_coef(classifier: CalibratedClassifierCV) -> np.ndarray:
    return np.mean(
        [c.estimator.coef_[0] for c in classifier.calibrated_classifiers_], axis=0
    ).astype(np.float32)


def _best_threshold(y_true: np.ndarray, scores: np.ndarray) -> float:
    """The threshold with the best F1 (ties: the higher one, fewer false alarms)."""
    precision, recall, thresholds = precision_recall_curve(y_true, scores)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-9)
    best = int(np.flatnonzero(f1[:-1] >= f1[:-1].max() - 1e-9)[-1])
    return float(thresholds[best])


def train(examples: list[Example], c: float = 16.0) -> TextModel:
    """Fit each label and choose its threshold on out-of-fold (cross-validated) predictions.

    Thresholds are never chosen on the held-out file; every held-out number stays honest.
    """
    features = build_features()
    matrix = features.fit_transform(prepare([e.text for e in examples]))
    _drop_pruned_terms(features)
    labels = {}
    validation = {}
    for label in LABELS:
        y = np.array([e.labels[label] for e in examples])
        classifier, out_of_fold = _fit_label(matrix, y, c)
        threshold = _best_threshold(y, out_of_fold)
        validation[label] = _summary(y, out_of_fold >= threshold)
        labels[label] = LabelModel(classifier, threshold, _mean_coef(classifier))
    meta = {
        "format": "socialvakt-model",
        "version": MODEL_VERSION,
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "corpus_hash": corpus_hash(examples),
        "examples": len(examples),
        "validation": validation,
        "thresholds": {label: model.threshold for label, model in labels.items()},
    }
    return TextModel(features, labels, meta)


def _drop_pruned_terms(features: FeatureUnion) -> None:
    """Make the fitted vectorizers small and quick to load.

    They keep every n-gram min_df pruned, for introspection only (scikit-learn's documentation
    says it may be deleted).
    """
    for _, vectorizer in features.transformer_list:
        vectorizer.stop_words_ = None
        # numpy ints would be stored one file each by skops; plain ints are one JSON object.
        vectorizer.vocabulary_ = {
            term: int(index) for term, index in vectorizer.vocabulary_.items()
        }


def _summary(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, float]:
    tp = int(np.sum(y_true & y_pred))
    fp = int(np.sum(~y_true.astype(bool) & y_pred))
    fn = int(np.sum(y_true.astype(bool) & ~y_pred))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
