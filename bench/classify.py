"""Throughput of `socialvakt classify` on 50,000 posts, beside a compiled-regex keyword scan.

Both are measured in the same run, three times each; the README reports medians and the ratio.
The classify figure is the whole command (start-up, model load, reading and writing JSON lines),
run in a child process limited to one core so its peak memory can be read on its own.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, median, sample_texts, write_results

POSTS = int(os.environ.get("BENCH_POSTS", "50000"))
REPEATS = 3
KEYWORDS = re.compile(
    r"kidnapp|barnstöld|socialen|socialtjänsten|\bsoc\b|lvu|muslimsk|familjehem|"
    r"svinkött|fascist|خطف|السوسيال|kidnap|döda|skjuta|bränna",
    re.IGNORECASE,
)


# Runs the real CLI and reports its own peak memory, unaffected by earlier child processes.
_PEAK_REPORTING_MAIN = """
import resource, runpy, sys
sys.argv = sys.argv[1:]
try:
    runpy.run_module("monitor.cli", run_name="__main__")
finally:
    print("PEAK_RSS_KIB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def keyword_scan(texts: list[str]) -> float:
    start = time.perf_counter()
    hits = sum(1 for text in texts if KEYWORDS.search(text))
    elapsed = time.perf_counter() - start
    assert hits > 0
    return elapsed


def classify_once(posts_file: Path, out_file: Path, model_dir: Path) -> tuple[float, float]:
    """Wall time and peak RSS (MiB) of one `socialvakt classify` run pinned to one core."""
    argv = ["socialvakt", "classify", str(posts_file), "--output", str(out_file)]
    command = [sys.executable, "-c", _PEAK_REPORTING_MAIN, *argv]
    env = {
        **os.environ,
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=model_dir,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}),
    )
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - start
    if process.returncode:
        raise SystemExit(f"classify failed: {stderr[-2000:]}")
    peak_kib = int(stderr.rsplit("PEAK_RSS_KIB ", 1)[1].split()[0])
    return elapsed, peak_kib / 1024


def main() -> None:
    texts = sample_texts(POSTS)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        posts_file = work / "posts.jsonl"
        posts_file.write_text(
            "".join(
                json.dumps({"id": str(i), "text": t}, ensure_ascii=False) + "\n"
                for i, t in enumerate(texts)
            )
        )
        (work / "data").mkdir()
        model = ROOT / "data" / "model.skops"
        if model.exists():
            (work / "data" / "model.skops").write_bytes(model.read_bytes())
        # A warm-up run trains the model if needed and fills the OS cache.
        classify_once(work / "posts.jsonl", work / "out.jsonl", work)
        classify_times, keyword_times, peaks = [], [], []
        for _ in range(REPEATS):
            elapsed, peak = classify_once(posts_file, work / "out.jsonl", work)
            classify_times.append(elapsed)
            peaks.append(peak)
            keyword_times.append(keyword_scan(texts))
        lines = (work / "out.jsonl").read_text().count("\n")
        assert lines == POSTS, f"expected {POSTS} results, got {lines}"
    classify_rate = POSTS / median(classify_times)
    keyword_rate = POSTS / median(keyword_times)
    write_results(
        "classify",
        {
            "posts": POSTS,
            "repeats": REPEATS,
            "classify_posts_per_s_median": round(classify_rate),
            "classify_seconds": [round(t, 2) for t in classify_times],
            "keyword_scan_posts_per_s_median": round(keyword_rate),
            "classify_vs_keyword_ratio": round(classify_rate / keyword_rate, 4),
            "classify_peak_rss_mib": round(max(peaks)),
        },
    )


if __name__ == "__main__":
    main()
