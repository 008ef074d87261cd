"""Saving and loading the trained model with skops: no pickle, and only known types load.

A skops file can still name arbitrary types; `load` refuses any type outside the exact set that
`save` writes, and any file whose metadata does not say it is a Socialvakt model.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import skops.io as sio
from sklearn.calibration import CalibratedClassifierCV
from sklearn.pipeline import FeatureUnion

from classifiers.corpus import LABELS
from classifiers.model import LabelModel, TextModel

FORMAT = "socialvakt-model"

# The non-default types a Socialvakt model contains (what get_untrusted_types reports for it).
TRUSTED_TYPES = frozenset(
    {
        "numpy.float32",
        "numpy.float64",
        "numpy.dtype",
        "builtins.type",
        "scipy.sparse._csr.csr_matrix",
        "sklearn.calibration._CalibratedClassifier",
        "sklearn.calibration._SigmoidCalibration",
        "sklearn.calibration.CalibratedClassifierCV",
        "sklearn.feature_extraction.text.TfidfVectorizer",
        "sklearn.feature_extraction.text.TfidfTransformer",
        "sklearn.linear_model._logistic.LogisticRegression",
        "sklearn.pipeline.FeatureUnion",
        "sklearn.utils._param_validation.Interval",
    }
)


class UntrustedModelError(Exception):
    """The file is not a model this program wrote; it is not loaded."""


def _to_tree(model: TextModel) -> dict:
    return {
        "meta": model.meta,
        "features": model.features,
        "labels": {
            label: {"classifier": m.classifier, "threshold": m.threshold, "coef": m.coef}
            for label, m in model.labels.items()
        },
    }


def _has_model_shape(tree: object) -> bool:
    """Even types skops trusts by default must sit exactly where a Socialvakt model puts them."""
    if not isinstance(tree, dict) or not isinstance(tree.get("meta"), dict):
        return False
    labels = tree.get("labels")
    return (
        tree["meta"].get("format") == FORMAT
        and isinstance(tree.get("features"), FeatureUnion)
        and isinstance(labels, dict)
        and set(labels) == set(LABELS)
        and all(
            isinstance(entry, dict)
            and isinstance(entry.get("classifier"), CalibratedClassifierCV)
            and isinstance(entry.get("threshold"), float)
            and isinstance(entry.get("coef"), np.ndarray)
            for entry in labels.values()
        )
    )


def save(model: TextModel, path: Path) -> None:
    """Write atomically, so a crash mid-save never leaves a half model behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".model-", suffix=".skops")
    os.close(handle)
    try:
        sio.dump(_to_tree(model), temporary, compression=zipfile.ZIP_DEFLATED)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def load(path: Path) -> TextModel:
    try:
        untrusted = set(sio.get_untrusted_types(file=path))
    except Exception as exc:
        raise UntrustedModelError(f"{path}: not a skops model file ({exc})") from exc
    unexpected = sorted(untrusted - TRUSTED_TYPES)
    if unexpected:
        raise UntrustedModelError(
            f"{path}: refused, it contains types a Socialvakt model never has: "
            + ", ".join(unexpected[:5])
        )
    try:
        tree = sio.load(path, trusted=sorted(untrusted))
    except Exception as exc:
        raise UntrustedModelError(f"{path}: cannot be read as a model ({exc})") from exc
    if not _has_model_shape(tree):
        raise UntrustedModelError(f"{path}: not a Socialvakt model artefact")
    labels = {
        label: LabelModel(entry["classifier"], float(entry["threshold"]), entry["coef"])
        for label, entry in tree["labels"].items()
    }
    return TextModel(tree["features"], labels, tree["meta"])
