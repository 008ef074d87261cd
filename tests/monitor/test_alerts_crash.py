"""The real `socialvakt` process killed (SIGKILL) while an alert is in flight, then restarted.

What the product promises: every alert reaches every channel; one that was never handed over
arrives exactly once; one the receiver took but whose answer the dead process never heard arrives
again with the same Message-ID / delivery id, so it counts as one. The receivers hold the first
delivery (tests/support/hold.py) so the kill lands inside it.
"""

from __future__ import annotations

import json
import signal
import subprocess

import pytest
from sqlalchemy import select

from models.tables import Alert
from monitor.db import make_engine, session_scope
from monitor.runtime import alert_channels
from tests.monitor.test_alerts import ADDRESS, PHONE, PNR, TEXT, queue_doxxing_item
from tests.monitor.test_service_process import initialise, socialvakt, wait_for
from tests.support.hold import Hold
from tests.support.http_server import Route
from tests.support.smtp_server import USER, SmtpServer, free_port

SMTP_PASSWORD = "lösenord-åäö-för-test"
HOOK_TOKEN = "hook-token-for-test"


def configure(make_config, smtp, fixture_server):
    return make_config(
        extra=f"""
        alerts:
          email:
            host: 127.0.0.1
            port: {smtp.port}
            username: {USER}
            sender: socialvakt@kommun.example
            to: [sakerhet@kommun.example]
            ca_file: {smtp.cert}
            timeout: 30s
          webhooks:
            - {{name: generic, url: "{fixture_server.url("/hook")}", format: json, token_env: HOOK_TOKEN}}
        scheduler: {{jitter: 1s, shutdown_grace: 10s, alert_every: 1s}}
        web: {{host: 127.0.0.1, port: {free_port()}, public_url: "https://socialvakt.kommun.example"}}
        """
    )


def states(engine) -> dict[str, tuple[str, int, str | None]]:
    with session_scope(engine) as session:
        return {
            a.channel: (a.status, a.attempts, a.last_error)
            for a in session.execute(select(Alert)).scalars()
        }


@pytest.mark.parametrize(
    "held, after_receipt",
    [("email", False), ("email", True), ("webhook:generic", False), ("webhook:generic", True)],
    ids=["smtp-before-data", "smtp-after-data", "webhook-before-body", "webhook-after-body"],
)
def test_kill_during_alert_delivery_then_restart(
    make_config, fixture_server, tmp_path, monkeypatch, held, after_receipt
):
    monkeypatch.setenv("SOCIALVAKT_SMTP_PASSWORD", SMTP_PASSWORD)
    monkeypatch.setenv("HOOK_TOKEN", HOOK_TOKEN)
    hold = Hold()
    smtp_hold = hold if held == "email" else None
    smtp = SmtpServer(
        tmp_path,
        password=SMTP_PASSWORD,
        hold=smtp_hold,
        hold_at="data" if after_receipt else "rcpt",
    ).start()
    hook_hold = hold if held != "email" else None
    fixture_server.routes["/hook"] = Route(b"ok", hold=hook_hold, hold_after_body=after_receipt)
    try:
        settings = configure(make_config, smtp, fixture_server)
        config = tmp_path / "config.yaml"
        initialise(config)
        engine = make_engine(settings.database_url)
        queue_doxxing_item(engine, alert_channels(settings))  # e-mail first, then the webhook
        other = next(c for c in alert_channels(settings) if c != held)

        with open(tmp_path / "first.log", "w") as log:
            process = subprocess.Popen(socialvakt(config, "run"), stdout=log, stderr=log)
            try:
                assert hold.reached.wait(90), "the delivery never reached the receiver"
                at_kill = states(engine)
                process.send_signal(signal.SIGKILL)
                process.wait(10)
            finally:
                process.kill()
                hold.release()
        assert at_kill[held][:2] == ("sending", 1), "claimed and stored before the network call"
        # Alerts go in id order: with the e-mail held, the webhook's call never started (a kill
        # before its network call); with the webhook held, the e-mail had already gone.
        assert at_kill[other][:2] == (("pending", 0) if held == "email" else ("sent", 1))

        with open(tmp_path / "second.log", "w") as log:
            process = subprocess.Popen(socialvakt(config, "run"), stdout=log, stderr=log)
            try:
                wait_for(
                    lambda: {s for s, _, _ in states(engine).values()} == {"sent"},
                    90,
                    "every alert to be sent after the restart",
                )
                process.send_signal(signal.SIGTERM)
                assert process.wait(30) == 0
            finally:
                process.kill()
    finally:
        smtp.stop()

    final = states(engine)
    assert final[held] == ("sent", 2, None), "the interrupted attempt counts as one"
    assert final[other] == ("sent", 1, None)

    # What each receiver got: copies of one alert, all with one id.
    mails = smtp.messages
    hooks = [(headers, body) for path, headers, body in fixture_server.posted if path == "/hook"]
    copies = {"email": len(mails), "webhook:generic": len(hooks)}
    assert copies[other] == 1, "not in flight at the kill: exactly once"
    assert copies[held] == (2 if after_receipt else 1), "received before the kill: once more"
    assert len({mail["Message-ID"] for mail in mails}) == 1
    assert len({mail.get_payload(decode=True) for mail in mails}) == 1
    assert mails[0]["Message-ID"].startswith("<socialvakt-alert-")
    keys = {headers["Idempotency-Key"] for headers, _ in hooks}
    assert len(keys) == 1 and {json.loads(body)["delivery_id"] for _, body in hooks} == keys
    assert len({body for _, body in hooks}) == 1

    first = (tmp_path / "first.log").read_text(encoding="utf-8")
    second = (tmp_path / "second.log").read_text(encoding="utf-8")
    assert "interrupted" in second and "same Message-ID / delivery id" in second
    sent = b"".join(mail.get_payload(decode=True) for mail in mails)
    sent += b"".join(str(mail["Subject"]).encode() for mail in mails)
    sent += b"".join(json.dumps(json.loads(body), ensure_ascii=False).encode() for _, body in hooks)
    assert sent.count(b"telefonnummer") == len(mails) + len(hooks), "decoded text"
    for secret in (PHONE, ADDRESS, PNR, "852 35", SMTP_PASSWORD, HOOK_TOKEN, TEXT[:40]):
        assert secret not in first + second, secret
        assert secret.encode() not in sent, secret
    assert "Traceback" not in first + second
