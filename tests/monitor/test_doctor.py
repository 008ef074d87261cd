"""`socialvakt doctor` against a healthy installation and against one broken in every part."""

from __future__ import annotations

import os
import shutil
import sqlite3
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from classifiers import artifact
from monitor.cli.main import app
from monitor.db import migrate
from monitor.secretkey import create_secret_key
from tests.monitor.test_end_to_end import rss
from tests.support.databases import on_postgresql
from tests.support.http_server import Route
from tests.support.installation import install
from tests.support.smtp_server import PASSWORD, USER, SmtpServer, free_port


@pytest.fixture
def smtp_server(tmp_path):
    server = SmtpServer(tmp_path).start()
    yield server
    server.stop()


def doctor(settings) -> tuple[int, dict[str, str], str]:
    """Exit code, each check's line by its name, and the whole output."""
    config = settings.base_dir / "config.yaml"
    result = CliRunner().invoke(app, ["doctor", "--timeout", "3", "--config", str(config)])
    lines = {}
    for line in result.stdout.splitlines():
        if line[:4].strip() in ("OK", "WARN", "FAIL"):
            name = line[6:].split(": ", 1)[0]
            lines[name] = line
    return result.exit_code, lines, result.output


def email_yaml(port: int, cert: str = "") -> str:
    ca = f", ca_file: {cert}" if cert else ""
    return (
        f"  email: {{host: 127.0.0.1, port: {port}, username: {USER}, password_env: DOCTOR_SMTP, "
        f"sender: socialvakt@example.se, to: [sakerhet@example.se]{ca}}}\n"
    )


def test_healthy_installation_passes_and_nothing_is_sent(
    make_config, fixture_server, smtp_server, monkeypatch, tmp_path
):
    monkeypatch.setenv("DOCTOR_SMTP", PASSWORD)
    fixture_server.routes["/feed.xml"] = Route(rss(("a", "Helg", "Sol i Torsby.")))
    (tmp_path / "imports").mkdir()
    settings, runtime = install(
        make_config,
        "alerts:\n"
        + email_yaml(smtp_server.port, str(smtp_server.cert))
        + f'  webhooks: [{{name: sak, url: "{fixture_server.url("/hook")}"}}]\n',
        "sources:\n"
        f'  - {{id: feed, kind: rss, url: "{fixture_server.url("/feed.xml")}", every: 1h}}\n'
        f'  - {{id: md, kind: mastodon, base_url: "{fixture_server.base_url}", hashtag: LVU, '
        "every: 1h}\n"
        "  - {id: filer, kind: import, path: imports, every: 5m}\n",
    )
    runtime.engine.dispose()
    code, lines, output = doctor(settings)
    assert code == 0, output
    for name in (
        "config",
        "database",
        "secret key",
        "model",
        "source feed",
        "source md",
        "source filer",
        "smtp",
        "webhook sak",
    ):
        assert lines[name].startswith("OK  "), output
    assert "STARTTLS, logged in as socialvakt" in lines["smtp"]
    assert not smtp_server.messages  # greeted, never given a message
    assert not fixture_server.posted  # the webhook got a HEAD, no alert


def test_broken_installation_each_part_found_with_its_own_message(make_config, monkeypatch):
    monkeypatch.setenv("DOCTOR_SMTP", PASSWORD)
    closed = [free_port() for _ in range(3)]
    settings = make_config(
        f'sources:\n  - {{id: feed, kind: rss, url: "http://127.0.0.1:{closed[0]}/feed.xml", '
        "every: 1h}\n",
        "alerts:\n"
        + email_yaml(closed[1])
        + f'  webhooks: [{{name: sak, url: "http://127.0.0.1:{closed[2]}/hook"}}]\n',
    )
    migrate(settings.database_url, "0001")  # an older schema: never upgraded
    create_secret_key(settings.secret_key_path)
    os.chmod(settings.secret_key_path, 0o644)
    settings.model_path.write_bytes(b"PK\x03\x04 this is not a skops artefact")

    code, lines, output = doctor(settings)
    assert code == 1
    assert lines["config"].startswith("OK  ")
    database = lines["database"]
    assert database.startswith("FAIL") and "revision 0001" in database
    assert "run `socialvakt init` to upgrade" in database
    key = lines["secret key"]
    assert key.startswith("FAIL") and "mode 0644" in key and "chmod 600" in key
    model = lines["model"]
    assert model.startswith("FAIL") and "not a skops model file" in model
    assert "socialvakt train" in model
    source = lines["source feed"]
    assert source.startswith("FAIL") and f"cannot reach 127.0.0.1:{closed[0]}" in source
    assert "connection refused" in source
    smtp = lines["smtp"]
    assert smtp.startswith("FAIL") and f"connect to 127.0.0.1:{closed[1]} failed" in smtp
    assert "connection refused" in smtp
    hook = lines["webhook sak"]
    assert hook.startswith("FAIL") and f"cannot reach 127.0.0.1:{closed[2]}" in hook
    assert "connection refused" in hook
    assert "6 problem(s) to fix" in output


