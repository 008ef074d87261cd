"""Held-out evaluation: per label, per language, and on each kind of hard negative."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np

from classifiers.corpus import LABELS, LANGS, Example
from classifiers.model import TextModel

# The look-alikes that must not be flagged as disinformation (issue 3's false-positive target).
LOOKALIKE_KINDS = ("neg:news", "neg:factcheck", "neg:criticism")


def _prf(y_true: np.ndarray, y_pred: np.ndarray) -> dict:
    tp = int(np.sum(y_true & y_pred))
    fp = int(np.sum(~y_true & y_pred))
    fn = int(np.sum(y_true & ~y_pred))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "n": int(len(y_true)),
        "positives": int(y_true.sum()),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
    }


def evaluate(model: TextModel, examples: list[Example]) -> dict:
    scores = model.scores([e.text for e in examples])
    langs = np.array([e.lang for e in examples])
    kinds = np.array([e.kind for e in examples])
    report: dict = {"examples": len(examples), "labels": {}}
    for label in LABELS:
        y_true = np.array([bool(e.labels[label]) for e in examples])
        y_pred = scores[label] >= model.labels[label].threshold
        per_lang = {
            lang: _prf(y_true[langs == lang], y_pred[langs == lang])
            for lang in LANGS
            if (langs == lang).any()
        }
        negatives = defaultdict(dict)
        for kind in sorted(set(kinds)):
            mask = (kinds == kind) & ~y_true
            if kind.startswith("neg:") and mask.any():
                negatives[kind] = {"n": int(mask.sum()), "flagged": int(y_pred[mask].sum())}
        lookalike = np.isin(kinds, LOOKALIKE_KINDS) & ~y_true
        report["labels"][label] = {
            "threshold": round(model.labels[label].threshold, 4),
            "overall": _prf(y_true, y_pred),
            "by_lang": per_lang,
            "hard_negatives": dict(negatives),
            "lookalike_false_positive_rate": round(float(y_pred[lookalike].mean()), 3)
            if lookalike.any()
            else None,
        }
    return report


def misclassified(
    model: TextModel, examples: list[Example], label: str
) -> list[tuple[Example, float]]:
    scores = model.scores([e.text for e in examples])[label]
    threshold = model.labels[label].threshold
    return [
        (example, float(score))
        for example, score in zip(examples, scores, strict=True)
        if (score >= threshold) != bool(example.labels[label])
    ]


def save_pr_curves(model: TextModel, examples: list[Example], path: Path) -> None:
    """One precision-recall curve per label with the chosen threshold marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import precision_recall_curve

    scores = model.scores([e.text for e in examples])
    figure, axes = plt.subplots(1, len(LABELS), figsize=(5 * len(LABELS), 4.2))
    for axis, label in zip(np.atleast_1d(axes), LABELS, strict=True):
        y_true = np.array([e.labels[label] for e in examples])
        precision, recall, thresholds = precision_recall_curve(y_true, scores[label])
        axis.plot(recall, precision, color="#1f5f8b")
        threshold = model.labels[label].threshold
        chosen = int(np.searchsorted(thresholds, threshold).clip(0, len(thresholds) - 1))
        axis.scatter(
            [recall[chosen]],
            [precision[chosen]],
            color="#c0392b",
            zorder=3,
            label=f"threshold {threshold:.2f}",
        )
        axis.set_title(f"{label} (held-out, n={len(examples)})")
        axis.set_xlabel("recall")
        axis.set_ylabel("precision")
        axis.set_xlim(0, 1.02)
        axis.set_ylim(0, 1.02)
        axis.grid(alpha=0.3)
        axis.legend(loc="lower left")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
