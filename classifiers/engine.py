"""One call that gives a text every label of DESIGN.md's classification result."""

from __future__ import annotations

from typing import Protocol

from classifiers.model import TextModel
from classifiers.narratives import narratives


class DoxxingDetector(Protocol):
    def detect(self, text: str, *, threat: bool) -> dict: ...


class Classifier:
    """The disinformation and threat models plus the doxxing detector, for batches of texts."""

    def __init__(self, model: TextModel, doxxing: DoxxingDetector) -> None:
        self.model = model
        self.doxxing = doxxing

    @property
    def version(self) -> str:
        return self.model.version

    def classify(self, texts: list[str]) -> list[dict[str, dict]]:
        if not texts:
            return []
        results = self.model.predict(texts)
        for text, result in zip(texts, results, strict=True):
            if result["lvu_disinfo"]["flagged"]:
                result["lvu_disinfo"]["narratives"] = narratives(text)
            result["doxxing"] = self.doxxing.detect(text, threat=result["threat"]["flagged"])
        return results
