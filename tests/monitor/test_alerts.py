"""Alerts reach a real SMTP server (STARTTLS + login) and real webhook receivers, exactly once,
without the exposed details, and a failed delivery is retried until it gets through."""

from __future__ import annotations

import json
import logging
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from classifiers.doxxing.staff import StaffRecord
from models.tables import Alert, Classification, Post, ReviewItem
from monitor.alerts.dispatcher import AlertDispatcher, DeliveryStats
from monitor.db import make_engine, migrate, session_scope
from monitor.runtime import alert_channels, staff_describer
from tests.support.hold import Hold
from tests.support.http_server import Route
from tests.support.smtp_server import PASSWORD, USER, SmtpServer

PHONE = "070-174 06 23"
ADDRESS = "Norrbackagatan 14B"
PNR = "810412-3489"
UTF8_PASSWORD = "lösenord-åäö"
TEXT = (
    f"Åsa Lindqvist på soc i Sundsvall. Bor på {ADDRESS}, 852 35 Sundsvall. Ring {PHONE}. Pnr {PNR}"
)
STAFF = [
    StaffRecord(
        "s01", "Åsa Lindqvist", ("Åsa L",), "socialsekreterare", "Barn och unga", "Sundsvall"
    )
]


@pytest.fixture
def smtp(tmp_path):
    server = SmtpServer(tmp_path).start()
    yield server
    server.stop()


def settings_with_channels(make_config, smtp, fixture_server, monkeypatch):
    monkeypatch.setenv("SOCIALVAKT_SMTP_PASSWORD", PASSWORD)
    monkeypatch.setenv("HOOK_TOKEN", "t0ken")
    return make_config(
        extra=f"""
        alerts:
          min_severity: high
          email:
            host: 127.0.0.1
            port: {smtp.port}
            username: {USER}
            sender: socialvakt@kommun.example
            to: [sakerhet@kommun.example]
            ca_file: {smtp.cert}
            timeout: 5s
          webhooks:
            - {{name: generic, url: "{fixture_server.url("/hook")}", format: json, token_env: HOOK_TOKEN}}
            - {{name: teams, url: "{fixture_server.url("/teams")}", format: teams}}
            - {{name: slack, url: "{fixture_server.url("/slack")}", format: slack}}
        web: {{host: 127.0.0.1, port: 8765, public_url: "https://socialvakt.kommun.example"}}
        """
    )


def queue_doxxing_item(engine, channels) -> int:
    result = {
        "lvu_disinfo": {"score": 0.2, "flagged": False},
        "threat": {"score": 0.1, "flagged": False},
        "doxxing": {
            "score": 0.97,
            "flagged": True,
            "severity": "critical",
            "staff_ids": ["s01"],
            "pii": [
                {
                    "kind": "address",
                    "start": TEXT.index(ADDRESS),
                    "end": TEXT.index(ADDRESS) + len(ADDRESS),
                },
                {
                    "kind": "phone",
                    "start": TEXT.index(PHONE),
                    "end": TEXT.index(PHONE) + len(PHONE),
                },
                {
                    "kind": "personnummer",
                    "start": TEXT.index(PNR),
                    "end": TEXT.index(PNR) + len(PNR),
                },
            ],
            "persons": [],
        },
    }
    with session_scope(engine) as session:
        post = Post(
            source_id="tg",
            platform="telegram",
            external_id="tg/1",
            url="https://t.me/x/1",
            text=TEXT,
        )
        session.add(post)
        session.flush()
        session.add(
            Classification(post_id=post.id, model_version="t", result_json=json.dumps(result))
        )
        item = ReviewItem(
            post_id=post.id, labels="doxxing", severity="critical", score=0.97, platform="telegram"
        )
        session.add(item)
        session.flush()
        for channel in channels:
            session.add(Alert(item_id=item.id, channel=channel))
        return item.id


