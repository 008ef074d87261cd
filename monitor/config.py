"""config.yaml: loading, validation and error messages that name the key path and line."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationError,
    field_validator,
    model_validator,
)

from models.durations import parse_duration
from scrapers.registry import KINDS
from scrapers.settings import SourceBase

DEFAULT_CONFIG_PATH = Path(os.environ.get("SOCIALVAKT_CONFIG", "config.yaml"))


class ConfigError(Exception):
    """A config problem a person can fix; the message names the file, line and key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Duration = Annotated[timedelta, Field(description="30s, 15m, 1h, 1d")]


def _duration(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    return parse_duration(value)


class DatabaseSettings(_Strict):
    url: str = "sqlite:///data/socialvakt.db"


class WebSettings(_Strict):
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    # The address staff use to reach Socialvakt; alert links point here.
    public_url: str | None = None
    secure_cookies: bool = False


class ModelSettings(_Strict):
    path: str = "data/model.skops"


def _seconds(value: Any) -> timedelta:
    """A duration that may be zero or fractional: `0`, `0.5` (seconds) or `1s`, `2m`."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"must not be negative, got {value!r}")
        return timedelta(seconds=value)
    if isinstance(value, str) and value.strip().lower() in ("0", "0s"):
        return timedelta(0)
    return _duration(value)


class HttpSettings(_Strict):
    contact: str = "it-support@example.se"
    timeout: Duration = timedelta(seconds=20)
    max_bytes: int = Field(10 * 1024 * 1024, ge=1024)
    # Politeness (scrapers/http.py): the least time between two requests to one host,
    per_host_interval: Duration = timedelta(seconds=1)
    # how many times a timeout, connection error, 5xx or 429 is retried after the first try,
    retries: int = Field(2, ge=0, le=10)
    # the first backoff (doubled each retry, with jitter),
    retry_backoff: Duration = timedelta(seconds=1)
    # the longest wait for a retry; a longer Retry-After fails the fetch instead,
    max_retry_wait: Duration = timedelta(seconds=120)
    # and whether robots.txt is obeyed.
    obey_robots: bool = True

    _parse = field_validator("timeout", mode="before")(_duration)
    _parse_seconds = field_validator(
        "per_host_interval", "retry_backoff", "max_retry_wait", mode="before"
    )(_seconds)


class SchedulerSettings(_Strict):
    jitter: Duration = timedelta(seconds=30)
    shutdown_grace: Duration = timedelta(seconds=30)
    alert_every: Duration = timedelta(seconds=30)

    _parse = field_validator("jitter", "shutdown_grace", "alert_every", mode="before")(_duration)


# One settings model per source kind, told apart by `kind` (see scrapers/registry.py).
SourceSettings = Annotated[
    Union[tuple(kind.settings for kind in KINDS.values())],  # noqa: UP007  (built at run time)
    Field(discriminator="kind"),
]


class EmailSettings(_Strict):
    host: str
    port: int = Field(587, ge=1, le=65535)
    starttls: bool = True
    username: str | None = None
    # The name of the environment variable that holds the password, never the password itself.
    password_env: str = "SOCIALVAKT_SMTP_PASSWORD"
    sender: str
    to: list[str] = Field(min_length=1)
    # A private CA for an internal mail relay; the system's CAs are used when unset.
    ca_file: str | None = None
    timeout: Duration = timedelta(seconds=15)

    _parse = field_validator("timeout", mode="before")(_duration)

    @property
    def password(self) -> str | None:
        return os.environ.get(self.password_env)


class WebhookSettings(_Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,48}$")
    url: HttpUrl
    format: Literal["json", "teams", "slack"] = "json"
    # Optional bearer token, read from this environment variable.
    token_env: str | None = None


class AlertSettings(_Strict):
    min_severity: Literal["medium", "high", "critical"] = "high"
    email: EmailSettings | None = None
    webhooks: list[WebhookSettings] = []
    max_attempts: int = Field(12, ge=1, le=100)


class OrganisationSettings(_Strict):
    name: str = "Exempel kommun"
    notifier_name: str = "Kommunikationsavdelningen"
    notifier_email: str = "kommunikation@example.se"


class Settings(_Strict):
    database: DatabaseSettings = DatabaseSettings()
    web: WebSettings = WebSettings()
    model: ModelSettings = ModelSettings()
    http: HttpSettings = HttpSettings()
    scheduler: SchedulerSettings = SchedulerSettings()
    organisation: OrganisationSettings = OrganisationSettings()
    alerts: AlertSettings = AlertSettings()
    secret_key_file: str = "data/secret.key"
    sources: list[SourceSettings] = []

    # Where relative paths are resolved from: the config file's folder.
    base_dir: Path = Field(default=Path("."), exclude=True)

    @model_validator(mode="after")
    def _unique_source_ids(self) -> Settings:
        seen: set[str] = set()
        for index, source in enumerate(self.sources):
            if source.id in seen:
                raise ValueError(f"sources[{index}].id: duplicate source id {source.id!r}")
            seen.add(source.id)
        return self

    def resolve(self, relative: str) -> Path:
        path = Path(relative)
        return path if path.is_absolute() else self.base_dir / path

    @property
    def database_url(self) -> str:
        url = self.database.url
        prefix = "sqlite:///"
        if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
            return prefix + str(self.resolve(url[len(prefix) :]))
        return url

    @property
    def model_path(self) -> Path:
        return self.resolve(self.model.path)

    @property
    def secret_key_path(self) -> Path:
        return self.resolve(self.secret_key_file)

    @property
    def public_url(self) -> str:
        return (self.web.public_url or f"http://{self.web.host}:{self.web.port}").rstrip("/")

    def source(self, source_id: str) -> SourceBase:
        for source in self.sources:
            if source.id == source_id:
                return source
        known = ", ".join(s.id for s in self.sources) or "none"
        raise ConfigError(f"no source with id {source_id!r} (configured: {known})")


def _line_index(node: yaml.Node, path: tuple = ()) -> dict[tuple, int]:
    """Map every key path in a YAML document to its 1-based line number."""
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[(*path, key)] = key_node.start_mark.line + 1
            lines.update(
                {
                    k: v
                    for k, v in _line_index(value_node, (*path, key)).items()
                    if k != (*path, key)
                }
            )
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(_line_index(item, (*path, index)))
    return lines


def _format_path(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _without_kind_tag(loc: tuple) -> tuple:
    """pydantic puts the union member ("rss") after sources[i]; the YAML has no such level."""
    if len(loc) > 2 and loc[0] == "sources" and loc[2] in _KIND_TAGS:
        return loc[:2] + loc[3:]
    return tuple(loc)


def _explain(error: ValidationError, lines: dict[tuple, int], filename: str) -> str:
    messages = []
    for item in error.errors():
        # Drop pydantic's discriminator tags ("rss") so the path reads like the YAML.
        path = _without_kind_tag(item["loc"])
        line = next((lines[path[:n]] for n in range(len(path), -1, -1) if path[:n] in lines), None)
        where = f"{filename}:{line}" if line else filename
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown key (check the spelling; secrets belong in environment variables)"
        elif item["type"] == "union_tag_invalid":
            message = f"unknown source kind; known kinds: {', '.join(sorted(_KIND_TAGS))}"
        messages.append(f"{where}: {_format_path(path)}: {message}")
    return "\n".join(messages)


_KIND_TAGS = set(KINDS)


def _check_unique_source_ids(data: dict, lines: dict[tuple, int], filename: str) -> None:
    """Checked before validation so the message can point at the second occurrence's line."""
    sources = data.get("sources")
    if not isinstance(sources, list):
        return
    first_line: dict[str, int] = {}
    for index, source in enumerate(sources):
        if not isinstance(source, dict) or not isinstance(source.get("id"), str):
            continue
        line = lines.get(("sources", index, "id"), 0)
        if source["id"] in first_line:
            raise ConfigError(
                f"{filename}:{line}: sources[{index}].id: duplicate source id {source['id']!r} "
                f"(first used on line {first_line[source['id']]})"
            )
        first_line[source["id"]] = line


def parse_config(
    text: str, filename: str = "config.yaml", base_dir: Path | None = None
) -> Settings:
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{filename}: not valid YAML: {exc}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{filename}:1: the top level must be a mapping of settings")
    lines = _line_index(root) if root is not None else {}
    _check_unique_source_ids(data, lines, filename)
    try:
        # The context tells settings with paths (the import kind's folder) where config.yaml is.
        settings = Settings.model_validate(data, context={"base_dir": base_dir or Path(".")})
    except ValidationError as exc:
        raise ConfigError(_explain(exc, lines, filename)) from exc
    return settings.model_copy(update={"base_dir": base_dir or Path(".")})


def load_config(path: Path | None = None) -> Settings:
    path = Path(path or DEFAULT_CONFIG_PATH)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: config file not found (pass --config PATH)") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from exc
    return parse_config(text, filename=str(path), base_dir=path.resolve().parent)
