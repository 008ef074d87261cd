"""Issue 4 targets, measured on classifiers/data/doxxing_eval.jsonl with the demo staff registry.

The file is split by a stable hash of the id: "dev" (looked at while building the rules) and
"test" (only measured). The targets are asserted on the whole file; all three are printed
(run with `-s` to see them).
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pytest

from classifiers.doxxing import DoxxingDetector

DATA = Path(__file__).resolve().parents[3] / "classifiers" / "data"
EVAL = DATA / "doxxing_eval.jsonl"
ORDER = ["none", "low", "medium", "high", "critical"]


def half(row_id: str) -> str:
    return (
        "dev"
        if int(hashlib.sha1(row_id.encode(), usedforsecurity=False).hexdigest(), 16) % 2 == 0
        else "test"
    )


def evaluate(detector: DoxxingDetector, rows: list[dict]) -> dict:
    tp = fp = fn = 0
    staff_named = staff_found = 0
    critical = critical_high = 0
    benign = benign_flagged = 0
    for row in rows:
        out = detector.detect(row["text"])
        predicted, gold = out["flagged"], bool(row["doxxing"])
        tp += predicted and gold
        fp += predicted and not gold
        fn += gold and not predicted
        if row["staff_ids"]:
            staff_named += 1
            staff_found += set(row["staff_ids"]) <= set(out["staff_ids"])
        if row["severity"] == "critical":
            critical += 1
            critical_high += ORDER.index(out["severity"]) >= ORDER.index("high")
        if not gold and (row["staff_ids"] or row["pii_kinds"]):
            benign += 1
            benign_flagged += predicted
    return {
        "n": len(rows),
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "staff_identified": staff_found / staff_named if staff_named else 1.0,
        "critical_at_least_high": critical_high / critical if critical else 1.0,
        "benign_fp_rate": benign_flagged / benign if benign else 0.0,
        "counts": f"tp={tp} fp={fp} fn={fn} staff={staff_found}/{staff_named} "
        f"critical>=high={critical_high}/{critical} benign_flagged={benign_flagged}/{benign}",
    }


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    if not EVAL.exists():
        pytest.skip("classifiers/data/doxxing_eval.jsonl is not there")
    return [
        json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def test_targets_on_the_evaluation_file(rows, demo_staff):
    detector = DoxxingDetector(demo_staff)
    results = {
        "all": evaluate(detector, rows),
        "dev": evaluate(detector, [r for r in rows if half(r["id"]) == "dev"]),
        "test": evaluate(detector, [r for r in rows if half(r["id"]) == "test"]),
    }
    for name, r in results.items():
        print(
            f"\n{name:4s} n={r['n']:4d} recall={r['recall']:.3f} precision={r['precision']:.3f} "
            f"staff_identified={r['staff_identified']:.3f} "
            f"critical>=high={r['critical_at_least_high']:.3f} benign_fp={r['benign_fp_rate']:.3f} "
            f"({r['counts']})"
        )
    whole = results["all"]
    assert whole["recall"] >= 0.95
    assert whole["precision"] >= 0.90
    assert whole["staff_identified"] >= 0.95
    assert whole["critical_at_least_high"] == 1.0
    assert whole["benign_fp_rate"] <= 0.05


def test_time_per_post(rows, demo_staff):
    """Average detect time on the evaluation posts with the 25-person demo registry."""
    detector = DoxxingDetector(demo_staff)
    texts = [r["text"] for r in rows]
    for text in texts:  # warm the caches
        detector.detect(text)
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        for text in texts:
            detector.detect(text)
        best = min(best, (time.process_time() - start) / len(texts))
    print(
        f"\ndetect: {best * 1e6:.0f} µs per post (avg {sum(map(len, texts)) / len(texts):.0f} chars)"
    )
    assert best < 2e-3  # generous: the measured figure is reported, this only catches regressions
