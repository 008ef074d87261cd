"""config.yaml: loading, validation and error messages that name the key path and line."""

from __future__ import annotations

import os
from datetime import time as dt_time
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal, Union
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationError,
    ValidationInfo,
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
    # /metrics answers only clients on this machine (127.0.0.1, ::1) unless this is true.
    metrics_public: bool = False


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


class SmtpServerSettings(_Strict):
    """How to reach the mail relay; alerts (with `to`) and the daily digest share this shape."""

    host: str
    port: int = Field(587, ge=1, le=65535)
    starttls: bool = True
    username: str | None = None
    # The name of the environment variable that holds the password, never the password itself.
    password_env: str = "SOCIALVAKT_SMTP_PASSWORD"
    sender: str
    # A private CA for an internal mail relay; the system's CAs are used when unset.
    ca_file: str | None = None
    timeout: Duration = timedelta(seconds=15)

    _parse = field_validator("timeout", mode="before")(_duration)

    @property
    def password(self) -> str | None:
        return os.environ.get(self.password_env)


class EmailSettings(SmtpServerSettings):
    to: list[str] = Field(min_length=1)


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


def _time_of_day(value: Any) -> dt_time:
    """A time of day from "07:30"; unquoted `at: 07:30` reaches us as 450 (YAML 1.1 base 60)."""
    if isinstance(value, dt_time):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return dt_time(value // 60, value % 60)
    if isinstance(value, str):
        hours, sep, minutes = value.strip().partition(":")
        digits = sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2
        if digits and int(hours) < 24 and int(minutes) < 60:
            return dt_time(int(hours), int(minutes))
    raise ValueError(f'expected a time of day such as "07:30", got {value!r}')


class DigestSettings(_Strict):
    """The daily e-mail to the communications list (monitor/digest.py)."""

    to: list[str] = Field(min_length=1)
    # Local time of day in `timezone`.
    at: dt_time = dt_time(7, 30)
    timezone: str = "Europe/Stockholm"
    # A mail relay of its own; when unset, the server settings of alerts.email are used.
    email: SmtpServerSettings | None = None

    _parse_at = field_validator("at", mode="before")(_time_of_day)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (e.g. Europe/Stockholm)") from exc
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class OrganisationSettings(_Strict):
    name: str = "Exempel kommun"
    notifier_name: str = "Kommunikationsavdelningen"
    notifier_email: str = "kommunikation@example.se"


class NoticeSettings(_Strict):
    """Takedown notices (monitor/notices): where an admin's own templates live, and follow-up."""

    # A folder whose templates (and platforms.yaml) replace the shipped ones, file by file.
    template_dir: str | None = None
    # How often each noticed URL is checked again, and how long after sending a post that is
    # still there counts as "still online" (platforms get time to act first).
    recheck_every: Duration = timedelta(hours=6)
    still_online_after: Duration = timedelta(hours=24)

    _parse = field_validator("recheck_every", mode="before")(_duration)
    _parse_grace = field_validator("still_online_after", mode="before")(_seconds)

    @field_validator("template_dir")
    @classmethod
    def _template_dir(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        path = Path(value).expanduser()
        base = (info.context or {}).get("base_dir")
        if not path.is_absolute() and base is not None:
            path = Path(base) / path
        if not path.is_dir():
            raise ValueError(f"no such folder: {path}")
        return str(path)


class RetentionSettings(_Strict):
    """How long each kind of row is kept (monitor/retention.py); `socialvakt purge` applies it."""

    # Posts no classifier flagged and no one reviewed.
    unflagged_days: int = Field(30, ge=1, le=36500)
    # Review items closed as dismissed, removed or refused (with their post, alerts and notices).
    resolved_days: int = Field(365, ge=1, le=36500)
    # The record of each scrape run.
    scrape_runs_days: int = Field(90, ge=1, le=36500)
    # The audit log; it outlives the items it describes.
    audit_days: int = Field(1095, ge=1, le=36500)
    # The daily purge runs in the service; false leaves purging to `socialvakt purge` (cron).
    daily: bool = True
    # Rows deleted per transaction, so a large purge never holds the database for long.
    batch_size: int = Field(500, ge=10, le=10_000)

    @model_validator(mode="after")
    def _audit_outlives_items(self) -> RetentionSettings:
        if self.audit_days < self.resolved_days:
            raise ValueError(
                f"audit_days ({self.audit_days}) must be at least resolved_days "
                f"({self.resolved_days}): the audit log must outlive the items it describes"
            )
        return self


class LoggingSettings(_Strict):
    """What the service writes to stderr: plain lines for people, or JSON lines for a collector."""

    format: Literal["text", "json"] = "text"
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @field_validator("level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value


class Settings(_Strict):
    database: DatabaseSettings = DatabaseSettings()
    web: WebSettings = WebSettings()
    model: ModelSettings = ModelSettings()
    http: HttpSettings = HttpSettings()
    scheduler: SchedulerSettings = SchedulerSettings()
    organisation: OrganisationSettings = OrganisationSettings()
    alerts: AlertSettings = AlertSettings()
    # After `alerts`: its validator reads alerts.email for the mail server.
    digest: DigestSettings | None = None
    notices: NoticeSettings = NoticeSettings()
    retention: RetentionSettings = RetentionSettings()
    logging: LoggingSettings = LoggingSettings()
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

    @field_validator("digest")
    @classmethod
    def _digest_has_a_mail_server(
        cls, value: DigestSettings | None, info: ValidationInfo
    ) -> DigestSettings | None:
        alerts = info.data.get("alerts")
        if value is not None and value.email is None and getattr(alerts, "email", None) is None:
            raise ValueError(
                "no mail server to send the digest with: add digest.email "
                "(host, port, sender …) or configure alerts.email"
            )
        return value

    @property
    def digest_smtp(self) -> SmtpServerSettings | None:
        """The mail server the digest goes through: its own, else the alerts' one."""
        if self.digest is None:
            return None
        return self.digest.email or self.alerts.email

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
