"""Reading the review queue: filters, ordering and keyset pagination that stays fast at 100,000
items (no OFFSET: each page continues from the last row of the one before)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, and_, func, or_, select
from sqlmodel import Session

from models.tables import Post, ReviewItem

PAGE_SIZE = 50
MAX_SEARCH_CHARS = 200
OPEN_STATUSES = ("new", "in_review", "escalated")


@dataclass(frozen=True)
class QueueFilter:
    statuses: tuple[str, ...] = OPEN_STATUSES
    label: str | None = None
    severity: str | None = None
    platform: str | None = None
    source: str | None = None
    assignee_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    search: str | None = None
    sort: str = "newest"  # or "score"
    labels_visible: tuple[str, ...] = field(default=())  # empty = every label


@dataclass(frozen=True)
class QueueRow:
    item: ReviewItem
    post: Post


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _conditions(f: QueueFilter) -> list:
    """Every filter but the text search, all on ReviewItem's own columns."""
    conditions = []
    if f.statuses:
        conditions.append(ReviewItem.status.in_(f.statuses))
    if f.label:
        conditions.append(ReviewItem.labels.contains(f.label))
    if f.labels_visible:
        conditions.append(or_(*[ReviewItem.labels.contains(label) for label in f.labels_visible]))
    if f.severity:
        conditions.append(ReviewItem.severity == f.severity)
    if f.platform:
        conditions.append(ReviewItem.platform == f.platform)
    if f.source:
        conditions.append(ReviewItem.source_id == f.source)
    if f.assignee_id is not None:
        conditions.append(ReviewItem.assignee_id == f.assignee_id)
    if f.date_from:
        conditions.append(ReviewItem.created_at >= _start_of(f.date_from))
    if f.date_to:
        conditions.append(ReviewItem.created_at < _start_of(f.date_to + timedelta(days=1)))
    return conditions


def _search(f: QueueFilter):
    needle = f"%{_escape_like(f.search[:MAX_SEARCH_CHARS])}%"
    return Post.text.ilike(needle, escape="\\")


def filtered(query_filter: QueueFilter) -> Select:
    query = select(ReviewItem, Post).join(Post, Post.id == ReviewItem.post_id)
    query = query.where(*_conditions(query_filter))
    if query_filter.search:
        query = query.where(_search(query_filter))
    return query


def page(
    session: Session, query_filter: QueueFilter, after: str | None = None, size: int = PAGE_SIZE
):
    """One page of rows and the cursor for the next page (None at the end)."""
    query = filtered(query_filter)
    if query_filter.sort == "score":
        order = (ReviewItem.score.desc(), ReviewItem.id.desc())
        if after:
            score, item_id = _parse_cursor(after)
            query = query.where(
                or_(
                    ReviewItem.score < score,
                    and_(ReviewItem.score == score, ReviewItem.id < item_id),
                )
            )
    else:
        order = (ReviewItem.id.desc(),)
        if after:
            query = query.where(ReviewItem.id < int(_parse_cursor(after)[1]))
    rows = [
        QueueRow(item, post)
        for item, post in session.execute(query.order_by(*order).limit(size + 1))
    ]
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1].item
        next_cursor = (
            f"{last.score!r}:{last.id}" if query_filter.sort == "score" else f"0:{last.id}"
        )
    return rows, next_cursor


def _parse_cursor(text: str) -> tuple[float, int]:
    try:
        score, item_id = text.split(":", 1)
        return float(score), int(item_id)
    except ValueError as exc:
        raise ValueError(f"bad page cursor {text!r}") from exc


def count(session: Session, query_filter: QueueFilter) -> int:
    """Joins the posts only for a text search: counting 75,000 open items is then an index scan."""
    query = select(func.count(ReviewItem.id)).where(*_conditions(query_filter))
    if query_filter.search:
        query = query.join(Post, Post.id == ReviewItem.post_id).where(_search(query_filter))
    return session.execute(query).scalar_one()
