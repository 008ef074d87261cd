"""The trained model on disk: loaded when present, trained from the shipped corpus when not."""

from __future__ import annotations

import logging
from pathlib import Path

from classifiers import artifact
from classifiers.corpus import load_training
from classifiers.model import TextModel, train

log = logging.getLogger(__name__)


def train_and_save(path: Path, extra=()) -> TextModel:
    examples = load_training() + list(extra)
    model = train(examples)
    artifact.save(model, path)
    log.info("trained model on %d examples, saved to %s", len(examples), path)
    return model


def ensure_model(path: Path) -> TextModel:
    if path.exists():
        return artifact.load(path)
    log.info("no model at %s: training one from the shipped corpus", path)
    return train_and_save(path)
