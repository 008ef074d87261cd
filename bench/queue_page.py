"""The review queue page with 100,000 items, served by the real `socialvakt run` process.

Medians of repeated requests for the first page, a filtered page, a free-text search and a deep
page (via the keyset cursor), beside /healthz measured in the same run as the baseline.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from common import ROOT, write_results
from seed import seed

from models.enums import Role
from monitor.db import make_engine
from monitor.users import add_user

ITEMS = int(os.environ.get("BENCH_ITEMS", "100000"))
REPEATS = 15
PASSWORD = "benchmark-password-123"


def timed(client: httpx.Client, url: str) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "data").mkdir()
        model = ROOT / "data" / "model.skops"
        if model.exists():
            (work / "data" / "model.skops").write_bytes(model.read_bytes())
        (work / "config.yaml").write_text("web: {host: 127.0.0.1, port: 8799}\nsources: []\n")
        database = f"sqlite:///{work}/data/socialvakt.db"
        started = time.perf_counter()
        seed(database, ITEMS)
        seed_seconds = time.perf_counter() - started
        cli = [sys.executable, "-m", "monitor.cli"]
        subprocess.run(
            [*cli, "init", "--config", str(work / "config.yaml")], check=True, capture_output=True
        )
        add_user(make_engine(database), "bench", Role.SECURITY, PASSWORD, must_change=False)
        server = subprocess.Popen(
            [*cli, "run", "--config", str(work / "config.yaml")], stderr=subprocess.DEVNULL
        )
        try:
            base = "http://127.0.0.1:8799"
            with httpx.Client(base_url=base, timeout=30) as client:
                for _ in range(200):
                    try:
                        client.get("/healthz")
                        break
                    except httpx.TransportError:
                        time.sleep(0.2)
                token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(
                    1
                )
                client.post(
                    "/login", data={"username": "bench", "password": PASSWORD, "csrf": token}
                )
                page = client.get("/queue").text
                cursor = re.search(r'after=([^"&]+)', page).group(1)
                results = {
                    "items": ITEMS,
                    "seed_seconds": round(seed_seconds, 1),
                    "healthz_ms_median": round(timed(client, "/healthz"), 2),
                    "queue_first_page_ms_median": round(timed(client, "/queue"), 2),
                    "queue_next_page_ms_median": round(timed(client, f"/queue?after={cursor}"), 2),
                    "queue_filtered_ms_median": round(
                        timed(client, "/queue?label=doxxing&severity=critical&platform=telegram"), 2
                    ),
                    "queue_by_score_ms_median": round(timed(client, "/queue?sort=score"), 2),
                    "queue_search_ms_median": round(
                        timed(client, "/queue?status=all&q=familjehem"), 2
                    ),
                }
        finally:
            server.terminate()
            server.wait(30)
    results["queue_vs_healthz_ratio"] = round(
        results["queue_first_page_ms_median"] / results["healthz_ms_median"], 1
    )
    write_results("queue_page", results)


if __name__ == "__main__":
    main()
