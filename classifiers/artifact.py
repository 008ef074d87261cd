"""Saving and loading the trained model with skops: no pickle, and only known types load.

A skops file can still name arbitrary types; `load` refuses any type outside the exact set that
`save` writes, and any file whose metadata does not say it is a Socialvakt model.
"""

from __future__ import annotations

import copy
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import skops.io as sio
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from classifiers.corpus import LABELS
from classifiers.doxxing.learned import MaskedTextModel
from classifiers.model import LabelModel, TextModel

FORMAT = "socialvakt-model"
LEARNED = ("aim", "exposure", "unnamed")  # the doxxing detector's learned opinions, each optional

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


def _without_vocabulary(vectorizer: TfidfVectorizer) -> tuple[TfidfVectorizer, np.ndarray]:
    """The vocabularies go in as arrays of terms: as dicts, skops audits 140,000 entries one by
    one on every load (two seconds of each `classify` start-up); as arrays, one node each."""
    terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    bare = copy.copy(vectorizer)
    bare.vocabulary_ = {}
    return bare, np.array(terms, dtype=str)


def _with_vocabulary(vectorizer: TfidfVectorizer, terms: np.ndarray) -> TfidfVectorizer:
    vectorizer.vocabulary_ = {term: index for index, term in enumerate(terms.tolist())}
    return vectorizer


def _to_tree(model: TextModel) -> dict:
    features = copy.copy(model.features)
    features.transformer_list = []
    vocabularies = {}
    for name, vectorizer in model.features.transformer_list:
        bare, vocabularies[name] = _without_vocabulary(vectorizer)
        features.transformer_list.append((name, bare))
    return {
        "meta": model.meta,
        "features": features,
        "vocabularies": vocabularies,
        "labels": {
            label: {"classifier": m.classifier, "threshold": m.threshold, "coef": m.coef}
            for label, m in model.labels.items()
        },
        **{name: _learned_to_tree(getattr(model, name)) for name in LEARNED},
    }


def _learned_to_tree(learned: MaskedTextModel | None) -> dict | None:
    if learned is None:
        return None
    words, word_terms = _without_vocabulary(learned.words)
    chars, char_terms = _without_vocabulary(learned.chars)
    return {
        "words": words,
        "chars": chars,
        "vocabularies": {"words": word_terms, "chars": char_terms},
        "classifier": learned.classifier,
        "threshold": float(learned.threshold),
    }


def _learned_from_tree(tree: dict | None) -> MaskedTextModel | None:
    if tree is None:
        return None  # a model saved before these existed: the rules decide alone
    return MaskedTextModel(
        _with_vocabulary(tree["words"], tree["vocabularies"]["words"]),
        _with_vocabulary(tree["chars"], tree["vocabularies"]["chars"]),
        tree["classifier"],
        tree["threshold"],
    )


def _has_learned_shape(tree: object) -> bool:
    if tree is None:
        return True
    if not isinstance(tree, dict) or not isinstance(tree.get("vocabularies"), dict):
        return False
    return (
        isinstance(tree.get("words"), TfidfVectorizer)
        and isinstance(tree.get("chars"), TfidfVectorizer)
        and isinstance(tree.get("classifier"), LogisticRegression)
        and isinstance(tree.get("threshold"), float)
        and all(
            isinstance(tree["vocabularies"].get(k), np.ndarray)
            and tree["vocabularies"][k].dtype.kind == "U"
            for k in ("words", "chars")
        )
    )


def _has_model_shape(tree: object) -> bool:
    """Even types skops trusts by default must sit exactly where a Socialvakt model puts them."""
    if not isinstance(tree, dict) or not isinstance(tree.get("meta"), dict):
        return False
    labels = tree.get("labels")
    vocabularies = tree.get("vocabularies", {})
    return (
        tree["meta"].get("format") == FORMAT
        and isinstance(tree.get("features"), FeatureUnion)
        and isinstance(vocabularies, dict)
        and all(isinstance(v, np.ndarray) and v.dtype.kind == "U" for v in vocabularies.values())
        and isinstance(labels, dict)
        and set(labels) == set(LABELS)
        and all(
            isinstance(entry, dict)
            and isinstance(entry.get("classifier"), CalibratedClassifierCV)
            and isinstance(entry.get("threshold"), float)
            and isinstance(entry.get("coef"), np.ndarray)
            for entry in labels.values()
        )
        and all(_has_learned_shape(tree.get(name)) for name in LEARNED)
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
    for name, vectorizer in tree["features"].transformer_list:
        if name in tree.get("vocabularies", {}):
            _with_vocabulary(vectorizer, tree["vocabularies"][name])
    labels = {
        label: LabelModel(entry["classifier"], float(entry["threshold"]), entry["coef"])
        for label, entry in tree["labels"].items()
    }
    learned = {name: _learned_from_tree(tree.get(name)) for name in LEARNED}
    return TextModel(tree["features"], labels, tree["meta"], **learned)
