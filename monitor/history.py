"""The review history as JSON lines: `socialvakt export` writes it, `socialvakt import` reads it.

One line per review item: the item (status, labels, severity, reason, dates), its post (platform,
post id, address, text, author, dates), the classifier's results, its takedown notices and its
audit trail. Database ids are left out, so a file imported into an empty database exports again
to the same bytes; the assignee travels by user name. Alert deliveries are not part of it: an
import never alerts anyone again.

Columns are read from the tables themselves, so a column a later migration adds travels too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

from sqlalchemy import DateTime, select
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from models.enums import Label, ReviewStatus
from models.tables import AuditEvent, Classification, Post, ReviewItem, TakedownNotice, User
from monitor.db import session_scope
from monitor.near_duplicates import band_fields, fingerprint
from monitor.post_lookup import find_posts

FORMAT = "socialvakt-review-history"
VERSION = 1
BATCH = 200

# Columns that are ids in this database (or derived from the text), never exported.
SKIP: dict[type[SQLModel], frozenset[str]] = {
    ReviewItem: frozenset({"id", "post_id", "assignee_id"}),
    Post: frozenset({"id", "dup_band_0", "dup_band_1", "dup_band_2", "dup_band_3", "dup_group"}),
    Classification: frozenset({"id", "post_id"}),
    TakedownNotice: frozenset({"id", "item_id"}),
    AuditEvent: frozenset({"id", "item_id"}),
}
REQUIRED = {Post: ("platform", "external_id", "text"), ReviewItem: ("status",)}
LABELS = {label.value for label in Label}


class HistoryError(ValueError):
    """The file is not a review history this version can import; the message names the line."""


@dataclass
class ImportStats:
    items: int = 0
    skipped: int = 0  # already in the database (same platform and post id, with an item)
    audit_events: int = 0
    notices: int = 0
    # Items whose assignee has no account here: imported unassigned (the audit trail says who).
    unassigned: int = 0


def _columns(model: type[SQLModel]) -> list:
    return [c for c in model.__table__.columns if c.name not in SKIP[model]]


def _dump(row: SQLModel) -> dict[str, Any]:
    record = {}
    for column in _columns(type(row)):
        value = getattr(row, column.name)
        if isinstance(value, datetime):
            value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
            value = value.isoformat()
        record[column.name] = value
    return record


def _is_time(column) -> bool:
    kind = column.type
    return isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime)


def _load(model: type[SQLModel], data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise HistoryError(f"{where}: expected an object")
    columns = {c.name: c for c in _columns(model)}
    unknown = sorted(set(data) - set(columns))
    if unknown:
        raise HistoryError(
            f"{where}: unknown field(s) {', '.join(unknown)} (written by a newer Socialvakt?)"
        )
    for name in REQUIRED.get(model, ()):
        if data.get(name) in (None, ""):
            raise HistoryError(f"{where}: {name} is missing")
    values = {}
    for name, value in data.items():
        if value is not None and _is_time(columns[name]):
            try:
                value = datetime.fromisoformat(value)
            except (TypeError, ValueError) as exc:
                raise HistoryError(f"{where}.{name}: not an ISO 8601 time: {value!r}") from exc
            if value.tzinfo is None:
                value = value.replace(tzinfo=UTC)
        values[name] = value
    return values


# -- export ---------------------------------------------------------------------------------


def _records(engine: Engine) -> Iterator[dict[str, Any]]:
    last_id = 0
    while True:
        with session_scope(engine) as session:
            items = list(
                session.execute(
                    select(ReviewItem)
                    .where(ReviewItem.id > last_id)
                    .order_by(ReviewItem.id)
                    .limit(BATCH)
                ).scalars()
            )
            if not items:
                return
            item_ids = [item.id for item in items]
            post_ids = [item.post_id for item in items]
            posts = {
                p.id: p
                for p in session.execute(select(Post).where(Post.id.in_(post_ids))).scalars()
            }
            users = dict(session.execute(select(User.id, User.username)).all())
            classifications: dict[int, list] = {}
            for row in session.execute(
                select(Classification)
                .where(Classification.post_id.in_(post_ids))
                .order_by(Classification.id)
            ).scalars():
                classifications.setdefault(row.post_id, []).append(_dump(row))
            notices: dict[int, list] = {}
            for row in session.execute(
                select(TakedownNotice)
                .where(TakedownNotice.item_id.in_(item_ids))
                .order_by(TakedownNotice.id)
            ).scalars():
                notices.setdefault(row.item_id, []).append(_dump(row))
            events: dict[int, list] = {}
            for row in session.execute(
                select(AuditEvent)
                .where(AuditEvent.item_id.in_(item_ids))
                .order_by(AuditEvent.at, AuditEvent.id)
            ).scalars():
                events.setdefault(row.item_id, []).append(_dump(row))
        for item in items:
            yield {
                "item": _dump(item),
                "assignee": users.get(item.assignee_id) if item.assignee_id else None,
                "post": _dump(posts[item.post_id]),
                "classifications": classifications.get(item.post_id, []),
                "notices": notices.get(item.id, []),
                "audit": events.get(item.id, []),
            }
        last_id = item_ids[-1]


def export_history(engine: Engine, sink: IO[str]) -> int:
    """Write the header line and one line per review item, oldest first; return the item count."""
    sink.write(json.dumps({"format": FORMAT, "version": VERSION}) + "\n")
    count = 0
    for record in _records(engine):
        sink.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count


# -- import ---------------------------------------------------------------------------------


@dataclass
class _Record:
    item: dict[str, Any]
    assignee: str | None
    post: dict[str, Any]
    classifications: list[dict[str, Any]]
    notices: list[dict[str, Any]]
    audit: list[dict[str, Any]]


def _parse(line: str, where: str) -> _Record:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise HistoryError(f"{where}: not JSON ({exc.msg})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("item"), dict):
        raise HistoryError(f"{where}: not a review item record")
    item = _load(ReviewItem, data["item"], f"{where}: item")
    try:
        ReviewStatus(item["status"])
    except ValueError as exc:
        raise HistoryError(f"{where}: item.status {item['status']!r} is not a status") from exc
    labels = [label for label in (item.get("labels") or "").split(",") if label]
    if not labels or set(labels) - LABELS:
        raise HistoryError(f"{where}: item.labels {item.get('labels')!r} is not a set of labels")
    lists = {}
    for key, model in (
        ("classifications", Classification),
        ("notices", TakedownNotice),
        ("audit", AuditEvent),
    ):
        entries = data.get(key, [])
        if not isinstance(entries, list):
            raise HistoryError(f"{where}: {key} must be a list")
        lists[key] = [_load(model, e, f"{where}: {key}[{n}]") for n, e in enumerate(entries)]
    assignee = data.get("assignee")
    if assignee is not None and not isinstance(assignee, str):
        raise HistoryError(f"{where}: assignee must be a user name")
    return _Record(item, assignee, _load(Post, data.get("post"), f"{where}: post"), **lists)


def read_history(lines: Iterable[str], name: str = "history") -> Iterator[_Record]:
    """Parse and check every line; raises HistoryError naming the first bad line."""
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        if not header_seen:
            try:
                header = json.loads(line)
            except json.JSONDecodeError as exc:
                raise HistoryError(f"{where}: not a Socialvakt review history") from exc
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                raise HistoryError(f"{where}: not a Socialvakt review history (no header)")
            if header.get("version") != VERSION:
                raise HistoryError(
                    f"{where}: history version {header.get('version')!r}; this Socialvakt "
                    f"reads version {VERSION}"
                )
            header_seen = True
            continue
        yield _parse(line, where)
    if not header_seen:
        raise HistoryError(f"{name}: empty file")


def _new_post(values: dict[str, Any]) -> Post:
    _bigrams, keys = fingerprint(values["text"])
    return Post(**values, **band_fields(keys))


def _store_batch(
    session, records: list[_Record], users: dict[str, int], stats: ImportStats
) -> None:
    """One batch, with a handful of statements rather than several per item."""
    keys = list(dict.fromkeys((r.post["platform"], r.post["external_id"]) for r in records))
    posts = find_posts(session, keys)
    reviewed = set(
        session.execute(
            select(ReviewItem.post_id).where(ReviewItem.post_id.in_([p.id for p in posts.values()]))
        ).scalars()
    )
    # Posts that have an item: in the database already, or given one earlier in this batch.
    taken = {key for key, post in posts.items() if post.id in reviewed}
    todo: list[tuple[_Record, Post]] = []
    created: list[tuple[_Record, Post]] = []
    for record in records:
        key = (record.post["platform"], record.post["external_id"])
        if key in taken:
            stats.skipped += 1
            continue
        taken.add(key)
        post = posts.get(key)
        if post is None:
            post = posts[key] = _new_post(record.post)
            created.append((record, post))
        todo.append((record, post))
    session.add_all([post for _record, post in created])
    session.flush()
    for record, post in created:
        post.dup_group = post.id
        session.add_all(Classification(**v, post_id=post.id) for v in record.classifications)
    items = []
    for record, post in todo:
        assignee_id = users.get(record.assignee) if record.assignee else None
        if record.assignee and assignee_id is None:
            stats.unassigned += 1
        items.append(ReviewItem(**record.item, post_id=post.id, assignee_id=assignee_id))
    session.add_all(items)
    session.flush()
    for (record, _post), item in zip(todo, items, strict=True):
        session.add_all(TakedownNotice(**v, item_id=item.id) for v in record.notices)
        session.add_all(AuditEvent(**v, item_id=item.id) for v in record.audit)
        stats.notices += len(record.notices)
        stats.audit_events += len(record.audit)
    stats.items += len(items)


def import_history(engine: Engine, path_lines: Iterable[str], name: str = "history") -> ImportStats:
    """Import records in batches; items whose post already has an item are skipped, so running
    the same import twice changes nothing. Call `validate` first to refuse a bad file whole."""
    stats = ImportStats()
    with session_scope(engine) as session:
        users = dict(session.execute(select(User.username, User.id)).all())
    batch: list[_Record] = []

    def flush() -> None:
        if batch:
            with session_scope(engine) as session:
                _store_batch(session, batch, users, stats)
        batch.clear()

    for record in read_history(path_lines, name):
        batch.append(record)
        if len(batch) >= BATCH:
            flush()
    flush()
    return stats


def validate(lines: Iterable[str], name: str = "history") -> int:
    """Read the whole file without writing anything; return the number of items in it."""
    return sum(1 for _ in read_history(lines, name))
