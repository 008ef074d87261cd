"""Ingest + classify + store of 100,000 posts through the real pipeline, in blocks of 10,000.

Posts arrive as scrapes do, 200 to a fetch, each fetch one transaction with its cursor. Each block's
time per post shows whether storing slows down as the database grows (it must stay flat). Beside
it, in the same run, the same posts through the classifier alone: the ratio is the storage cost.
BENCH_DATABASE_URL runs it against another database (a PostgreSQL URL, say); the default is SQLite.
"""

from __future__ import annotations

import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from common import ROOT, median, sample_texts, write_results

from models.posts import ScrapedPost
from models.tables import Source
from monitor.config import DatabaseSettings, Settings
from monitor.db import migrate, session_scope
from monitor.runtime import build_runtime

POSTS = int(os.environ.get("BENCH_POSTS", "100000"))
BLOCK = 10_000
FETCH = 200
SOURCE = "bench-telegram"


def posts_for(texts: list[str], start: int) -> list[ScrapedPost]:
    return [
        ScrapedPost(
            source_id=SOURCE,
            platform="telegram",
            external_id=f"bench-{start + n}",
            url=f"https://t.me/s/kanal/{start + n}",
            text=text,
            author=f"konto{(start + n) % 997}",
        )
        for n, text in enumerate(texts)
    ]


def main() -> None:
    texts = sample_texts(POSTS, seed=11)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "data").mkdir()
        model = ROOT / "data" / "model.skops"
        if model.exists():
            shutil.copy(model, work / "data" / "model.skops")
        url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{work}/data/socialvakt.db")
        migrate(url)
        runtime = build_runtime(Settings(base_dir=work, database=DatabaseSettings(url=url)))
        with session_scope(runtime.engine) as session:
            session.add(Source(id=SOURCE, kind="telegram"))
        runtime.classifier.classify(texts[:FETCH])  # warm-up: model load and caches
        block_seconds: list[float] = []
        stored = 0
        for block_start in range(0, POSTS, BLOCK):
            started = time.perf_counter()
            for start in range(block_start, min(block_start + BLOCK, POSTS), FETCH):
                batch = posts_for(texts[start : start + FETCH], start)
                stats = runtime.pipeline.ingest(SOURCE, batch, {"after": batch[-1].external_id})
                stored += stats.new
            block_seconds.append(time.perf_counter() - started)
            print(f"{block_start + BLOCK:>7} posts: {BLOCK / block_seconds[-1]:.0f} posts/s")
        assert stored == POSTS, stored
        runtime.engine.dispose()
        classify_seconds = []
        for _ in range(3):
            started = time.perf_counter()
            for start in range(0, BLOCK, FETCH):
                runtime.classifier.classify(texts[start : start + FETCH])
            classify_seconds.append(time.perf_counter() - started)
    per_post_ms = [seconds / BLOCK * 1000 for seconds in block_seconds]
    classify_rate = BLOCK / median(classify_seconds)
    ingest_rate = POSTS / sum(block_seconds)
    write_results(
        "ingest",
        {
            "posts": POSTS,
            "database": url.split(":", 1)[0],
            "ingest_posts_per_s": round(ingest_rate),
            "ms_per_post_by_block_of_10000": [round(value, 3) for value in per_post_ms],
            "last_vs_first_block_ratio": round(per_post_ms[-1] / per_post_ms[0], 2),
            "classify_only_posts_per_s_median": round(classify_rate),
            "ingest_vs_classify_only_ratio": round(ingest_rate / classify_rate, 2),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        },
    )


if __name__ == "__main__":
    main()