def test_alert_delivered_once_to_every_channel_without_exposed_details(
    make_config, smtp, fixture_server, monkeypatch, caplog
):
    for path in ("/hook", "/teams", "/slack"):
        fixture_server.routes[path] = Route(b"ok")
    settings = settings_with_channels(make_config, smtp, fixture_server, monkeypatch)
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    item_id = queue_doxxing_item(engine, alert_channels(settings))
    dispatcher = AlertDispatcher(engine, settings, staff_describer(STAFF))

    with caplog.at_level(logging.DEBUG):
        assert dispatcher.deliver_due().sent == 4
        assert dispatcher.deliver_due().sent == 0, "the same item never alerts twice"
    assert f"alert 1 for item {item_id} sent via email" in caplog.text
    for secret in (PHONE, ADDRESS, PNR, "852 35", PASSWORD, "t0ken", "Åsa"):
        assert secret not in caplog.text, secret

    assert len(smtp.messages) == 1
    mail = smtp.messages[0]
    body = mail.get_payload(decode=True).decode()
    assert "KRITISK" in mail["Subject"] and "telegram" in mail["Subject"]
    assert f"https://socialvakt.kommun.example/items/{item_id}" in body
    assert "Åsa Lindqvist (socialsekreterare, Barn och unga)" in body
    assert "hemadress" in body and "telefonnummer" in body

    posted = {path: (headers, body) for path, headers, body in fixture_server.posted}
    assert set(posted) == {"/hook", "/teams", "/slack"}
    generic = json.loads(posted["/hook"][1])
    assert generic["severity"] == "critical" and generic["item_id"] == item_id
    assert posted["/hook"][0]["Authorization"] == "Bearer t0ken"
    assert json.loads(posted["/teams"][1])["attachments"][0]["content"]["type"] == "AdaptiveCard"
    assert "KRITISK" in json.loads(posted["/slack"][1])["text"]

    everything_sent = body + "".join(b.decode() for _, _, b in fixture_server.posted)
    for secret in (PHONE, ADDRESS, PNR, "852 35", "0701740623"):
        assert secret not in everything_sent


def test_failed_delivery_is_retried_with_backoff_and_not_lost(
    make_config, smtp, fixture_server, monkeypatch, caplog
):
    fixture_server.routes["/hook"] = Route(b"down", status=503)
    for path in ("/teams", "/slack"):
        fixture_server.routes[path] = Route(b"ok")
    settings = settings_with_channels(make_config, smtp, fixture_server, monkeypatch)
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    queue_doxxing_item(engine, ["webhook:generic"])
    dispatcher = AlertDispatcher(engine, settings, staff_describer(STAFF))

    with caplog.at_level(logging.INFO):
        assert dispatcher.deliver_due().failed == 1
    with session_scope(engine) as session:
        alert = session.execute(select(Alert)).scalar_one()
        assert alert.status == "pending" and alert.attempts == 1 and "503" in alert.last_error
    assert "503" in caplog.text
    for secret in (PHONE, ADDRESS, PNR, "t0ken", "Åsa"):
        assert secret not in caplog.text and secret not in alert.last_error, secret
        retry_at = alert.next_attempt_at.replace(tzinfo=alert.next_attempt_at.tzinfo or UTC)
    assert retry_at > datetime.now(UTC) + timedelta(seconds=20)
    assert dispatcher.deliver_due().failed == 0, "not retried before its backoff"

    fixture_server.routes["/hook"] = Route(b"ok")
    assert dispatcher.deliver_due(now=retry_at + timedelta(seconds=1)).sent == 1
    with session_scope(engine) as session:
        alert = session.execute(select(Alert)).scalar_one()
        assert alert.status == "sent" and alert.attempts == 2 and alert.last_error is None


def test_wrong_smtp_password_is_a_recorded_failure(make_config, smtp, fixture_server, monkeypatch):
    settings = settings_with_channels(make_config, smtp, fixture_server, monkeypatch)
    monkeypatch.setenv("SOCIALVAKT_SMTP_PASSWORD", "wrong")
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    queue_doxxing_item(engine, ["email"])
    assert AlertDispatcher(engine, settings, staff_describer(STAFF)).deliver_due().failed == 1
    with session_scope(engine) as session:
        alert = session.execute(select(Alert)).scalar_one()
        assert (
            alert.status == "pending"
            and alert.attempts == 1
            and alert.last_error.startswith("SMTP")
        )
    assert smtp.messages == []


