"""Shared benchmark helpers: machine description, medians, and a results file per benchmark."""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{memory}, Python {platform.python_version()}"


def median(values: list[float]) -> float:
    return statistics.median(values)


def sample_texts(count: int, seed: int = 7) -> list[str]:
    """Posts for benchmarks: the corpus texts, cycled and lightly varied so no two are identical."""
    from classifiers.corpus import load_heldout, load_training

    texts = [e.text for e in load_training() + load_heldout()]
    rng = random.Random(seed)
    tails = ["", " 😡", " !!!", " #LVU", " dela", " https://t.me/x/1", " @nån", " wallah", " 🙏🙏"]
    return [f"{rng.choice(texts)}{rng.choice(tails)} {index}" for index in range(count)]


def write_results(name: str, results: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(), **results}
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(json.dumps(results, indent=2, ensure_ascii=False))
    return path


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, **kwargs)
