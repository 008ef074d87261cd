from datetime import timedelta
from pathlib import Path

import pytest

from monitor.config import ConfigError, load_config, parse_config

REPO = Path(__file__).resolve().parents[2]


def error_for(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, filename="config.yaml")
    return str(caught.value)


def test_shipped_config_is_valid():
    settings = load_config(REPO / "config.yaml")
    assert settings.sources, "the shipped config should show at least one source"
    assert settings.database_url.endswith("data/socialvakt.db")


def test_minimal_config_from_the_issue():
    settings = parse_config(
        'database: {url: "sqlite:///data/socialvakt.db"}\n'
        "web: {host: 127.0.0.1, port: 8000}\n"
        "sources:\n"
        '  - {id: mpf-news, kind: rss, url: "https://example.se/feed", every: 30m}\n'
    )
    assert settings.sources[0].every == timedelta(minutes=30)


def test_unknown_key_names_path_and_line():
    message = error_for("web:\n  host: 127.0.0.1\n  prot: 8000\n")
    assert "config.yaml:3" in message and "web.prot" in message and "unknown key" in message


def test_wrong_type_names_path_and_line():
    message = error_for("web:\n  port: eighty\n")
    assert "config.yaml:2" in message and "web.port" in message


def test_bad_duration():
    message = error_for('sources:\n  - {id: a, kind: rss, url: "https://x.se/f", every: 30x}\n')
    assert (
        "sources[0].every" in message and "bad duration" in message and "config.yaml:2" in message
    )


def test_duplicate_source_id_points_at_second_use():
    message = error_for(
        "sources:\n"
        '  - {id: a, kind: rss, url: "https://x.se/f", every: 30m}\n'
        '  - {id: a, kind: rss, url: "https://x.se/g", every: 30m}\n'
    )
    assert (
        "config.yaml:3" in message and "duplicate source id 'a'" in message and "line 2" in message
    )


def test_unknown_source_kind():
    message = error_for("sources:\n  - {id: a, kind: myspace, every: 1h}\n")
    assert "sources[0]" in message and "unknown source kind" in message


def test_secret_in_file_is_refused():
    message = error_for(
        "alerts:\n  email:\n    host: smtp.x.se\n    sender: a@x.se\n    to: [b@x.se]\n    password: hunter2\n"
    )
    assert "alerts.email.password" in message and "environment" in message


def test_smtp_password_comes_from_environment(monkeypatch):
    settings = parse_config("alerts:\n  email: {host: smtp.x.se, sender: a@x.se, to: [b@x.se]}\n")
    monkeypatch.setenv("SOCIALVAKT_SMTP_PASSWORD", "from-env")
    assert settings.alerts.email.password == "from-env"


def test_invalid_yaml_is_a_clear_error():
    assert "not valid YAML" in error_for("web: {host: [unclosed\n")


def test_relative_paths_resolve_from_the_config_folder(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("database: {url: 'sqlite:///data/x.db'}\nmodel: {path: m/model.skops}\n")
    settings = load_config(path)
    assert settings.database_url == f"sqlite:///{tmp_path}/data/x.db"
    assert settings.model_path == tmp_path / "m" / "model.skops"


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")


def test_http_politeness_settings_reach_the_client():
    from monitor.runtime import make_http_client

    settings = parse_config(
        "http: {per_host_interval: 0.5, retries: 4, retry_backoff: 2s, max_retry_wait: 1m,"
        " obey_robots: false}\n"
    )
    client = make_http_client(settings)
    assert client.per_host_interval == 0.5 and client.attempts == 5
    assert client.retry_backoff == 2 and client.max_retry_wait == 60 and not client.obey_robots
    defaults = make_http_client(parse_config(""))
    assert defaults.per_host_interval == 1 and defaults.attempts == 3 and defaults.obey_robots


def test_http_interval_may_be_zero_but_not_negative():
    assert parse_config("http: {per_host_interval: 0}\n").http.per_host_interval == timedelta(0)
    message = error_for("http:\n  per_host_interval: -1\n")
    assert "config.yaml:2" in message and "http.per_host_interval" in message


def test_telegram_and_forum_sources_from_the_issue():
    settings = parse_config(
        "sources:\n"
        "  - {id: tg-x, kind: telegram, channel: somechannel, every: 15m}\n"
        '  - {id: fb-soc, kind: forum, preset: flashback, url: "https://www.flashback.org/t1234567", every: 1h}\n'
    )
    assert [s.kind for s in settings.sources] == ["telegram", "forum"]
    message = error_for("sources:\n  - {id: f, kind: forum, url: 'https://x.se/t/1', every: 1h}\n")
    assert "sources[0]" in message and "preset: flashback, or selectors" in message