def alert_row(engine) -> Alert:
    with session_scope(engine) as session:
        return session.execute(select(Alert)).scalar_one()


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_utf8_smtp_password_logs_in(make_config, fixture_server, monkeypatch, tmp_path, mechanism):
    # smtplib sends AUTH as ASCII and raised UnicodeEncodeError; SASL PLAIN is UTF-8 (RFC 4616).
    smtp = SmtpServer(tmp_path, password=UTF8_PASSWORD, mechanisms=(mechanism,)).start()
    try:
        settings = settings_with_channels(make_config, smtp, fixture_server, monkeypatch)
        monkeypatch.setenv("SOCIALVAKT_SMTP_PASSWORD", UTF8_PASSWORD)
        migrate(settings.database_url)
        engine = make_engine(settings.database_url)
        queue_doxxing_item(engine, ["email"])
        stats = AlertDispatcher(engine, settings, staff_describer(STAFF)).deliver_due()
        assert (stats.sent, stats.failed) == (1, 0), alert_row(engine).last_error
        assert len(smtp.messages) == 1 and "KRITISK" in smtp.messages[0]["Subject"]
    finally:
        smtp.stop()


@pytest.mark.parametrize(
    "password, mechanisms, expected",
    [
        ("fel-lösenord-åäö", ("LOGIN", "PLAIN"), "refused the login for socialvakt (535"),
        (None, ("LOGIN", "PLAIN"), "SOCIALVAKT_SMTP_PASSWORD is not set"),
        (UTF8_PASSWORD, (), "offers no login (AUTH)"),
    ],
)
def test_smtp_login_problems_are_readable_recorded_failures(
    make_config, fixture_server, monkeypatch, tmp_path, caplog, password, mechanisms, expected
):
    smtp = SmtpServer(tmp_path, password=UTF8_PASSWORD, mechanisms=mechanisms).start()
    try:
        settings = settings_with_channels(make_config, smtp, fixture_server, monkeypatch)
        if password is None:
            monkeypatch.delenv("SOCIALVAKT_SMTP_PASSWORD")
        else:
            monkeypatch.setenv("SOCIALVAKT_SMTP_PASSWORD", password)
        migrate(settings.database_url)
        engine = make_engine(settings.database_url)
        queue_doxxing_item(engine, ["email"])
        with caplog.at_level(logging.INFO):
            stats = AlertDispatcher(engine, settings, staff_describer(STAFF)).deliver_due()
    finally:
        smtp.stop()
    assert (stats.sent, stats.failed) == (0, 1)
    alert = alert_row(engine)
    assert alert.status == "pending" and alert.attempts == 1
    assert alert.last_error.startswith("SMTPLoginError: ") and expected in alert.last_error
    assert expected in caplog.text
    for secret in (password or UTF8_PASSWORD, "lösenord", "Traceback"):
        assert secret not in alert.last_error and secret not in caplog.text
    assert smtp.messages == []


def test_a_second_dispatcher_never_sends_an_alert_in_flight(
    make_config, smtp, fixture_server, monkeypatch
):
    """The scheduled job and the one after a scrape may run at once; one claim wins."""
    hold = Hold()
    fixture_server.routes["/hook"] = Route(b"ok", hold=hold, hold_after_body=True)
    settings = settings_with_channels(make_config, smtp, fixture_server, monkeypatch)
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    queue_doxxing_item(engine, ["webhook:generic"])
    first, second = (AlertDispatcher(engine, settings, staff_describer(STAFF)) for _ in range(2))
    results = []
    sender = threading.Thread(target=lambda: results.append(first.deliver_due()))
    sender.start()
    try:
        assert hold.reached.wait(30)
        assert alert_row(engine).status == "sending", "claimed before the network call"
        assert second.deliver_due() == DeliveryStats(sent=0, failed=0)
    finally:
        hold.release()
        sender.join(30)
    assert results[0].sent == 1
    alert = alert_row(engine)
    assert alert.status == "sent" and alert.attempts == 1
    assert [path for path, _, _ in fixture_server.posted] == ["/hook"]


