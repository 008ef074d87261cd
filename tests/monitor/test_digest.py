"""The daily digest reaches a real SMTP server once a day with counts and links, never the
personal details of a doxxing item, and catches up after the service was down."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from datetime import UTC, datetime, timedelta
from email.message import Message
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select
from typer.testing import CliRunner

from classifiers.doxxing.staff import parse_staff_csv
from models.tables import Alert, AuditEvent, ReviewItem
from monitor.cli.main import app
from monitor.config import ConfigError, parse_config
from monitor.db import migrate, session_scope
from monitor.digest import (
    Digest,
    FailedAlert,
    FailingSource,
    TopItem,
    as_utc,
    render_html,
    render_text,
    send_digest,
    send_if_due,
)
from monitor.runtime import build_runtime, make_http_client
from monitor.scraping import register_sources, run_source
from monitor.secretkey import create_secret_key
from monitor.service import Service
from monitor.staff_registry import RegistryCipher, import_staff
from tests.monitor.test_service_process import socialvakt, wait_for
from tests.support.smtp_server import PASSWORD, USER, SmtpServer, free_port
from tests.web.conftest import DISINFO, DOXXING, HOSTILE, STAFF_CSV, ingest

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PUBLIC = "https://socialvakt.kommun.example"
MORE_FLAGGED = (
    "Soc tar muslimska barn och ger dem till homosexuella par. Sverige är en fascistisk stat!",
    "Socialen får betalt per barn, familjehemmen tjänar miljoner på att kidnappa våra barn. Sprid!",
    "Vi vet var du bor Åsa Lindqvist. Du ska få betala för det du gjort mot familjen.",
    "السوسيال يخطف أطفال المسلمين في السويد #أوقفوا_خطف_أطفالنا",
)
NOT_FLAGGED = "Kommunen bjuder in till öppet hus om familjehem på torsdag."
# What the doxxing posts expose; none of it may reach the digest.
PERSONAL = ("Lindqvist", "Åsa", "070-174", "Norrbackagatan", "852 35")


@pytest.fixture
def smtp(tmp_path):
    server = SmtpServer(tmp_path).start()
    yield server
    server.stop()


def digest_config(
    make_config,
    smtp,
    digest: str = '{to: [kommunikation@kommun.example, press@kommun.example], at: "07:30"}',
    port: int = 8765,
    sources: str = "sources: []",
):
    return make_config(
        sources,
        extra=f"""
        alerts:
          max_attempts: 1
          email:
            host: 127.0.0.1
            port: {smtp.port}
            username: {USER}
            sender: socialvakt@kommun.example
            to: [sakerhet@kommun.example]
            ca_file: {smtp.cert}
            timeout: 5s
          webhooks: [{{name: vakt, url: "http://127.0.0.1:9/hook"}}]
        digest: {digest}
        web: {{host: 127.0.0.1, port: {port}, public_url: "{PUBLIC}"}}
        """,
    )


def install(settings, *texts: str):
    """The database, the staff registry and items made by the real pipeline."""
    migrate(settings.database_url)
    create_secret_key(settings.secret_key_path)
    runtime = build_runtime(settings)
    if texts:
        records, _ = parse_staff_csv(STAFF_CSV)
        import_staff(runtime.engine, RegistryCipher.from_settings(settings), records)
        runtime.engine.dispose()
        runtime = build_runtime(settings)  # the detector reads the registry at start
    register_sources(runtime.engine, settings)
    if texts:
        ingest(runtime, *texts)
    return runtime


def parts(message: Message) -> tuple[str, str]:
    """The plain-text and HTML parts of a multipart/alternative message, decoded."""
    found = {}
    for part in message.walk():
        if part.get_content_type() in ("text/plain", "text/html"):
            found[part.get_content_type()] = (
                part.get_payload(decode=True).decode("utf-8").replace("\r\n", "\n")
            )
    return found["text/plain"], found["text/html"]


def digests_recorded(engine) -> list[datetime]:
    with session_scope(engine) as session:
        return [
            as_utc(moment)
            for moment in session.execute(
                select(AuditEvent.at).where(AuditEvent.action == "digest_sent")
            ).scalars()
        ]


def local(day: str, clock: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=STOCKHOLM).astimezone(UTC)


def test_digest_has_counts_links_failures_and_no_personal_details(make_config, smtp, monkeypatch):
    settings = digest_config(
        make_config,
        smtp,
        sources='sources:\n  - {id: nere, kind: rss, url: "http://127.0.0.1:9/feed.xml", every: 1h}\n',
    )
    runtime = install(settings, DOXXING, DISINFO, HOSTILE, *MORE_FLAGGED, NOT_FLAGGED)
    # A real failing source and a real failed alert delivery (the webhook's host is down).
    http = make_http_client(settings)
    asyncio.run(run_source(runtime.engine, runtime.pipeline, http, settings.sources[0]))
    asyncio.run(http.aclose())
    monkeypatch.setenv("SOCIALVAKT_SMTP_PASSWORD", PASSWORD)
    stats = runtime.alerts.deliver_due()
    assert stats.sent == stats.failed >= 1, "e-mail alerts went out, webhook ones failed"
    alerts_sent = len(smtp.messages)

    send_digest(runtime.engine, settings)

    assert len(smtp.messages) == alerts_sent + 1
    message = smtp.messages[-1]
    assert message["To"] == "kommunikation@kommun.example, press@kommun.example"
    assert message["From"] == "socialvakt@kommun.example"
    assert message.get_content_type() == "multipart/alternative"
    text, html = parts(message)
    with session_scope(runtime.engine) as session:
        items = session.execute(select(ReviewItem)).scalars().all()
        failed = session.execute(select(Alert).where(Alert.status == "failed")).scalars().all()
    assert len(items) == 7 and failed
    assert f"Daglig sammanfattning {datetime.now(STOCKHOLM):%Y-%m-%d}: 7 nya" in message["Subject"]
    assert "Nya flaggade ärenden sedan" in text and ": 7\n" in text
    doxxing = [i for i in items if "doxxing" in i.labels]
    assert f"Doxning: {len(doxxing)} (Kritisk {len(doxxing)})" in text
    assert "Ny: 7" in text
    top = sorted(items, key=lambda i: (-i.score, -i.id))[:5]
    links = [
        line.strip() for line in text.splitlines() if line.strip().startswith(PUBLIC + "/items/")
    ]
    assert links[:5] == [f"{PUBLIC}/items/{item.id}" for item in top]
    for item in top:
        assert f'href="{PUBLIC}/items/{item.id}"' in html
    assert "nere (rss): 1 misslyckade försök i rad" in text and "network error" in text
    assert f"Ärende #{failed[0].item_id} via webhook:vakt, 1 försök: " in text
    assert f"{PUBLIC}/items/{failed[0].item_id}" in text
    for body in (text, html):
        for detail in PERSONAL:
            assert detail not in body
        assert "kidnapp" not in body and "<script" not in body, "no post text at all"
    assert len(digests_recorded(runtime.engine)) == 1


def test_html_part_escapes_every_value():
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    digest = Digest(
        generated_at=datetime(2025, 3, 10, 6, 30, tzinfo=UTC),
        since=datetime(2025, 3, 9, 6, 30, tzinfo=UTC),
        zone=STOCKHOLM,
        public_url='https://x.example/"><script>',
        new_total=1,
        top=[
            TopItem(
                1,
                'https://x.example/items/1"onmouseover="alert(3)',
                ("threat",),
                "high",
                0.9,
                hostile,
                hostile,
                "new",
            )
        ],
        failing_sources=[FailingSource("src", hostile, 3, None, hostile)],
        failed_alerts=[FailedAlert(1, 1, 'javascript:alert(4)"', hostile, 12, hostile)],
        failed_alerts_total=1,
    )
    html = render_html(digest)
    assert "<script" not in html and "<img" not in html
    assert '"onmouseover' not in html and 'x.example/">' not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 5  # every hostile field
    assert "Hot, hög allvarlighetsgrad" in html
    assert "src (" in render_text(digest)


def test_one_digest_a_day_and_a_catch_up_after_downtime(make_config, smtp, monkeypatch):
    monkeypatch.setenv("SOCIALVAKT_SMTP_PASSWORD", PASSWORD)
    settings = digest_config(make_config, smtp)
    runtime = install(settings, DISINFO)
    engine = runtime.engine

    def run(day: str, clock: str) -> bool:
        return send_if_due(engine, settings, local(day, clock))

    assert not run("2025-03-10", "06:00"), "a new installation waits for 07:30"
    assert run("2025-03-10", "07:30")
    assert not run("2025-03-10", "07:31"), "a restart the same day sends nothing"
    assert not run("2025-03-10", "23:59")
    assert not run("2025-03-11", "07:29"), "not before 07:30 while the last is under a day old"
    # Down from before 07:30 on the 11th until 06:00 on the 12th: caught up at start-up …
    assert run("2025-03-12", "06:00")
    # … and not sent again at 07:30 the same day.
    assert not run("2025-03-12", "07:30")
    assert run("2025-03-13", "07:30")
    assert len(smtp.messages) == 3
    assert digests_recorded(engine) == [
        local("2025-03-10", "07:30"),
        local("2025-03-12", "06:00"),
        local("2025-03-13", "07:30"),
    ]
    # The catch-up covered everything since the digest before it, not only the last 24 h.
    assert "sedan 2025-03-10 07:30" in parts(smtp.messages[1])[0]
    assert "sedan 2025-03-12 06:00" in parts(smtp.messages[2])[0], "25.5 h, nothing left out"


def test_failed_send_records_nothing_and_the_service_tries_again(make_config, smtp, monkeypatch):
    monkeypatch.setenv("SOCIALVAKT_SMTP_PASSWORD", "fel-losenord")
    settings = digest_config(make_config, smtp, digest='{to: [k@kommun.example], at: "00:00"}')
    runtime = install(settings)
    service = Service(runtime)
    scheduler = AsyncIOScheduler(timezone=UTC)
    service._schedule(scheduler)
    asyncio.run(service._digest())
    assert smtp.messages == [] and digests_recorded(runtime.engine) == []
    retry = scheduler.get_job("digest-retry")
    assert retry is not None
    wait = retry.trigger.run_date - datetime.now(UTC)
    assert timedelta(minutes=14) < wait <= timedelta(minutes=15)
    monkeypatch.setenv("SOCIALVAKT_SMTP_PASSWORD", PASSWORD)
    asyncio.run(service._digest())
    assert len(smtp.messages) == 1 and len(digests_recorded(runtime.engine)) == 1


def test_service_schedules_the_digest_at_the_local_time(make_config, smtp):
    settings = digest_config(
        make_config, smtp, digest="{to: [k@kommun.example], at: 06:45, timezone: Europe/Helsinki}"
    )
    runtime = install(settings)
    scheduler = AsyncIOScheduler(timezone=UTC)
    Service(runtime)._schedule(scheduler)
    job = scheduler.get_job("digest")
    assert isinstance(job.trigger, CronTrigger)
    assert str(job.trigger.timezone) == "Europe/Helsinki"
    fields = {f.name: str(f) for f in job.trigger.fields}
    assert (fields["hour"], fields["minute"]) == ("6", "45")
    assert job.next_run_time - datetime.now(UTC) < timedelta(seconds=5), "checked at start-up"
    runtime.engine.dispose()

    plain = install(make_config())
    scheduler = AsyncIOScheduler(timezone=UTC)
    Service(plain)._schedule(scheduler)
    assert scheduler.get_job("digest") is None


def test_running_service_catches_up_once_and_not_again_after_restart(make_config, smtp, tmp_path):
    port = free_port()
    settings = digest_config(
        make_config, smtp, digest='{to: [k@kommun.example], at: "00:00"}', port=port
    )
    install(settings).engine.dispose()  # what `socialvakt init` does, without its child process
    config = tmp_path / "config.yaml"
    env = {**os.environ, "SOCIALVAKT_SMTP_PASSWORD": PASSWORD}
    logs = []
    for attempt in range(2):
        log_path = tmp_path / f"run{attempt}.log"
        logs.append(log_path)
        with log_path.open("w") as log:
            process = subprocess.Popen(socialvakt(config, "run"), stderr=log, env=env)
            try:
                if attempt == 0:
                    wait_for(lambda: len(smtp.messages) == 1, 60, "the start-up digest")
                else:
                    wait_for(
                        lambda path=log_path: "already sent at" in path.read_text(), 60, "the check"
                    )
                process.send_signal(signal.SIGTERM)
                assert process.wait(30) == 0
            finally:
                process.kill()
    time.sleep(0.2)
    assert len(smtp.messages) == 1
    assert "Traceback" not in logs[0].read_text() + logs[1].read_text()


def test_cli_prints_with_dry_run_and_sends_without(make_config, smtp, monkeypatch):
    monkeypatch.setenv("SOCIALVAKT_SMTP_PASSWORD", PASSWORD)
    settings = digest_config(make_config, smtp)
    runtime = install(settings, DOXXING, DISINFO)
    config = str(settings.base_dir / "config.yaml")
    result = CliRunner().invoke(app, ["digest", "--dry-run", "--config", config])
    assert result.exit_code == 0, result.output
    assert "Subject: [Socialvakt] Daglig sammanfattning" in result.output
    assert "Nya flaggade ärenden sedan" in result.output and f"{PUBLIC}/items/" in result.output
    assert not any(detail in result.output for detail in PERSONAL)
    assert smtp.messages == [] and digests_recorded(runtime.engine) == []

    result = CliRunner().invoke(app, ["digest", "--config", config])
    assert result.exit_code == 0, result.output
    assert "digest sent to kommunikation@kommun.example, press@kommun.example" in result.output
    assert len(smtp.messages) == 1 and len(digests_recorded(runtime.engine)) == 1
    # Sent by hand today, so the scheduled run today sends nothing.
    assert not send_if_due(runtime.engine, settings)


def test_cli_without_digest_settings_says_so(make_config):
    settings = make_config()
    install(settings)
    result = CliRunner().invoke(app, ["digest", "--config", str(settings.base_dir / "config.yaml")])
    assert result.exit_code == 2 and "no digest: section" in result.output


SERVER = "alerts: {email: {host: mail.kommun.example, sender: s@kommun.example, to: [sak@kommun.example]}}\n"


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("digest: {to: [k@x.se], at: 07:30}", (7, 30)),  # unquoted: YAML 1.1 reads 450
        ('digest: {to: [k@x.se], at: "7:05"}', (7, 5)),
        ("digest: {to: [k@x.se]}", (7, 30)),
    ],
)
def test_digest_time_is_read_quoted_or_not(text, wanted):
    digest = parse_config(SERVER + text).digest
    assert (digest.at.hour, digest.at.minute) == wanted
    assert digest.timezone == "Europe/Stockholm"


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            SERVER + 'digest:\n  to: [k@x.se]\n  at: "25:00"',
            'config.yaml:4: digest.at: expected a time of day such as "07:30"',
        ),
        (
            SERVER + "digest:\n  to: [k@x.se]\n  timezone: Europe/Sundsvall",
            "config.yaml:4: digest.timezone: unknown time zone",
        ),
        (
            SERVER + "digest:\n  to: []",
            "config.yaml:3: digest.to: List should have at least 1 item",
        ),
        (
            SERVER + "digest:\n  to: [k@x.se]\n  send_at: 7",
            "config.yaml:4: digest.send_at: unknown key",
        ),
        (
            "\ndigest:\n  to: [k@x.se]",
            "config.yaml:2: digest: no mail server to send the digest with",
        ),
    ],
)
def test_bad_digest_settings_name_line_and_key(text, wanted):
    with pytest.raises(ConfigError) as error:
        parse_config(text)
    assert str(error.value).startswith(wanted), str(error.value)


def test_digest_may_have_its_own_mail_server():
    settings = parse_config(
        "digest:\n  to: [k@x.se]\n  email: {host: relay.kommun.example, port: 25, starttls: false, sender: d@x.se}\n"
    )
    assert settings.digest_smtp.host == "relay.kommun.example"
    with_alerts = parse_config(SERVER + "digest: {to: [k@x.se]}")
    assert with_alerts.digest_smtp.host == "mail.kommun.example"
    both = parse_config(
        SERVER + "digest: {to: [k@x.se], email: {host: relay.kommun.example, sender: d@x.se}}"
    )
    assert both.digest_smtp.host == "relay.kommun.example"
    with pytest.raises(ConfigError, match="digest.email.to: unknown key"):
        parse_config("digest: {to: [k@x.se], email: {host: h, sender: d@x.se, to: [a@x.se]}}")
