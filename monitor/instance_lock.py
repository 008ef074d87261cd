"""One `socialvakt run` per database.

Two services on one database would scrape every source twice and, worse, each would take the
other's alerts in flight for ones a crash left behind and send them again. So `run` holds a lock
that the operating system or the database server drops the moment the process dies, and a killed
service can be restarted at once: an exclusive `flock` on a file beside the SQLite database, or a
session-level advisory lock on a connection of its own on PostgreSQL (advisory locks are per
database, so other databases on the same server are not affected).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

# Any fixed 64-bit number; only Socialvakt's own service takes it.
_ADVISORY_KEY = 0x50C1A1_7A47
_REMEDY = "stop it first: one `socialvakt run` per database"
# A predecessor just killed may take a moment to let go (its PostgreSQL backend has to notice the
# closed socket): a restart waits this long before it gives up.
_PATIENCE_S = 5.0


class AnotherServiceRunning(RuntimeError):
    """Raised when the database already has a running service."""


@contextmanager
def single_service(engine: Engine) -> Iterator[None]:
    """Hold the service lock for the database for the duration of the block."""
    if engine.dialect.name == "sqlite":
        with _file_lock(engine.url.database):
            yield
    elif engine.dialect.name == "postgresql":
        with _advisory_lock(engine):
            yield
    else:  # pragma: no cover - make_engine only builds the two
        yield


@contextmanager
def _file_lock(database: str | None) -> Iterator[None]:
    if not database or database == ":memory:":
        yield  # a private in-memory database: nobody else can open it
        return
    path = Path(database).with_name(Path(database).name + ".lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _patiently(lambda: _try_flock(fd)):
            holder = os.read(fd, 32).decode(errors="replace").strip() or "unknown"
            raise AnotherServiceRunning(
                f"another `socialvakt run` (pid {holder}) is using {database}; {_REMEDY}"
            )
        # Never unlinked: a second process could lock the old inode while a third made a new one.
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # closing the last descriptor releases the flock


@contextmanager
def _advisory_lock(engine: Engine) -> Iterator[None]:
    # Autocommit: the connection stays open for the service's life and must not sit "idle in
    # transaction"; the session-level lock does not need a transaction.
    connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:

        def take() -> bool:
            return connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": _ADVISORY_KEY}
            ).scalar_one()

        if not _patiently(take):
            holder = connection.execute(
                text(
                    "SELECT coalesce(host(a.client_addr), 'local socket') || ', backend pid '"
                    " || a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    " WHERE l.locktype = 'advisory' AND l.granted"
                    " AND l.database = (SELECT oid FROM pg_database"
                    " WHERE datname = current_database())"
                    " AND ((l.classid::bigint << 32) | l.objid::bigint) = :key"
                ),
                {"key": _ADVISORY_KEY},
            ).scalar()
            raise AnotherServiceRunning(
                f"another `socialvakt run` ({holder or 'unknown client'}) is using database "
                f"{engine.url.database}; {_REMEDY}"
            )
        yield
    finally:
        # Closed for real, not returned to the pool: the server then drops the session's lock,
        # also when the connection is already gone (a server restart), where an unlock would fail.
        connection.invalidate()
        connection.close()


def _try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _patiently(attempt: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + _PATIENCE_S
    while not attempt():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)
    return True
