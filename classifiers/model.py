"""Per-label linear models with calibrated probabilities, thresholds and evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from scipy import sparse
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_curve
from sklearn.pipeline import FeatureUnion

from classifiers.corpus import LABELS, Example, corpus_hash, is_validation
from classifiers.features import build_features, prepare
from classifiers.normalize import normalize_folded

MODEL_VERSION = "1"
MAX_EVIDENCE = 5
_ORIGINAL_WORD = re.compile(r"\w+")


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

    @property
    def version(self) -> str:
        return f"{self.meta.get('version', MODEL_VERSION)}-{self.meta.get('corpus_hash', '')[:8]}"

    def scores(self, texts: list[str]) -> dict[str, np.ndarray]:
        matrix = self.features.transform(prepare(texts))
        return {
            label: model.classifier.predict_proba(matrix)[:, 1]
            for label, model in self.labels.items()
        }

    def predict(self, texts: list[str]) -> list[dict[str, dict]]:
        """Score every text; flagged labels carry the phrases that pushed their score up."""
        prepared = prepare(texts)
        matrix = self.features.transform(prepared)
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

    def evidence(self, original: str, row: sparse.spmatrix, coef: np.ndarray) -> list[str]:
        """The word n-grams with the largest positive contribution, as written in the post."""
        word_vectorizer = self.features.transformer_list[0][1]
        n_word = len(word_vectorizer.vocabulary_)
        row = row.tocsr()
        contributions = [
            (value * coef[index], index)
            for index, value in zip(row.indices, row.data, strict=True)
            if index < n_word and coef[index] > 0
        ]
        contributions.sort(reverse=True)
        names = word_vectorizer.get_feature_names_out()
        phrases: list[str] = []
        for _, index in contributions:
            phrase = _locate(str(names[index]), original)
            if phrase and not any(phrase.lower() in p.lower() for p in phrases):
                phrases = [p for p in phrases if p.lower() not in phrase.lower()] + [phrase]
            if len(phrases) >= MAX_EVIDENCE:
                break
        return phrases


def _locate(folded_phrase: str, original: str) -> str | None:
    """Find the original words behind a folded n-gram, so a reviewer sees the post's own text."""
    wanted = folded_phrase.split()
    words = list(_ORIGINAL_WORD.finditer(original))
    folded = [normalize_folded(match.group()) for match in words]
    for start in range(len(words) - len(wanted) + 1):
        if folded[start : start + len(wanted)] == wanted:
            return original[words[start].start() : words[start + len(wanted) - 1].end()]
    return folded_phrase


def _fit_label(matrix, y: np.ndarray, c: float) -> CalibratedClassifierCV:
    base = LogisticRegression(C=c, class_weight="balanced", max_iter=3000, solver="liblinear")
    folds = int(min(5, np.bincount(y).min()))
    classifier = CalibratedClassifierCV(base, method="sigmoid", cv=max(folds, 2))
    classifier.fit(matrix, y)
    return classifier


def _mean_coef(classifier: CalibratedClassifierCV) -> np.ndarray:
    return np.mean(
        [c.estimator.coef_[0] for c in classifier.calibrated_classifiers_], axis=0
    ).astype(np.float32)


def _best_threshold(y_true: np.ndarray, scores: np.ndarray) -> float:
    """The threshold with the best F1 on validation data (ties: the higher, fewer false alarms)."""
    precision, recall, thresholds = precision_recall_curve(y_true, scores)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-9)
    best = int(np.flatnonzero(f1[:-1] >= f1[:-1].max() - 1e-9)[-1])
    return float(thresholds[best])


def train(examples: list[Example], c: float = 8.0) -> TextModel:
    """Choose each label's threshold on the validation part, then refit on all training data."""
    train_part = [e for e in examples if not is_validation(e.id)]
    validation = [e for e in examples if is_validation(e.id)]
    features = build_features()
    train_matrix = features.fit_transform(prepare([e.text for e in train_part]))
    validation_matrix = features.transform(prepare([e.text for e in validation]))
    thresholds = {}
    validation_metrics = {}
    for label in LABELS:
        y_train = np.array([e.labels[label] for e in train_part])
        y_val = np.array([e.labels[label] for e in validation])
        scores = _fit_label(train_matrix, y_train, c).predict_proba(validation_matrix)[:, 1]
        thresholds[label] = _best_threshold(y_val, scores)
        validation_metrics[label] = _summary(y_val, scores >= thresholds[label])

    final_features = build_features()
    matrix = final_features.fit_transform(prepare([e.text for e in examples]))
    _drop_pruned_terms(final_features)
    labels = {}
    for label in LABELS:
        y = np.array([e.labels[label] for e in examples])
        classifier = _fit_label(matrix, y, c)
        labels[label] = LabelModel(classifier, thresholds[label], _mean_coef(classifier))
    meta = {
        "format": "socialvakt-model",
        "version": MODEL_VERSION,
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "corpus_hash": corpus_hash(examples),
        "examples": len(examples),
        "validation": validation_metrics,
        "thresholds": thresholds,
    }
    return TextModel(final_features, labels, meta)


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
