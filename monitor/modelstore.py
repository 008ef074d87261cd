"""The trained model on disk: loaded when present, trained from the shipped corpus when not."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path

from classifiers import artifact
from classifiers.corpus import Example, corpus_hash, load_training
from classifiers.doxxing.detector import DoxxingDetector
from classifiers.doxxing.learned_training import learned_data_hash, train_learned
from classifiers.doxxing.staff import StaffRecord
from classifiers.engine import Classifier
from classifiers.model import TextModel, train

log = logging.getLogger(__name__)


def train_and_save(
    path: Path,
    extra: Sequence[Example] = (),
    reviewed_doxxing: Sequence[dict] = (),
    staff: Sequence[StaffRecord] = (),
) -> TextModel:
    """`extra`: review decisions for the text models; `reviewed_doxxing` ({"text", "doxxing"})
    for the doxxing detector's learned opinions, whose names `staff` (the registry) lets it mask."""
    shipped = load_training()
    examples = shipped + list(extra)
    model = train(examples)
    learned = train_learned(reviewed_doxxing, staff)
    model.aim, model.exposure, model.unnamed = learned.aim, learned.exposure, learned.unnamed
    model.meta["learned_examples"] = learned.counts
    # The shipped part alone, so `socialvakt doctor` tells a model trained on an older corpus
    # from one that also learnt from review decisions (--from-reviews).
    model.meta["shipped_corpus_hash"] = shipped_data_hash(shipped)
    artifact.save(model, path)
    log.info("trained model on %d examples, saved to %s", len(examples), path)
    return model


def shipped_data_hash(shipped: list[Example] | None = None) -> str:
    """The shipped corpus and the doxxing files the learned opinions learn from, as one version."""
    corpus = corpus_hash(load_training() if shipped is None else shipped)
    return hashlib.sha256(f"{corpus}:{learned_data_hash()}".encode()).hexdigest()


def classifier_for(model: TextModel, staff: Sequence[StaffRecord]) -> Classifier:
    """The text models and the doxxing detector with its learned opinions, as the service runs."""
    detector = DoxxingDetector(staff, aim=model.aim, exposure=model.exposure, unnamed=model.unnamed)
    return Classifier(model, detector)


def ensure_model(path: Path) -> TextModel:
    if path.exists():
        model = artifact.load(path)
        if model.aim is None or model.exposure is None or model.unnamed is None:
            log.warning(
                "%s was trained by an older version without the doxxing detector's learned "
                "opinions: doxxing runs on its rules alone until `socialvakt train` retrains it",
                path,
            )
        return model
    log.info("no model at %s: training one from the shipped corpus", path)
    return train_and_save(path)
