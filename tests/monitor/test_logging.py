"""Structured logs: the JSON-lines format, and a real service run whose log holds no post text."""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import sys
import urllib.request

from monitor.logs import JsonLineFormatter, formatter
from tests.monitor.test_end_to_end import rss
from tests.monitor.test_service_process import initialise, socialvakt, wait_for
from tests.support.http_server import Route
from tests.support.installation import DOXXING
from tests.support.smtp_server import free_port


def record(message: str, *args, exc_info=None, **extra) -> logging.LogRecord:
    made = logging.getLogger("monitor.test").makeRecord(
        "monitor.test", logging.WARNING, __file__, 1, message, args, exc_info, extra=extra
    )
    return made


def test_json_lines_carry_level_logger_message_and_extras():
    line = JsonLineFormatter().format(
        record("source %s: %d new", "feed", 3, source="feed", deleted={"post": 2}, when=object())
    )
    entry = json.loads(line)
    assert entry["level"] == "WARNING" and entry["logger"] == "monitor.test"
    assert entry["message"] == "source feed: 3 new"
    assert entry["source"] == "feed" and entry["deleted"] == {"post": 2}
    assert isinstance(entry["when"], str)  # anything else is written as text, never fails
    assert entry["time"].endswith("+00:00")
    assert "\n" not in line


def test_json_lines_keep_exceptions_on_one_line():
    try:
        raise RuntimeError("trasig\nrad")
    except RuntimeError:
        line = JsonLineFormatter().format(record("failed", exc_info=sys.exc_info()))
    assert "\n" not in line
    assert "RuntimeError: trasig\nrad" in json.loads(line)["exception"]
    assert isinstance(formatter("text"), logging.Formatter)
    assert not isinstance(formatter("text"), JsonLineFormatter)


def test_service_logs_json_lines_without_post_text(make_config, fixture_server, tmp_path):
    fixture_server.routes["/feed.xml"] = Route(rss(("d1", "Uthängd", DOXXING)))
    fixture_server.routes["/hook"] = Route(b"ok")
    port = free_port()
    make_config(
        f'sources:\n  - {{id: feed, kind: rss, url: "{fixture_server.url("/feed.xml")}", every: 1h}}\n',
        f"web: {{host: 127.0.0.1, port: {port}}}\n"
        "logging: {format: json, level: debug}\n"
        "scheduler: {jitter: 1s, shutdown_grace: 10s, alert_every: 1s}\n"
        f'alerts: {{webhooks: [{{name: sak, url: "{fixture_server.url("/hook")}"}}]}}\n',
    )
    initialise(tmp_path / "config.yaml")
    process = subprocess.Popen(
        socialvakt(tmp_path / "config.yaml", "run"), stderr=subprocess.PIPE, text=True
    )
    try:

        def scraped_and_alerted() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=1) as r:
                    text = r.read().decode()
            except OSError:
                return False
            return 'socialvakt_scrape_runs_total{source="feed"} 1' in text and bool(
                fixture_server.posted
            )

        wait_for(scraped_and_alerted, 60, "a scrape and an alert")
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0
    finally:
        process.kill()
    lines = [line for line in process.stderr.read().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all({"time", "level", "logger", "message"} <= set(e) for e in entries)
    messages = [e["message"] for e in entries]
    assert any(m.startswith("source feed: 1 new") for m in messages), messages
    assert any("sent via webhook:sak" in m for m in messages), messages
    assert any(e["level"] == "DEBUG" for e in entries)  # logging.level applies
    log = "\n".join(lines)
    for secret in ("Lindqvist", "Norrbackagatan", "070-174", "häxan", "Amiras"):
        assert secret not in log, f"{secret!r} was logged"
