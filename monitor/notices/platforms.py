"""The platform table (platforms.yaml): each platform's reporting route, rules and removal markers.

The table is data an administrator edits; a platforms.yaml in `notices.template_dir` replaces the
shipped one. Text may be one string or one per language (`{sv: "…", en: "…"}`), and `{url}`,
`{host}` and `{domain}` are filled from the post (plain replacement, never `str.format`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scrapers.manual import platform_of

BUILTIN_TABLE = Path(__file__).parent / "platforms.yaml"
LANGS = ("sv", "en")
RULE_KINDS = ("private_info", "harassment", "violence", "misinformation", "inauthentic")
# scrapers/manual.py's names for hosts it knows; everything else is "web".
_SCRAPER_ALIASES = {"forum": "flashback"}

Text = str | dict[str, str]


class PlatformTableError(ValueError):
    """platforms.yaml cannot be used; the message names the file and the entry."""


class _Rules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    private_info: Text | None = None
    harassment: Text | None = None
    violence: Text | None = None
    misinformation: Text | None = None
    inauthentic: Text | None = None


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text
    channel: Text
    report_url: str | None = None
    rules_url: str | None = None
    abuse_email: str | None = Field(None, pattern=r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")
    default_lang: str = Field("sv", pattern=r"^(sv|en)$")
    hosts: list[str] = []
    notes: Text = ""
    rules: _Rules = _Rules()
    removed_markers: list[str] = []
    check_query: str | None = Field(None, pattern=r"^[A-Za-z0-9_=&.-]{1,64}$")


@dataclass(frozen=True)
class Platform:
    """One platform's entry, with the post's address filled in and text in one language."""

    key: str
    name: str
    channel: str
    report_url: str | None
    rules_url: str | None
    abuse_email: str | None
    default_lang: str
    notes: str
    rules: dict[str, str | None]
    removed_markers: tuple[str, ...]
    check_query: str | None


_CACHE: dict[Path, tuple[int, PlatformTable]] = {}


class PlatformTable:
    def __init__(self, entries: dict[str, _Entry], source: Path) -> None:
        self.entries = entries
        self.source = source

    @classmethod
    def load(cls, override_dir: Path | None = None) -> PlatformTable:
        path = BUILTIN_TABLE
        if override_dir is not None and (override_dir / "platforms.yaml").is_file():
            path = override_dir / "platforms.yaml"
        try:
            stamp = path.stat().st_mtime_ns
        except OSError as exc:
            raise PlatformTableError(f"{path}: cannot read the platform table: {exc}") from exc
        cached = _CACHE.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]  # unchanged since last read; an edit is picked up at once
        table = cls._parse(path)
        _CACHE[path] = (stamp, table)
        return table

    @classmethod
    def _parse(cls, path: Path) -> PlatformTable:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise PlatformTableError(f"{path}: cannot read the platform table: {exc}") from exc
        if not isinstance(data, dict) or not data:
            raise PlatformTableError(f"{path}: must map platform names to their settings")
        entries: dict[str, _Entry] = {}
        for key, value in data.items():
            try:
                entries[str(key)] = _Entry.model_validate(value)
            except ValidationError as exc:
                problems = "; ".join(
                    f"{'.'.join(str(p) for p in error['loc']) or '(entry)'}: {error['msg']}"
                    for error in exc.errors()
                )
                raise PlatformTableError(f"{path}: {key}: {problems}") from exc
        if "web" not in entries:
            raise PlatformTableError(f"{path}: a `web` entry (any other web host) is required")
        return cls(entries, path)

    @property
    def keys(self) -> list[str]:
        return list(self.entries)

    def default_for(self, post_platform: str, url: str) -> str:
        """The platform a post's notice goes to: by its address first, then by its source."""
        host = _host(url)
        for key, entry in self.entries.items():
            if any(host == h or host.endswith("." + h) for h in entry.hosts):
                return key
        by_scraper = _SCRAPER_ALIASES.get(platform_of(url), platform_of(url))
        if by_scraper in self.entries and by_scraper != "web":
            return by_scraper
        post_platform = _SCRAPER_ALIASES.get(post_platform, post_platform)
        if post_platform in self.entries:
            return post_platform
        return "web"

    def get(self, key: str, lang: str, url: str) -> Platform:
        if key not in self.entries:
            raise KeyError(key)
        entry = self.entries[key]
        fill = _filler(url)

        def text(value: Text | None) -> str | None:
            if value is None:
                return None
            if isinstance(value, dict):
                value = value.get(lang) or value.get("sv") or next(iter(value.values()), "")
            return fill(" ".join(str(value).split()))

        return Platform(
            key=key,
            name=text(entry.name) or key,
            channel=text(entry.channel) or "",
            report_url=text(entry.report_url),
            rules_url=text(entry.rules_url),
            abuse_email=entry.abuse_email,
            default_lang=entry.default_lang,
            notes=text(entry.notes) or "",
            rules={kind: text(getattr(entry.rules, kind)) for kind in RULE_KINDS},
            removed_markers=tuple(entry.removed_markers),
            check_query=entry.check_query,
        )


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.").removeprefix("m.")


def _filler(url: str):
    host = _host(url) or "okänd värd"
    values = {"{url}": url, "{host}": host, "{domain}": host}

    def fill(text: str) -> str:
        for token, value in values.items():
            text = text.replace(token, value)
        return text

    return fill
