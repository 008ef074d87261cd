"""The aim model learns from the studied doxxing evaluation files, never from the unstudied ones.

`doxxing_heldout6.jsonl` and later files stay out of training: they are the only honest measure
of how the detector does on text nobody has tuned it to.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from classifiers.doxxing.aim import AimModel, fit_aim
from classifiers.doxxing.detector import DoxxingDetector
from classifiers.doxxing.severity import aim_input
from classifiers.doxxing.staff import StaffRecord, parse_staff_csv
from classifiers.doxxing.text import DATA_DIR, MAX_CHARS, fold

TRAINING_FILES = (
    "doxxing_eval.jsonl",
    "doxxing_heldout.jsonl",
    "doxxing_heldout2.jsonl",
    "doxxing_heldout3.jsonl",
    "doxxing_heldout4.jsonl",
    "doxxing_heldout5.jsonl",
)
STAFF_FILE = "staff_demo.csv"  # the registry these files were written against


def training_rows(data_dir: Path = DATA_DIR) -> list[dict]:
    rows = []
    for name in TRAINING_FILES:
        lines = (data_dir / name).read_text(encoding="utf-8").splitlines()
        rows.extend(json.loads(line) for line in lines if line.strip())
    return rows


def aim_examples(rows: list[dict], detector: DoxxingDetector) -> tuple[list[str], list[int]]:
    """Every post in which the rules find a person, masked as the detector masks it."""
    texts, labels = [], []
    for row in rows:
        found = detector.assessment(row["text"])
        if found is not None and found.persons:
            texts.append(aim_input(fold(row["text"][:MAX_CHARS]), found.persons, found.pii))
            labels.append(int(row["doxxing"]))
    return texts, labels


def train_aim(
    reviewed: Sequence[dict] = (),
    staff: Sequence[StaffRecord] = (),
    data_dir: Path = DATA_DIR,
) -> tuple[AimModel, dict[str, int]]:
    """The studied files (whose names are the demo registry's), plus reviewers' decisions on
    doxxing items, whose names are the municipality's own `staff`. Returns how many of each."""
    demo, _ = parse_staff_csv((data_dir / STAFF_FILE).read_text(encoding="utf-8"))
    texts, labels = aim_examples(training_rows(data_dir), DoxxingDetector(demo))
    counts = {"shipped": len(texts), "reviews": 0}
    if reviewed:
        more_texts, more_labels = aim_examples(list(reviewed), DoxxingDetector(staff))
        texts, labels = texts + more_texts, labels + more_labels
        counts["reviews"] = len(more_texts)
    return fit_aim(texts, labels), counts


def aim_data_hash(data_dir: Path = DATA_DIR) -> str:
    digest = hashlib.sha256()
    for name in (*TRAINING_FILES, STAFF_FILE):
        digest.update((data_dir / name).read_bytes())
    return digest.hexdigest()
