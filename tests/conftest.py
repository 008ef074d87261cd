"""Shared fixtures: a trained model (once per run), the test's database, config files, a local
HTTP server."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from monitor.config import Settings, load_config
from tests.support import databases
from tests.support.http_server import FixtureServer

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def trained_model_path(tmp_path_factory) -> Path:
    """Training takes seconds; do it once and copy the artefact where a test needs it."""
    from monitor.modelstore import train_and_save

    path = tmp_path_factory.mktemp("model") / "model.skops"
    train_and_save(path)
    return path


@pytest.fixture(scope="session")
def trained_model(trained_model_path):
    from classifiers import artifact

    return artifact.load(trained_model_path)


@pytest.fixture
def fixture_server():
    server = FixtureServer().start()
    yield server
    server.stop()


def pytest_sessionstart(session) -> None:
    """On the PostgreSQL pass, a server that cannot be reached stops the run with one message
    instead of failing every database test on its own."""
    try:
        server = databases.server_url()
    except ValueError as exc:
        pytest.exit(str(exc), returncode=3)
    if server is None:
        return
    problem = databases.check_server(server)
    if problem:
        pytest.exit(f"${databases.ENV}: {problem}", returncode=3)


def pytest_report_header(config) -> str:
    try:
        server = databases.server_url()
    except ValueError:
        return "database: PostgreSQL, but the URL is bad"
    if server is None:
        return "database: SQLite"
    return f"database: PostgreSQL at {server.host}:{server.port} (${databases.ENV})"


def pytest_collection_modifyitems(config, items) -> None:
    """Every test that uses a database (through `new_database`) is marked `database`, so the
    PostgreSQL pass can run just those: `pytest -m database`."""
    for item in items:
        if "new_database" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.database)


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "database: uses a database; run again on PostgreSQL by `make test`"
    )


@pytest.fixture
def new_database() -> Iterator[Callable[[Path], str]]:
    """Makes empty databases: `new_database(folder)` is `folder/data/socialvakt.db` on the SQLite
    pass, a fresh database of its own on the server on the PostgreSQL pass (dropped afterwards)."""
    server = databases.server_url()
    made: list[str] = []

    def make(folder: Path) -> str:
        if server is None:
            return f"sqlite:///{folder}/data/socialvakt.db"
        url = databases.create_database(server)
        made.append(url.database)
        return databases.render(url)

    yield make
    for name in made:
        databases.drop_database(server, name)


@pytest.fixture
def database_url(tmp_path, new_database) -> str:
    """The database of this test's installation (see `new_database`)."""
    return new_database(tmp_path)


@pytest.fixture
def make_config(tmp_path, trained_model_path, database_url):
    """Write a config.yaml in a fresh folder (with the shared model copied in) and load it."""

    def make(sources_yaml: str = "sources: []", extra: str = "") -> Settings:
        (tmp_path / "data").mkdir(exist_ok=True)
        shutil.copy(trained_model_path, tmp_path / "data" / "model.skops")
        extra = textwrap.dedent(extra)
        # SQLite keeps the relative path real configs use; PostgreSQL gets the test's database.
        url = "sqlite:///data/socialvakt.db" if database_url.startswith("sqlite") else database_url
        text = f'database: {{url: "{url}"}}\n'
        text += "scheduler: {jitter: 1s, shutdown_grace: 10s}\n"
        if "\nweb:" not in "\n" + extra:
            text += "web: {host: 127.0.0.1, port: 8765}\n"
        if "\nhttp:" not in "\n" + extra:
            # Polite waits are for the internet; the local test server needs none.
            text += "http: {per_host_interval: 0, retry_backoff: 0.05}\n"
        text += extra + "\n" + textwrap.dedent(sources_yaml)
        path = tmp_path / "config.yaml"
        path.write_text(text, encoding="utf-8")
        return load_config(path)

    return make
