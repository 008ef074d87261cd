"""A running `socialvakt run` process with seeded data, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from classifiers.doxxing.staff import parse_staff_csv
from models.enums import Role
from monitor.db import migrate
from monitor.runtime import build_runtime
from monitor.secretkey import create_secret_key
from monitor.staff_registry import RegistryCipher, import_staff
from monitor.users import add_user
from tests.web.conftest import DISINFO, DOXXING, HOSTILE, PASSWORD, STAFF_CSV, ingest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DOCS = Path(__file__).resolve().parents[2] / "docs"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"
)

QUEUE_TEXTS = [
    "Soc tar barn för minsta lilla sak, de kidnappar muslimska barn och säljer dem vidare. Sprid! #{n}",
]


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(make_config, tmp_path):
    port = free_port()
    settings = make_config(extra=f"web: {{host: 127.0.0.1, port: {port}}}\n")
    migrate(settings.database_url)
    create_secret_key(settings.secret_key_path)
    records, _ = parse_staff_csv(STAFF_CSV)
    runtime = build_runtime(settings)
    import_staff(runtime.engine, RegistryCipher.from_settings(settings), records)
    runtime = build_runtime(settings)
    for name, role in (("kommunikator", Role.COMMUNICATIONS), ("sakerhet", Role.SECURITY)):
        add_user(runtime.engine, name, role, PASSWORD, must_change=False)
    ingest(runtime, DOXXING, DISINFO, HOSTILE)
    process = subprocess.Popen(
        [sys.executable, "-m", "monitor.cli", "run", "--config", str(tmp_path / "config.yaml")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        raise AssertionError(
            "the service did not start: " + (process.stderr.read() if process.stderr else "")
        )
    yield base, runtime
    process.terminate()
    process.wait(30)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=BROWSER_ARGS, headless=True
        )
        yield chromium
        chromium.close()


def login(browser, base: str, username: str):
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="sv-SE")
    page = context.new_page()
    page.goto(base + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/queue")
    return page
