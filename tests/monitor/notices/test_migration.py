"""Migration 0002: `socialvakt init` upgrades a database that already has notices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import inspect, text
from typer.testing import CliRunner

from monitor.cli.main import app
from monitor.db import downgrade, make_engine, migrate
from monitor.notices.followup import due_checks


def test_init_upgrades_an_existing_database_with_notices(make_config):
    settings = make_config()
    migrate(settings.database_url, "0001")
    engine = make_engine(settings.database_url)
    with engine.begin() as db:
        db.execute(
            text(
                "INSERT INTO post (id, source_id, platform, external_id, url, author, author_name, text, fetched_at, first_seen_at, last_seen_at, times_seen, media_urls_json, flagged, simhash, simhash_b0, simhash_b1, simhash_b2, simhash_b3) VALUES (1, 's', 'x', '1', 'https://x.com/a/status/1', '', '', 't', '2026-01-01', '2026-01-01', '2026-01-01', 1, '[]', true, 0, 0, 0, 0, 0)"
            )
        )
        db.execute(
            text(
                "INSERT INTO reviewitem (id, post_id, status, labels, severity, score, platform, source_id, created_at, updated_at) VALUES (1, 1, 'notice_sent', 'threat', 'none', 0, 'x', 's', '2026-01-01', '2026-01-01')"
            )
        )
        db.execute(
            text(
                "INSERT INTO takedownnotice (id, item_id, reason, platform, lang, body, created_by, created_at, sent_at) VALUES (1, 1, 'threat', 'x', 'sv', 'gammal text', 'a', '2026-01-01', '2026-01-02')"
            )
        )
    engine.dispose()

    result = CliRunner().invoke(app, ["init", "--config", str(settings.base_dir / "config.yaml")])
    assert result.exit_code == 0, result.output
    engine = make_engine(settings.database_url)
    columns = {c["name"] for c in inspect(engine).get_columns("takedownnotice")}
    assert {"subject", "urls_json", "facts_json", "updated_at", "last_check_note"} <= columns
    with engine.connect() as db:
        row = db.execute(
            text("SELECT body, urls_json, facts_json, subject FROM takedownnotice")
        ).one()
    assert tuple(row) == ("gammal text", "[]", "{}", "")
    # the old notice is followed up at its post's address
    due = due_checks(engine, datetime.now(UTC), timedelta(hours=6))
    assert [(d.notice_id, d.url) for d in due] == [(1, "https://x.com/a/status/1")]
    engine.dispose()

    downgrade(settings.database_url, "0001")
    engine = make_engine(settings.database_url)
    assert "urls_json" not in {c["name"] for c in inspect(engine).get_columns("takedownnotice")}
    engine.dispose()
