"""`socialvakt backup PATH`: a consistent copy of a running SQLite database.

SQLite's online backup API copies the database inside one read transaction; in WAL mode readers
do not block writers, so the service keeps scraping and reviewing while the copy is made. The copy
is written next to the target under a temporary name, checked (`PRAGMA integrity_check`), made a
single self-contained file (journal mode DELETE, no -wal file needed), given mode 0600 (it holds
personal data) and only then renamed into place, so PATH is either a whole backup or absent.

PostgreSQL is backed up with its own tools (pg_dump); see the README.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """The backup could not be made; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    bytes: int
    posts: int
    review_items: int
    audit_events: int


def sqlite_path(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise BackupError(
            f"the database is {parsed.get_backend_name()}, not SQLite: back it up with "
            "pg_dump -Fc (see the README, Backups)"
        )
    if parsed.database in (None, "", ":memory:"):
        raise BackupError("an in-memory database cannot be backed up")
    return Path(parsed.database)


def backup_sqlite(database: Path, target: Path) -> BackupResult:
    if not database.exists():
        raise BackupError(f"no database at {database}")
    target = target.expanduser()
    if target.exists():
        raise BackupError(
            f"{target} exists already: choose a new name (backups are not overwritten)"
        )
    if target.resolve() == database.resolve():
        raise BackupError("the backup cannot replace the database itself")
    if not target.parent.is_dir():
        raise BackupError(f"no folder {target.parent}: create it first")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    # Created with mode 0600 before any data goes in.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        source = sqlite3.connect(database, timeout=30)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)  # all pages in one step: one consistent snapshot
                copy.execute("PRAGMA journal_mode=DELETE")
                verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
                if verdict != "ok":
                    raise BackupError(f"the copy failed its integrity check: {verdict}")
                counts = [
                    copy.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                    for table in ("post", "reviewitem", "auditevent")
                ]
            finally:
                copy.close()
        finally:
            source.close()
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise BackupError(f"backup failed: {exc}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return BackupResult(target, target.stat().st_size, *counts)
