"""The database a test runs against: a SQLite file, or a fresh database on a PostgreSQL server.

`make test` runs the suite twice: on SQLite, then (when $SOCIALVAKT_TEST_DATABASE_URL names a
PostgreSQL server whose user may CREATE DATABASE) the tests that touch a database again on
PostgreSQL. Each test gets its own empty database there, dropped afterwards, so tests stay as
independent as with their own SQLite file.
"""

from __future__ import annotations

import os
import uuid

from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url

ENV = "SOCIALVAKT_TEST_DATABASE_URL"


def server_url() -> URL | None:
    """The PostgreSQL server of this pass, or None on the SQLite pass."""
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return None
    try:
        url = make_url(raw)
    except Exception as exc:
        raise ValueError(f"${ENV} is not a database URL: {exc}") from None
    if url.get_backend_name() != "postgresql":
        raise ValueError(
            f"${ENV} must name a PostgreSQL server (postgresql+psycopg://user:pw@host:port/postgres)"
            f", not {url.get_backend_name()}"
        )
    # psycopg (3) is the driver the `postgres` extra installs; a bare postgresql:// means psycopg2.
    return url.set(drivername="postgresql+psycopg")


def _admin_engine(server: URL):
    return create_engine(server, isolation_level="AUTOCOMMIT", pool_size=1, max_overflow=0)


def check_server(server: URL) -> str | None:
    """Why the server cannot serve the tests, or None when it can."""
    where = f"the PostgreSQL server at {server.host}:{server.port} as {server.username}"
    engine = _admin_engine(server)
    try:
        with engine.connect() as connection:
            allowed = connection.exec_driver_sql(
                "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user"
            ).scalar_one()
    except Exception as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        return f"cannot connect to {where}: {reason} (start one: .ci/postgres-test-server start)"
    finally:
        engine.dispose()
    if not allowed:
        return f"{where} may not CREATE DATABASE: ALTER ROLE {server.username} CREATEDB"
    return None


def create_database(server: URL) -> URL:
    """A new empty database on the server; its URL."""
    name = f"sv_test_{uuid.uuid4().hex[:16]}"
    engine = _admin_engine(server)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(
                f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"
            )
    finally:
        engine.dispose()
    return server.set(database=name)


def drop_database(server: URL, name: str) -> None:
    """Drop a test's database, ending any connection the test left open (a killed process's)."""
    engine = _admin_engine(server)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        engine.dispose()


def render(url: URL) -> str:
    """The URL as a string with its password, for config files and subprocesses."""
    return url.render_as_string(hide_password=False)


def on_postgresql() -> bool:
    return server_url() is not None


def sqlite_only(reason: str):
    """Skips a test of a SQLite-only feature on the PostgreSQL pass, saying why."""
    import pytest

    return pytest.mark.skipif(on_postgresql(), reason=f"SQLite only: {reason}")
