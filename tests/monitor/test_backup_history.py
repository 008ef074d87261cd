"""`socialvakt backup` (SQLite online backup) and `socialvakt export`/`import` of review history."""

from __future__ import annotations

import json
import sqlite3
import stat
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from models.enums import ReviewStatus, Role
from models.tables import Alert, AuditEvent, Post, ReviewItem, TakedownNotice, User
from monitor.backup import BackupError, sqlite_path
from monitor.cli.main import app
from monitor.db import make_engine, migrate, session_scope
from monitor.review import add_note, assign, change_status
from monitor.users import add_user
from tests.support.databases import sqlite_only
from tests.support.installation import DISINFO, DOXXING, WEATHER, install, post

WEBHOOK = 'alerts: {webhooks: [{name: sakerhet, url: "http://127.0.0.1:9/hook"}]}\n'


def cli(config: Path, *args: str):
    return CliRunner().invoke(app, [*args, "--config", str(config)])


def count(engine, model) -> int:
    with session_scope(engine) as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def empty_installation(folder: Path, url: str) -> Path:
    """A second, freshly migrated database (`url`) with no rows, and its config file."""
    folder.mkdir()
    config = folder / "config.yaml"
    config.write_text(f'database: {{url: "{url}"}}\n', encoding="utf-8")
    migrate(url)
    return config


def reviewed(make_config):
    """Items in several states, with notes, an assignment, a notice and alert rows."""
    settings, runtime = install(make_config, WEBHOOK)
    engine = runtime.engine
    runtime.pipeline.ingest(
        "manual",
        [
            post("dox", DOXXING),
            post("dis", DISINFO),
            post("dis2", DISINFO + " Igen!"),
            post("w", WEATHER),
        ],
        None,
    )
    add_user(engine, "granskare", Role.SECURITY, "ett-långt-lösenord-för-test", must_change=False)
    with session_scope(engine) as session:
        items = {
            p.external_id: i
            for i, p in session.execute(
                select(ReviewItem, Post).join(Post, Post.id == ReviewItem.post_id)
            ).all()
        }
        reviewer = session.execute(select(User).where(User.username == "granskare")).scalar_one()
        dox = items["dox"]
        assign(session, dox, reviewer, "admin")
        add_note(session, dox, "granskare", 'Polisanmält, ärende 5000-K123-26. "Citat" och ÅÄÖ.')
        change_status(session, dox, ReviewStatus.CONFIRMED, "granskare")
        session.add(
            TakedownNotice(
                item_id=dox.id,
                reason="doxxing",
                platform="telegram",
                body="Hej Telegram,\n…",
                created_by="granskare",
                subject="Doxning",
            )
        )
        change_status(
            session,
            items["dis"],
            ReviewStatus.DISMISSED,
            "kommunikator",
            note="Satir, inte desinformation.",
        )
    return settings, runtime


def test_export_import_round_trips_into_an_empty_database(make_config, tmp_path, new_database):
    settings, runtime = reviewed(make_config)
    config = settings.base_dir / "config.yaml"
    first = tmp_path / "history.jsonl"
    result = cli(config, "export", str(first))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(first.stat().st_mode) == 0o600  # it holds post texts and notes
    lines = first.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {"format": "socialvakt-review-history", "version": 1}
    records = [json.loads(line) for line in lines[1:]]
    assert len(records) == 3  # the weather post has no item
    dox = next(r for r in records if r["post"]["external_id"] == "dox")
    assert dox["post"]["text"] == DOXXING and dox["post"]["url"] == "https://t.me/kanal/dox"
    assert dox["item"]["status"] == "confirmed" and "doxxing" in dox["item"]["labels"]
    assert dox["assignee"] == "granskare"
    assert [e["action"] for e in dox["audit"]] == ["flagged", "assign", "note", "status"]
    assert dox["notices"][0]["body"] == "Hej Telegram,\n…"
    assert dox["classifications"][0]["model_version"]
    assert "id" not in dox["item"] and "post_id" not in dox["item"]

    other_url = new_database(tmp_path / "other")
    other = empty_installation(tmp_path / "other", other_url)
    result = cli(other, "import", str(first))
    assert result.exit_code == 0, result.output
    assert "3 of 3 item(s) imported (0 already here)" in result.output
    assert "1 item(s) imported unassigned" in result.output  # no account "granskare" there
    engine = make_engine(other_url)
    assert count(engine, ReviewItem) == 3 and count(engine, Post) == 3
    assert count(engine, Alert) == 0  # an import never alerts anyone again
    assert count(engine, AuditEvent) == sum(len(r["audit"]) for r in records)

    second = tmp_path / "again.jsonl"
    assert cli(other, "export", str(second)).exit_code == 0
    again = [json.loads(line) for line in second.read_text(encoding="utf-8").splitlines()]
    # Identical but for the assignee, whose account does not exist in the new database.
    dox["assignee"] = None
    assert again == [json.loads(lines[0]), *records]

    # Importing the same file again changes nothing.
    result = cli(other, "import", str(first))
    assert "0 of 3 item(s) imported (3 already here)" in result.output
    assert count(engine, ReviewItem) == 3 and count(engine, AuditEvent) == len(
        [e for r in records for e in r["audit"]]
    )
    engine.dispose()