def test_an_interrupted_delivery_is_resent_with_the_same_ids_then_gives_up(
    make_config, smtp, fixture_server, monkeypatch, caplog
):
    """A row left `sending` by a dead process: sent again with the same delivery id; when the
    interrupted attempt was the last one allowed, it is marked failed instead of looping."""
    fixture_server.routes["/hook"] = Route(b"ok")
    settings = settings_with_channels(make_config, smtp, fixture_server, monkeypatch)
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    queue_doxxing_item(engine, ["webhook:generic"])
    dispatcher = AlertDispatcher(engine, settings, staff_describer(STAFF))
    future = datetime.now(UTC) + timedelta(hours=1)
    with session_scope(engine) as session:
        alert = session.execute(select(Alert)).scalar_one()
        alert.status, alert.attempts, alert.next_attempt_at = "sending", 1, future

    assert dispatcher.deliver_due().sent == 0, "its lease has not run out"
    with caplog.at_level(logging.WARNING):
        assert dispatcher.recover_interrupted() == 1
    assert "interrupted" in caplog.text
    assert dispatcher.deliver_due().sent == 1
    alert = alert_row(engine)
    assert alert.status == "sent" and alert.attempts == 2
    ((_, headers, body),) = fixture_server.posted
    key = "socialvakt-alert-1@socialvakt.kommun.example"
    assert headers["Idempotency-Key"] == key and json.loads(body)["delivery_id"] == key

    with session_scope(engine) as session:
        alert = session.execute(select(Alert)).scalar_one()
        alert.status, alert.attempts = "sending", settings.alerts.max_attempts
    dispatcher.recover_interrupted()
    assert dispatcher.deliver_due() == DeliveryStats(sent=0, failed=0)
    alert = alert_row(engine)
    assert alert.status == "failed" and "interrupted" in alert.last_error
    assert len(fixture_server.posted) == 1


@pytest.mark.parametrize("token", ["t0ken-with-newline\n", "t0ken-åäö", "t0ken with space"])
def test_unusable_webhook_token_is_a_readable_failure_without_the_token(
    make_config, smtp, fixture_server, monkeypatch, caplog, token
):
    # httpx's own error would be "Illegal header value b'Bearer t0ken…'", token and all.
    fixture_server.routes["/hook"] = Route(b"ok")
    settings = settings_with_channels(make_config, smtp, fixture_server, monkeypatch)
    monkeypatch.setenv("HOOK_TOKEN", token)
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    queue_doxxing_item(engine, ["webhook:generic"])
    with caplog.at_level(logging.INFO):
        stats = AlertDispatcher(engine, settings, staff_describer(STAFF)).deliver_due()
    alert = alert_row(engine)
    if token.strip() == "t0ken-with-newline":  # a stray line break from an env file is trimmed
        assert stats.sent == 1 and fixture_server.posted[0][1]["Authorization"].endswith("line")
        return
    assert stats.failed == 1 and fixture_server.posted == []
    assert "HOOK_TOKEN has characters an HTTP header cannot carry" in alert.last_error
    assert "t0ken" not in alert.last_error and "t0ken" not in caplog.text


def test_failure_texts_are_scrubbed_of_secrets_in_every_spelling():
    from monitor.alerts.dispatcher import scrub

    password, token = "lösenord-åäö", "tok-123\n"
    texts = [
        f"SMTPDataError: relay said {password}",
        f"LocalProtocolError: Illegal header value {('Bearer ' + token).encode()!r}",
        f"ValueError: {password!r} and {password.encode()!r}",
    ]
    for text in texts:
        cleaned = scrub(text, [password, token, None])
        assert "***" in cleaned
        for leak in ("lösenord", "l\\xf6senord", "l\\xc3\\xb6senord", "tok-123"):
            assert leak not in cleaned, (text, cleaned)
