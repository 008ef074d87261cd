"""Shared fixtures: a trained model (once per run), config files, a local HTTP server."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from monitor.config import Settings, load_config
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


@pytest.fixture
def make_config(tmp_path, trained_model_path):
    """Write a config.yaml in a fresh folder (with the shared model copied in) and load it."""

    def make(sources_yaml: str = "sources: []", extra: str = "") -> Settings:
        (tmp_path / "data").mkdir(exist_ok=True)
        shutil.copy(trained_model_path, tmp_path / "data" / "model.skops")
        extra = textwrap.dedent(extra)
        text = 'database: {url: "sqlite:///data/socialvakt.db"}\n'
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
