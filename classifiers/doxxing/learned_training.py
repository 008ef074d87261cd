"""The learned opinions (learned.py) learn from the doxxing files already measured and studied
and from the files written for training (doxxing_train1 …), never from the unstudied ones.

A held-out file is measured once as it comes, before anything is tuned to it; only then may it be
read and join training. `UNSTUDIED` lists the files measured but not yet read, or still waiting
for that first measurement.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from classifiers.doxxing.detector import DoxxingDetector
from classifiers.doxxing.learned import (
    AIM_THRESHOLD,
    EXPOSURE_THRESHOLD,
    MaskedTextModel,
    fit_masked,
)
from classifiers.doxxing.loose import about_social_services
from classifiers.doxxing.severity import learned_input
from classifiers.doxxing.staff import StaffRecord, parse_staff_csv
from classifiers.doxxing.text import DATA_DIR, MAX_CHARS, ascii_digits, fold
from classifiers.doxxing.tokens import Post
from classifiers.doxxing.unnamed import UNNAMED_THRESHOLD, unnamed_input

TRAINING_FILES = tuple(
    f"doxxing_{name}.jsonl"
    for name in (
        "eval",
        "heldout",
        *(f"heldout{n}" for n in range(2, 26)),
        *(f"train{n}" for n in range(1, 21)),
    )
)
UNSTUDIED = tuple(f"doxxing_heldout{n}.jsonl" for n in (26, 27))
STAFF_FILE = "staff_demo.csv"  # the registry these files were written against


@dataclass
class Learned:
    aim: MaskedTextModel
    exposure: MaskedTextModel
    unnamed: MaskedTextModel
    counts: dict[str, int]


def training_rows(data_dir: Path = DATA_DIR) -> list[dict]:
    rows = []
    for name in TRAINING_FILES:
        lines = (data_dir / name).read_text(encoding="utf-8").splitlines()
        rows.extend(json.loads(line) for line in lines if line.strip())
    return rows


def masked_rows(rows: Sequence[dict], detector: DoxxingDetector) -> list[tuple[str, dict]]:
    """Every post in which the rules find a person, masked as the detector masks it."""
    found = []
    for row in rows:
        result = detector.assessment(row["text"])
        if result is not None and result.persons:
            text = learned_input(fold(_prepared(row["text"])), result.persons, result.pii)
            found.append((text, row))
    return found


def unnamed_rows(rows: Sequence[dict], detector: DoxxingDetector) -> list[tuple[str, dict]]:
    """Every post about social services in which the rules find nobody, details masked."""
    found = []
    for row in rows:
        result = detector.assessment(row["text"])
        if result is not None and result.persons:
            continue
        text = _prepared(row["text"])
        post = Post(text, fold(text))
        if about_social_services(post):
            findings = detector.recognizers.analyze(text, post.folded, post)
            found.append((unnamed_input(post, findings), row))
    return found


def _prepared(text: str) -> str:
    """The text as the detector reads it (DoxxingDetector.assessment)."""
    return ascii_digits(text[:MAX_CHARS])


def train_learned(
    reviewed: Sequence[dict] = (),
    staff: Sequence[StaffRecord] = (),
    data_dir: Path = DATA_DIR,
) -> Learned:
    """From the studied files (whose names are the demo registry's) and reviewers' decisions on
    doxxing items (`reviewed`: {"text", "doxxing"}, masked with the municipality's own `staff`).
    Reviews say whether a flag was right, not how severe it was: they teach the aim model only."""
    demo, _ = parse_staff_csv((data_dir / STAFF_FILE).read_text(encoding="utf-8"))
    rules, rows = DoxxingDetector(demo), training_rows(data_dir)
    shipped = masked_rows(rows, rules)
    from_reviews = masked_rows(reviewed, DoxxingDetector(staff)) if reviewed else []
    aim_rows = shipped + from_reviews
    aim = fit_masked(
        [text for text, _ in aim_rows], [int(row["doxxing"]) for _, row in aim_rows], AIM_THRESHOLD
    )
    doxxing = [(text, row) for text, row in shipped if row["doxxing"]]
    exposure = fit_masked(
        [text for text, _ in doxxing],
        [int(row["severity"] in ("high", "critical")) for _, row in doxxing],
        EXPOSURE_THRESHOLD,
    )
    nameless = unnamed_rows(rows, rules)
    unnamed = fit_masked(
        [text for text, _ in nameless],
        [int(row["doxxing"]) for _, row in nameless],
        UNNAMED_THRESHOLD,
    )
    counts = {
        "aim": len(aim_rows),
        "aim_from_reviews": len(from_reviews),
        "exposure": len(doxxing),
        "unnamed": len(nameless),
    }
    return Learned(aim, exposure, unnamed, counts)


def learned_data_hash(data_dir: Path = DATA_DIR) -> str:
    digest = hashlib.sha256()
    for name in (*TRAINING_FILES, STAFF_FILE):
        digest.update((data_dir / name).read_bytes())
    return digest.hexdigest()
