"""Issue 4 targets, measured with the demo staff registry on the development files.

classifiers/data/doxxing_eval.jsonl (split by a stable hash of the id into "dev" and "test"
halves, printed for comparison) and classifiers/data/doxxing_heldout.jsonl. Both have been read
while building the rules; the targets are asserted on each whole file. doxxing_heldout2.jsonl was
written independently later and is measured as the product runs it (the engine passes the trained
threat model's flag and the learned opinions to `detect`); so are doxxing_heldout3.jsonl and
doxxing_heldout4.jsonl, each written independently after the one before and read once to find the
classes of failure it exposed. These five, with heldout5, 6 and 7, are what the learned opinions
(classifiers/doxxing/learned.py) learn from. heldout5, 6 and 7 were measured first as they came
(README) and have since been studied (5 and 7 read in full, 6 only counted); their current levels
are held here as floors, not targets, so that a change that loses ground on them shows.
doxxing_heldout8 and 9 were measured once and are not read or used here: the test for the next
approach. Run with `-s` to see the numbers.
"""

from __future__ import annotations

import hashlib
import json
import statistics
import time
from pathlib import Path

import pytest

from classifiers.doxxing import DoxxingDetector
from classifiers.doxxing.evaluation import Measures, measure

DATA = Path(__file__).resolve().parents[3] / "classifiers" / "data"
EVAL = DATA / "doxxing_eval.jsonl"
HELDOUT = DATA / "doxxing_heldout.jsonl"
HELDOUT2 = DATA / "doxxing_heldout2.jsonl"
HELDOUT3 = DATA / "doxxing_heldout3.jsonl"
HELDOUT4 = DATA / "doxxing_heldout4.jsonl"
FILES = {
    "eval": EVAL,
    "heldout": HELDOUT,
    "heldout2": HELDOUT2,
    "heldout3": HELDOUT3,
    "heldout4": HELDOUT4,
}
# Levels reached on the later files (recall, precision, staff, critical >= high, benign flags):
# floors against regressions. Their first measurements are in the README.
FLOORS = {
    "heldout5": (0.97, 0.99, 0.99, 59, 1),
    "heldout6": (0.93, 0.98, 0.95, 56, 2),
    "heldout7": (0.90, 0.96, 0.98, 54, 6),
}


def half(row_id: str) -> str:
    return (
        "dev"
        if int(hashlib.sha1(row_id.encode(), usedforsecurity=False).hexdigest(), 16) % 2 == 0
        else "test"
    )


def evaluate(detector, rows: list[dict]) -> Measures:
    return measure(detector.detect, rows)


def load(path: Path) -> list[dict]:
    if not path.exists():
        pytest.skip(f"{path.name} is not there")
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return load(EVAL)


def report(name: str, r: Measures) -> None:
    print(
        f"\n{name:12s} n={r.n:4d} recall={r.recall:.3f} precision={r.precision:.3f} "
        f"staff_identified={r.staff_identified:.3f} "
        f"critical>=high={r.critical_at_least_high:.3f} benign_fp={r.benign_fp_rate:.3f} "
        f"({r.counts})"
    )


def assert_targets(r: Measures) -> None:
    assert r.recall >= 0.95, r.counts
    assert r.precision >= 0.90, r.counts
    assert r.staff_identified >= 0.95, r.counts
    assert r.critical_at_least_high == 1.0, r.counts
    assert r.benign_fp_rate <= 0.05, r.counts


def test_targets_on_the_evaluation_file(rows, demo_staff):
    detector = DoxxingDetector(demo_staff)
    results = {
        "eval": evaluate(detector, rows),
        "eval/dev": evaluate(detector, [r for r in rows if half(r["id"]) == "dev"]),
        "eval/test": evaluate(detector, [r for r in rows if half(r["id"]) == "test"]),
    }
    for name, r in results.items():
        report(name, r)
    assert_targets(results["eval"])


def test_targets_on_the_heldout_file(demo_staff):
    detector = DoxxingDetector(demo_staff)
    result = evaluate(detector, load(HELDOUT))
    report("heldout", result)
    assert_targets(result)


class ProductMode:
    """The detector as the service runs it: with the learned opinions and the threat flag."""

    def __init__(self, detector: DoxxingDetector, threat: dict[str, bool]) -> None:
        self.detector = detector
        self.threat = threat

    def detect(self, text: str) -> dict:
        return self.detector.detect(text, threat=self.threat[text])


def product_and_alone(name: str, demo_staff, model_path) -> tuple[Measures, Measures]:
    from classifiers.artifact import load as load_model

    rows = load(DATA / f"doxxing_{name}.jsonl")
    texts = [r["text"] for r in rows]
    model = load_model(model_path)
    predictions = model.predict(texts)
    threat = {t: p["threat"]["flagged"] for t, p in zip(texts, predictions, strict=True)}
    alone = evaluate(DoxxingDetector(demo_staff), rows)
    detector = DoxxingDetector(demo_staff, aim=model.aim, exposure=model.exposure)
    product = evaluate(ProductMode(detector, threat), rows)
    report(f"{name} alone", alone)  # printed for comparison; the product figure is the target
    report(name, product)
    return product, alone


@pytest.mark.parametrize("name", ["heldout2", "heldout3", "heldout4"])
def test_targets_in_product_mode(name, demo_staff, trained_model_path):
    product, _ = product_and_alone(name, demo_staff, trained_model_path)
    assert_targets(product)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_later_files_keep_their_level(name, demo_staff, trained_model_path):
    product, _ = product_and_alone(name, demo_staff, trained_model_path)
    recall, precision, staff, critical, benign = FLOORS[name]
    counts = product.counts
    assert product.recall >= recall, counts
    assert product.precision >= precision, counts
    assert product.staff_identified >= staff, counts
    assert product.critical_high >= critical, counts
    assert product.benign_flagged <= benign, counts


@pytest.mark.parametrize("name", sorted(FILES))
def test_time_per_post(name, demo_staff):
    """Median detect time per post (time.perf_counter) with the 25-person demo registry."""
    detector = DoxxingDetector(demo_staff)
    texts = [r["text"] for r in load(FILES[name])]
    for text in texts:  # warm the caches
        detector.detect(text)
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for text in texts:
            detector.detect(text)
        runs.append((time.perf_counter() - start) / len(texts))
    median = statistics.median(runs)
    print(
        f"\ndetect on {name}: {median * 1e6:.0f} µs per post (median of 5 runs, "
        f"avg {sum(map(len, texts)) / len(texts):.0f} chars)"
    )
    assert median < 2e-3  # generous: the measured figure is reported, this only catches regressions
