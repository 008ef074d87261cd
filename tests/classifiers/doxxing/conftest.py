"""Fixtures for the doxxing detector tests: the demo staff registry and one shared detector."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.doxxing import DoxxingDetector, StaffRecord, parse_staff_csv
from classifiers.doxxing.recognizers import RecognizerRegistry
from classifiers.doxxing.text import fold

DATA = Path(__file__).resolve().parents[3] / "classifiers" / "data"

# A small fictional registry for unit tests (independent of the demo CSV the evaluation uses).
STAFF = [
    StaffRecord("s01", "Åsa Lindqvist", (), "socialsekreterare", "Barn och unga", "Sundsvall"),
    StaffRecord("s02", "Jörgen Öhman", ("Jörgen Ö", "Jojje Öhman"), "enhetschef", "", "Sundsvall"),
    StaffRecord("s03", "Anna-Karin Berg", ("AK Berg",), "familjehemssekreterare", "", "Sundsvall"),
    StaffRecord("s04", "Maria Lindberg Sjö", (), "1:e socialsekreterare", "", "Eskilstuna"),
    StaffRecord("s07", "Yasmin Haddad", ("Jasmin Haddad",), "socialsekreterare", "", "Botkyrka"),
    StaffRecord("s10", "Ahmed Al-Sayed", (), "handläggare", "", "Botkyrka"),
    StaffRecord("s15", "Per-Olof Nyström", ("P-O Nyström",), "enhetschef", "", "Eskilstuna"),
    StaffRecord("s16", "Sofia Råberg", (), "socialsekreterare", "", "Sundsvall"),
    StaffRecord("s22", "Emma Söderlund", (), "handläggare", "", "Örebro"),
]


@pytest.fixture(scope="session")
def detector() -> DoxxingDetector:
    return DoxxingDetector(STAFF)


@pytest.fixture(scope="session")
def demo_staff() -> list[StaffRecord]:
    records, errors = parse_staff_csv((DATA / "staff_demo.csv").read_text(encoding="utf-8"))
    assert not errors
    return records


@pytest.fixture(scope="session")
def registry() -> RecognizerRegistry:
    return RecognizerRegistry()


@pytest.fixture(scope="session")
def find(registry):
    """find(text, kind) -> list of (matched text, finding) for one kind of recognizer."""

    def run(text: str, kind: str | None = None):
        found = registry.analyze(text, fold(text))
        return [(text[f.start : f.end], f) for f in found if kind is None or f.kind == kind]

    return run
