"""The trained model on disk: loaded when present, trained from the shipped corpus when not."""

from __future__ import annotations

import logging
from pathlib import Path

from classifiers import artifact
from classifiers.corpus import corpus_hash, load_training
from classifiers.model import TextModel, train

log = logging.getLogger(__name__)


def train_and_save(path: Path, extra=()) -> TextModel:
    shipped = load_training()
    examples = shipped + list(extra)
    model = train(examples)
    # The shipped part alone, so `socialvakt doctor` tells a model trained on an older corpus
    # from one that also learnt from review decisions (--from-reviews).
    model.meta["shipped_corpus_hash"] = corpus_hash(shipped)
    artifact.save(model, path)
    log.info("trained model on %d examples, saved to %s", len(examples), path)
    return model


def ensure_model(path: Path) -> TextModel:
    if path.exists():
        return artifact.load(path)
    log.info("no model at %s: training one from the shipped corpus", path)
    return train_and_save(path)