def test_bad_config_line_is_named_and_nothing_else_is_tried(tmp_path):
    (tmp_path / "config.yaml").write_text(
        'database: {url: "sqlite:///data/socialvakt.db"}\n'
        'sources:\n  - {id: feed, kind: rss, url: "https://example.se/rss", every: 30x}\n'
    )
    code, lines, output = doctor(SimpleNamespace(base_dir=tmp_path))
    assert code == 1
    assert lines["config"].startswith("FAIL")
    assert "config.yaml:3: sources[0].every: bad duration '30x'" in lines["config"], output
    assert "fix this line" in lines["config"]
    assert set(lines) == {"config"}


def test_missing_database_and_key_say_how_to_create_them(make_config):
    settings = make_config()
    code, lines, _output = doctor(settings)
    assert code == 1
    assert lines["database"].startswith("FAIL") and "socialvakt init" in lines["database"]
    if on_postgresql():  # the test's database exists on the server, empty
        assert "never set up" in lines["database"]
    else:
        assert "no database file" in lines["database"]
        assert not (settings.base_dir / "data" / "socialvakt.db").exists()  # doctor creates nothing
    assert lines["secret key"].startswith("FAIL") and "restore it" in lines["secret key"]
    assert lines["sources"].startswith("WARN")
    assert lines["alerts"].startswith("WARN")
    if not on_postgresql():
        sqlite3.connect(settings.base_dir / "data" / "socialvakt.db").close()  # an empty file
        _code, lines, _output = doctor(settings)
        assert lines["database"].startswith("FAIL") and "never set up" in lines["database"]


def test_unreachable_postgresql_server_is_named_without_its_password(tmp_path):
    port = free_port()  # nothing listens there
    (tmp_path / "config.yaml").write_text(
        f'database: {{url: "postgresql+psycopg://socialvakt:hemligt-ord@127.0.0.1:{port}/sv"}}\n'
    )
    code, lines, output = doctor(SimpleNamespace(base_dir=tmp_path))
    assert code == 1
    database = lines["database"]
    assert (
        database.startswith("FAIL")
        and f"cannot open postgresql+psycopg://socialvakt:***@127.0.0.1:{port}/sv" in database
    )
    assert "that the database server runs" in database
    assert "hemligt-ord" not in output


def test_stale_model_warns_and_wrong_key_fails(make_config, tmp_path):
    settings, runtime = install(make_config)
    runtime.engine.dispose()
    model = artifact.load(settings.model_path)
    model.meta["shipped_corpus_hash"] = "0" * 64  # as if trained on an older corpus
    artifact.save(model, settings.model_path)
    other = tmp_path / "other.key"
    create_secret_key(other)
    shutil.copy(other, settings.secret_key_path)  # a valid key, but not this registry's

    code, lines, output = doctor(settings)
    assert code == 1
    assert lines["model"].startswith("WARN") and "socialvakt train" in lines["model"]
    assert lines["secret key"].startswith("FAIL")
    assert "not the key the staff registry was encrypted with" in lines["secret key"]
    assert lines["database"].startswith("OK  "), output


def test_smtp_problems_are_told_apart(smtp_server, monkeypatch):
    from monitor.config import EmailSettings
    from monitor.doctor import check_smtp

    def email(**changes) -> EmailSettings:
        values = dict(
            host="127.0.0.1",
            port=smtp_server.port,
            username=USER,
            password_env="DOCTOR_SMTP",
            sender="socialvakt@example.se",
            to=["sakerhet@example.se"],
            ca_file=str(smtp_server.cert),
        )
        return EmailSettings(**{**values, **changes})

    monkeypatch.setenv("DOCTOR_SMTP", PASSWORD)
    assert check_smtp(email(), 3).status == "OK"
    untrusted = check_smtp(email(ca_file=None), 3)
    assert untrusted.status == "FAIL" and "set alerts.email.ca_file" in untrusted.message
    monkeypatch.setenv("DOCTOR_SMTP", "fel-lösenord")  # sent as UTF-8 now, and refused
    wrong_utf8 = check_smtp(email(), 3)
    assert wrong_utf8.status == "FAIL" and "refused the login for socialvakt" in wrong_utf8.message
    assert "lösenord" not in wrong_utf8.message
    monkeypatch.setenv("DOCTOR_SMTP", "wrong-password")
    refused = check_smtp(email(), 3)
    assert refused.status == "FAIL" and "refused the login for socialvakt" in refused.message
    monkeypatch.delenv("DOCTOR_SMTP")
    unset = check_smtp(email(), 3)
    assert unset.status == "FAIL" and "DOCTOR_SMTP is not set" in unset.message
    assert not smtp_server.messages
