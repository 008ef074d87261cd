"""Exports from other tools: CSV or JSON-lines files dropped in a folder, each read once.

`path` is the folder. A relative path is resolved from the folder of config.yaml (like every
other path in the settings); an absolute path is used as it is. Files ending in `.csv`, `.tsv`,
`.jsonl`, `.ndjson` or `.json` (one JSON object a line) are read; hidden files, other endings and
files changed in the last `settle` seconds (still being written) are left alone. The cursor holds
each finished file's name, size and modification time, so a file is read once, and again only if
it is replaced.

Columns (CSV) or keys (JSON, `a.b` for nested keys) are mapped to post fields with `columns`;
the defaults are the field names themselves:

    columns: {id: tweet_id, text: full_text, url: link, author: user.screen_name,
              published_at: created_at, platform: source, lang: lang, author_name: name}

Only `text` is required. A row without an id gets the URL, else a hash of its text, as its id,
so the same row gives the same post on every import. A row's `platform` (lower case, e.g. `x`)
lets an export's posts meet the same posts found by a scraper; rows without one get the source's
`platform` (default `import`).

Bad rows (no text, a date that cannot be read, a URL that is not http(s), broken JSON or CSV)
are skipped and logged as `file:line: problem`; the good rows of the file are imported. A file
with no usable row at all is an error naming the file and its first problems: it is not marked
done (fix or remove it), and the run fails when no other file brought posts, so the error shows
on the source. This kind does no HTTP; it keeps the common fetch signature.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from models.posts import FetchResult, ScrapedPost
from scrapers.http import HttpClient
from scrapers.settings import SourceBase, as_duration
from scrapers.text import parse_date, tidy

log = logging.getLogger(__name__)

CSV_SUFFIXES = {".csv", ".tsv"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ERRORS_SHOWN = 5
PLATFORM = re.compile(r"^[a-z0-9_-]{1,32}$")
csv.field_size_limit(10 * 1024 * 1024)


class ImportFileError(ValueError):
    """A file none of whose rows could be used; the message names the file and the lines."""


class ColumnMap(BaseModel):
    """Which column (CSV) or key (JSON; `a.b` reaches into nested objects) holds each field."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = "id"
    text: str = "text"
    url: str = "url"
    author: str = "author"
    author_name: str = "author_name"
    published_at: str = "published_at"
    platform: str = "platform"
    lang: str = "lang"


class ImportSettings(SourceBase):
    """`{id: export, kind: import, path: "imports/", every: 5m}`"""

    kind: Literal["import"]
    path: str = Field(min_length=1)
    columns: ColumnMap = ColumnMap()
    platform: str = Field("import", pattern=PLATFORM.pattern)
    delimiter: str | None = Field(None, min_length=1, max_length=1)  # CSV; found out if unset
    settle: timedelta = timedelta(seconds=5)

    _parse_settle = field_validator("settle", mode="before")(as_duration)

    @field_validator("path")
    @classmethod
    def _resolve(cls, value: str, info: ValidationInfo) -> str:
        """Relative to config.yaml's folder when the config loader says where that is."""
        path = Path(value).expanduser()
        base = (info.context or {}).get("base_dir")
        if not path.is_absolute() and base is not None:
            path = Path(base) / path
        return str(path)


@dataclass
class FileResult:
    posts: list[ScrapedPost] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "name:line: problem"
    rows: int = 0


def _lookup(row: dict, key: str) -> Any:
    if key in row:
        return row[key]
    value: Any = row
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _string(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool | dict | list):
        raise ValueError(f"expected text, found {type(value).__name__}")
    return str(value).strip()


def _date(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit()):
        seconds = float(value)
        if seconds > 1e11:  # milliseconds
            seconds /= 1000
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise ValueError(f"published_at {value!r} is not a time") from exc
    parsed = parse_date(_string(value))
    if parsed is None:
        raise ValueError(f"published_at {str(value)[:60]!r} is not a date this can read")
    return parsed


def row_to_post(row: dict, settings: ImportSettings) -> ScrapedPost:
    """One row → one post, or ValueError saying what is wrong with it."""
    columns = settings.columns
    text = tidy(_string(_lookup(row, columns.text)))
    if not text:
        raise ValueError(f"no text (column {columns.text!r} is empty or missing)")
    url = _string(_lookup(row, columns.url))
    if url and not re.match(r"^https?://[^\s/]+", url):
        raise ValueError(f"url {url[:80]!r} is not an absolute http(s) URL")
    platform = _string(_lookup(row, columns.platform)).lower() or settings.platform
    if not PLATFORM.match(platform):
        raise ValueError(f"platform {platform[:40]!r} is not a short lower-case name")
    external_id = _string(_lookup(row, columns.id)) or url
    if not external_id:
        external_id = "sha256:" + hashlib.sha256(" ".join(text.split()).encode()).hexdigest()
    author = tidy(_string(_lookup(row, columns.author)))
    lang = _string(_lookup(row, columns.lang)) or None
    return ScrapedPost(
        source_id=settings.id,
        platform=platform,
        external_id=external_id[:500],
        url=url,
        text=text,
        author=author,
        author_name=tidy(_string(_lookup(row, columns.author_name))) or author,
        published_at=_date(_lookup(row, columns.published_at)),
        lang=lang[:16] if lang else None,
    )


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # Excel on Swedish Windows


