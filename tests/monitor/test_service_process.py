"""The real `socialvakt` process: killed mid-scrape it loses nothing; SIGTERM stops it cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from sqlalchemy import func, select

from models.tables import Post, ScrapeRun, Source
from monitor.db import make_engine, migrate, session_scope
from tests.monitor.test_end_to_end import rss
from tests.support.http_server import Route
from tests.support.smtp_server import free_port

REPOSITORY = Path(__file__).resolve().parents[2]

ITEMS = 400


def big_feed() -> bytes:
    items = [
        (
            f"id-{n}",
            f"Nyhet nummer {n}",
            f"Kommunen informerar om öppet hus nummer {n} på biblioteket i Torsby.",
        )
        for n in range(ITEMS)
    ]
    return rss(*items)


def socialvakt(config, *args) -> list[str]:
    return [sys.executable, "-m", "monitor.cli", *args, "--config", str(config)]


def initialise(config) -> None:
    subprocess.run(socialvakt(config, "init"), check=True, capture_output=True, timeout=180)


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
            return json.loads(r.read())["status"] == "ok"
    except OSError:
        return False


def stored_posts(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        total = session.execute(select(func.count()).select_from(Post)).scalar_one()
        distinct = session.execute(select(func.count(func.distinct(Post.external_id)))).scalar_one()
    engine.dispose()
    return total, distinct


def test_kill_during_scrape_then_restart_loses_nothing(make_config, fixture_server, tmp_path):
    # The server answers slowly, so the kill lands while the scrape is in flight.
    fixture_server.routes["/feed.xml"] = Route(big_feed(), delay=1.5)
    settings = make_config(
        f'sources:\n  - {{id: feed, kind: rss, url: "{fixture_server.url("/feed.xml")}", every: 1h}}\n'
    )
    initialise(tmp_path / "config.yaml")
    config = tmp_path / "config.yaml"
    process = subprocess.Popen(
        socialvakt(config, "run"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        wait_for(lambda: fixture_server.requests, 60, "the scrape to start")
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        process.kill()
    assert stored_posts(settings.database_url) == (0, 0)

    fixture_server.routes["/feed.xml"] = Route(big_feed())
    subprocess.run(
        socialvakt(config, "scrape", "feed"), check=True, capture_output=True, timeout=120
    )
    subprocess.run(
        socialvakt(config, "scrape", "feed"), check=True, capture_output=True, timeout=120
    )
    assert stored_posts(settings.database_url) == (ITEMS, ITEMS)


def test_kill_during_classification_is_all_or_nothing(make_config, fixture_server, tmp_path):
    fixture_server.routes["/feed.xml"] = Route(big_feed())
    settings = make_config(
        f'sources:\n  - {{id: feed, kind: rss, url: "{fixture_server.url("/feed.xml")}", every: 1h}}\n'
    )
    migrate(settings.database_url)
    config = tmp_path / "config.yaml"
    outcomes = set()
    for delay in (0.0, 0.3, 0.6):
        process = subprocess.Popen(
            socialvakt(config, "scrape", "feed"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(
            lambda n=len(fixture_server.requests): len(fixture_server.requests) > n, 60, "the fetch"
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        total, distinct = stored_posts(settings.database_url)
        assert total == distinct and total in (0, ITEMS), "a fetch is stored whole or not at all"
        outcomes.add(total)
    subprocess.run(
        socialvakt(config, "scrape", "feed"), check=True, capture_output=True, timeout=120
    )
    assert stored_posts(settings.database_url) == (ITEMS, ITEMS)


def test_service_serves_health_and_stops_on_sigterm(make_config, fixture_server, tmp_path):
    fixture_server.routes["/feed.xml"] = Route(rss(("a1", "Helg", "Sol i Torsby i helgen.")))
    settings = make_config(
        f'sources:\n  - {{id: feed, kind: rss, url: "{fixture_server.url("/feed.xml")}", every: 1h}}\n'
        '  - {id: offline, kind: rss, url: "http://127.0.0.1:9/feed.xml", every: 1h}\n'
    )
    initialise(tmp_path / "config.yaml")
    process = subprocess.Popen(
        socialvakt(tmp_path / "config.yaml", "run"), stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for(lambda: healthy(settings.web.port), 60, "/healthz")
        engine = make_engine(settings.database_url)

        def both_ran() -> bool:
            with session_scope(engine) as session:
                return len(set(session.execute(select(ScrapeRun.source_id)).scalars())) == 2

        wait_for(both_ran, 60, "both sources to run")
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0
    finally:
        process.kill()
    with session_scope(engine) as session:
        assert session.get(Source, "feed").health == "ok"
        offline = session.get(Source, "offline")
        assert offline.health == "failing" and "network error" in offline.last_error
    assert stored_posts(settings.database_url) == (1, 1)
    assert "Traceback" not in process.stderr.read()


def test_one_service_per_database_and_a_killed_one_lets_go(make_config, tmp_path):
    settings = make_config()
    config = tmp_path / "config.yaml"
    initialise(config)
    # The same database, another web port: without the lock both would run and scrape twice.
    second = tmp_path / "second.yaml"
    second.write_text(config.read_text().replace("port: 8765", "port: 8766"))
    logs = iter(range(100))

    def start(path):
        log = tmp_path / f"run-{next(logs)}.log"
        process = subprocess.Popen(
            socialvakt(path, "run"), stdout=log.open("w"), stderr=subprocess.STDOUT
        )
        return process, log

    first, _ = start(config)
    refused = first
    try:
        wait_for(lambda: healthy(settings.web.port), 60, "the first service")
        refused, log = start(second)
        assert refused.wait(60) == 1
        message = log.read_text()
        assert (
            "another `socialvakt run`" in message and "one `socialvakt run` per database" in message
        )
        assert "Traceback" not in message
        assert healthy(settings.web.port), "the running service is not disturbed"

        first.send_signal(signal.SIGKILL)
        first.wait(10)
        first, log = start(second)  # the lock died with the killed process
        wait_for(lambda: healthy(8766), 60, "a new service after the kill")
        first.send_signal(signal.SIGTERM)
        assert first.wait(30) == 0, log.read_text()
    finally:
        first.kill()
        refused.kill()


def test_make_run_initialises_and_starts_the_service(make_config, tmp_path):
    """The README's first command, as a new user types it (with our config file)."""
    port = free_port()
    settings = make_config(extra=f"web: {{host: 127.0.0.1, port: {port}}}\n")
    log = tmp_path / "make-run.log"
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"CONFIG={tmp_path / 'config.yaml'}"],
        cwd=REPOSITORY,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # make and the service in one group, stopped together
    )
    try:
        wait_for(lambda: healthy(port) or process.poll() is not None, 120, "make run")
        assert healthy(port), log.read_text()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
    output = log.read_text()
    assert "database ready" in output and "First administrator created" in output
    assert "stopped" in output and "Traceback" not in output
    assert stored_posts(settings.database_url) == (0, 0)
