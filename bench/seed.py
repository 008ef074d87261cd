"""Fill a fresh installation with N posts and review items quickly (bulk inserts, no classifier):
the queue and scale benchmarks measure the web and storage layers, not the model."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import ROOT, sample_texts  # noqa: F401  (sets sys.path)
from sqlalchemy import insert

from models.tables import Classification, Post, ReviewItem
from monitor.db import make_engine, migrate

LABEL_SETS = ["lvu_disinfo", "lvu_disinfo", "lvu_disinfo", "threat", "doxxing", "threat,doxxing"]
PLATFORMS = ["telegram", "x", "facebook", "flashback", "tiktok", "youtube"]


def seed(database_url: str, count: int, seed_value: int = 3) -> None:
    migrate(database_url)
    engine = make_engine(database_url)
    rng = random.Random(seed_value)
    texts = sample_texts(min(count, 5000))
    start = datetime.now(UTC) - timedelta(days=60)
    batch = 5000
    with engine.begin() as connection:
        for offset in range(0, count, batch):
            size = min(batch, count - offset)
            posts, items, results = [], [], []
            for n in range(offset, offset + size):
                at = start + timedelta(seconds=n * 50)
                platform = rng.choice(PLATFORMS)
                posts.append(
                    {
                        "id": n + 1,
                        "source_id": f"src-{n % 20}",
                        "platform": platform,
                        "external_id": f"bench-{n}",
                        "url": f"https://example.se/p/{n}",
                        "author": f"konto{n % 997}",
                        "author_name": "",
                        "text": texts[n % len(texts)],
                        "fetched_at": at,
                        "first_seen_at": at,
                        "last_seen_at": at,
                        "times_seen": 1,
                        "media_urls_json": "[]",
                        "flagged": True,
                        "dup_band_0": 0,
                        "dup_band_1": 0,
                        "dup_band_2": 0,
                        "dup_band_3": 0,
                        "dup_group": n + 1,
                        "published_at": at,
                    }
                )
                labels = rng.choice(LABEL_SETS)
                severity = (
                    rng.choice(["high", "critical", "medium"]) if "doxxing" in labels else "none"
                )
                score = round(rng.uniform(0.4, 1.0), 4)
                items.append(
                    {
                        "id": n + 1,
                        "post_id": n + 1,
                        "status": rng.choice(["new"] * 6 + ["confirmed", "dismissed"]),
                        "labels": labels,
                        "severity": severity,
                        "score": score,
                        "platform": platform,
                        "source_id": f"src-{n % 20}",
                        "created_at": at,
                        "updated_at": at,
                    }
                )
                result = {
                    label: {"score": score, "flagged": label in labels}
                    for label in ("lvu_disinfo", "threat")
                }
                result["doxxing"] = {
                    "score": 0.9,
                    "flagged": "doxxing" in labels,
                    "severity": severity,
                    "pii": [],
                    "persons": [],
                }
                results.append(
                    {
                        "post_id": n + 1,
                        "model_version": "bench",
                        "result_json": json.dumps(result),
                        "classified_at": at,
                        "lvu_score": score,
                        "lvu_flagged": "lvu" in labels,
                        "threat_score": 0.1,
                        "threat_flagged": False,
                        "doxxing_score": 0.1,
                        "doxxing_flagged": False,
                        "severity": severity,
                    }
                )
            connection.execute(insert(Post), posts)
            connection.execute(insert(ReviewItem), items)
            connection.execute(insert(Classification), results)
    engine.dispose()


if __name__ == "__main__":
    import sys

    seed(f"sqlite:///{Path(sys.argv[1]).resolve()}", int(sys.argv[2]))