def test_round_trip_is_byte_identical_when_the_accounts_exist(make_config, tmp_path, new_database):
    settings, _runtime = reviewed(make_config)
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert cli(settings.base_dir / "config.yaml", "export", str(first)).exit_code == 0
    other_url = new_database(tmp_path / "other")
    other = empty_installation(tmp_path / "other", other_url)
    engine = make_engine(other_url)
    add_user(engine, "granskare", Role.SECURITY, "ett-långt-lösenord-för-test", must_change=False)
    assert cli(other, "import", str(first)).exit_code == 0
    assert cli(other, "export", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    engine.dispose()


def test_a_bad_line_imports_nothing_and_names_the_line(make_config, tmp_path, new_database):
    settings, _runtime = reviewed(make_config)
    exported = tmp_path / "history.jsonl"
    assert cli(settings.base_dir / "config.yaml", "export", str(exported)).exit_code == 0
    lines = exported.read_text(encoding="utf-8").splitlines()
    broken = json.loads(lines[2])
    broken["item"]["status"] = "deleted"
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text("\n".join([lines[0], lines[1], json.dumps(broken), lines[3]]) + "\n")
    other_url = new_database(tmp_path / "other")
    other = empty_installation(tmp_path / "other", other_url)
    result = cli(other, "import", str(damaged))
    assert result.exit_code == 1
    assert f"{damaged}:3: item.status 'deleted' is not a status" in result.output
    assert "nothing was imported" in result.output
    engine = make_engine(other_url)
    assert count(engine, ReviewItem) == 0
    engine.dispose()
    not_history = tmp_path / "posts.jsonl"
    not_history.write_text('{"id": 1, "text": "hej"}\n')
    result = cli(other, "import", str(not_history))
    assert result.exit_code == 1 and "not a Socialvakt review history" in result.output


@sqlite_only("the online backup copies a SQLite file; PostgreSQL is backed up with pg_dump")
def test_backup_while_writing_is_whole_private_and_self_contained(make_config, tmp_path):
    settings, runtime = reviewed(make_config)
    config = settings.base_dir / "config.yaml"
    stop = threading.Event()
    written = []

    def keep_writing() -> None:  # the service scraping on while the backup is made
        n = 0
        while not stop.is_set():
            runtime.pipeline.ingest("manual", [post(f"live{n}", f"{WEATHER} {n}")], None)
            written.append(n)
            n += 1

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while len(written) < 5:
            stop.wait(0.01)
        target = tmp_path / "backups" / "socialvakt-backup.db"
        target.parent.mkdir()
        result = cli(config, "backup", str(target))
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    assert "backup written" in result.output and "secret key" in result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not list(target.parent.glob(".*partial"))
    # Restore = put the file in place: it is one file, no -wal beside it.
    restored = tmp_path / "restored" / "socialvakt.db"
    restored.parent.mkdir()
    restored.write_bytes(target.read_bytes())
    with sqlite3.connect(restored) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        posts = copy.execute("SELECT count(*) FROM post").fetchone()[0]
        items = copy.execute("SELECT count(*) FROM reviewitem").fetchone()[0]
        version = copy.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert 4 + 5 <= posts <= 4 + len(written)  # a snapshot taken mid-stream
    assert items == 3 and version

    again = cli(config, "backup", str(target))
    assert again.exit_code == 1 and "exists already" in again.output


def test_backup_of_postgresql_points_to_pg_dump():
    with pytest.raises(BackupError, match="pg_dump"):
        sqlite_path("postgresql+psycopg://socialvakt@db.example.se/socialvakt")
    assert sqlite_path("sqlite:////var/lib/socialvakt/socialvakt.db") == Path(
        "/var/lib/socialvakt/socialvakt.db"
    )