def _read_jsonl(name: str, text: str, settings: ImportSettings, result: FileResult) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        result.rows += 1
        try:
            row = json.loads(line)
        except ValueError as exc:
            result.errors.append(f"{name}:{number}: not valid JSON ({exc})")
            continue
        if not isinstance(row, dict):
            result.errors.append(
                f"{name}:{number}: expected a JSON object, found {type(row).__name__}"
            )
            continue
        try:
            result.posts.append(row_to_post(row, settings))
        except ValueError as exc:
            result.errors.append(f"{name}:{number}: {exc}")


def _delimiter(header: str, path: Path, configured: str | None) -> str:
    if configured:
        return configured
    if path.suffix.lower() == ".tsv":
        return "\t"
    return max([",", ";", "\t"], key=header.count)


def _read_csv(path: Path, text: str, settings: ImportSettings, result: FileResult) -> None:
    name = path.name
    header_line = text.split("\n", 1)[0]
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=_delimiter(header_line, path, settings.delimiter),
        strict=True,
    )
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return
    except csv.Error as exc:
        result.errors.append(f"{name}:1: the header row is not valid CSV ({exc})")
        return
    if settings.columns.text not in header:
        result.errors.append(
            f"{name}:1: no column {settings.columns.text!r} for the text (columns: "
            f"{', '.join(header)[:200]}); map yours with columns: {{text: …}}"
        )
        return
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result.rows += 1
            result.errors.append(f"{name}:{line}: not valid CSV ({exc})")
            continue
        if not any(v.strip() for v in values):
            continue
        result.rows += 1
        if len(values) != len(header):
            result.errors.append(
                f"{name}:{line}: {len(values)} fields where the header has {len(header)}"
            )
            continue
        try:
            result.posts.append(row_to_post(dict(zip(header, values, strict=True)), settings))
        except ValueError as exc:
            result.errors.append(f"{name}:{line}: {exc}")


def read_file(path: Path, settings: ImportSettings) -> FileResult:
    result = FileResult()
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        result.errors.append(f"{path.name}: {size:,} bytes is over the {MAX_FILE_BYTES:,} limit")
        return result
    text = _decode(path.read_bytes())
    if path.suffix.lower() in CSV_SUFFIXES:
        _read_csv(path, text, settings, result)
    else:
        _read_jsonl(path.name, text, settings, result)
    return result


def signature(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def pending_files(folder: Path, done: dict, settle: timedelta) -> list[Path]:
    if not folder.is_dir():
        raise FileNotFoundError(f"import folder {folder} does not exist or is not a folder")
    cutoff = time.time() - settle.total_seconds()
    files = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix.lower() not in CSV_SUFFIXES | JSONL_SUFFIXES:
            continue
        if done.get(path.name) == signature(path) or path.stat().st_mtime > cutoff:
            continue
        files.append(path)
    return files


def _import(settings: ImportSettings, cursor: dict) -> FetchResult:
    folder = Path(settings.path)
    done = dict(cursor.get("done") or {}) if isinstance(cursor.get("done"), dict) else {}
    posts: dict[tuple[str, str], ScrapedPost] = {}
    failed: list[str] = []
    for path in pending_files(folder, done, settings.settle):
        result = read_file(path, settings)
        for error in result.errors[:100]:
            log.warning("source %s: skipped %s", settings.id, error)
        if result.errors and not result.posts:
            shown = "; ".join(result.errors[:MAX_ERRORS_SHOWN])
            more = len(result.errors) - MAX_ERRORS_SHOWN
            failed.append(
                f"{path}: no usable row: {shown}" + (f" (and {more} more)" if more > 0 else "")
            )
            continue
        if result.errors:
            log.warning(
                "source %s: %s: imported %d of %d rows",
                settings.id,
                path.name,
                len(result.posts),
                result.rows,
            )
        for post in result.posts:
            posts.setdefault((post.platform, post.external_id), post)
        done[path.name] = signature(path)
    if failed and not posts:
        raise ImportFileError(" | ".join(failed))
    for message in failed:
        log.error("source %s: %s", settings.id, message)
    present = {p.name for p in folder.iterdir()}
    done = {name: sig for name, sig in done.items() if name in present}
    return FetchResult(list(posts.values()), {"done": done})


async def fetch_posts(http: HttpClient, source: ImportSettings, cursor: dict) -> FetchResult:
    """Read the folder's new files (in a thread: this is disk work, not network)."""
    del http  # the common signature; nothing to fetch over the network
    return await asyncio.to_thread(_import, source, cursor)
