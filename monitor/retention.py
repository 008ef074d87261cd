"""Retention: every table has a rule, and `purge` applies them (daily in the service, or by CLI).

- Posts no classifier flagged and no one reviewed go `unflagged_days` after they were last seen
  (a post still on a page that is read again is not deleted only to be fetched again).
- Review items closed as dismissed, removed or refused go `resolved_days` after they were closed,
  with their post, its classification, their alert deliveries and their takedown notices.
- Scrape runs go after `scrape_runs_days`; audit events after `audit_days`. Audit events refer to
  their item by a plain number (no foreign key), so they outlive the item they describe.

Deletion runs in batches of `batch_size` rows, one short transaction each, so a large first purge
never holds SQLite's write lock for long; the scrapers and the review UI carry on in between.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, delete, exists, func, select
from sqlalchemy.engine import Engine

from models.tables import (
    Alert,
    AuditEvent,
    Classification,
    Post,
    ReviewItem,
    ScrapeRun,
    TakedownNotice,
)
from monitor import metrics
from monitor.config import RetentionSettings
from monitor.db import session_scope
from monitor.review import RESOLVED

log = logging.getLogger(__name__)

# The order the report lists tables in: what a reader asks about first.
TABLES = (
    "post",
    "classification",
    "reviewitem",
    "alert",
    "takedownnotice",
    "scraperun",
    "auditevent",
)


@dataclass
class PurgeReport:
    dry_run: bool
    cutoffs: dict[str, datetime]
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    batches: int = 0
    # True when the purge stopped early (the service is shutting down); the rest goes next time.
    interrupted: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def add(self, table: str, rows: int) -> None:
        self.counts[table] += rows

    def lines(self) -> list[str]:
        verb = "would delete" if self.dry_run else "deleted"
        rows = [f"{table:<16} {verb} {count:>9,}" for table, count in self.counts.items()]
        return [*rows, f"{'total':<16} {verb} {self.total:>9,}"]


def cutoffs(retention: RetentionSettings, now: datetime) -> dict[str, datetime]:
    return {
        "unflagged": now - timedelta(days=retention.unflagged_days),
        "resolved": now - timedelta(days=retention.resolved_days),
        "scrape_runs": now - timedelta(days=retention.scrape_runs_days),
        "audit": now - timedelta(days=retention.audit_days),
    }


def _unflagged_posts(cutoff: datetime) -> Select:
    return (
        select(Post.id)
        .where(Post.flagged.is_(False), Post.last_seen_at < cutoff)
        .where(~exists().where(ReviewItem.post_id == Post.id))
        .order_by(Post.id)
    )


def _resolved_items(cutoff: datetime) -> Select:
    closed_at = func.coalesce(ReviewItem.resolved_at, ReviewItem.updated_at)
    return (
        select(ReviewItem.id, ReviewItem.post_id)
        .where(ReviewItem.status.in_([status.value for status in RESOLVED]), closed_at < cutoff)
        .order_by(ReviewItem.id)
    )


def _count(engine: Engine, query: Select) -> int:
    with session_scope(engine) as session:
        return session.execute(select(func.count()).select_from(query.subquery())).scalar_one()


def _count_in(engine: Engine, column, ids: Select) -> int:
    with session_scope(engine) as session:
        return session.execute(
            select(func.count()).where(column.in_(ids.order_by(None)))
        ).scalar_one()


def _dry_run(engine: Engine, report: PurgeReport) -> None:
    posts = _unflagged_posts(report.cutoffs["unflagged"])
    items = _resolved_items(report.cutoffs["resolved"])
    item_ids = items.with_only_columns(ReviewItem.id)
    item_posts = items.with_only_columns(ReviewItem.post_id)
    report.add("post", _count(engine, posts) + _count(engine, items))
    report.add(
        "classification",
        _count_in(engine, Classification.post_id, posts)
        + _count_in(engine, Classification.post_id, item_posts),
    )
    report.add("reviewitem", _count(engine, items))
    report.add("alert", _count_in(engine, Alert.item_id, item_ids))
    report.add("takedownnotice", _count_in(engine, TakedownNotice.item_id, item_ids))
    report.add(
        "scraperun",
        _count(
            engine, select(ScrapeRun.id).where(ScrapeRun.started_at < report.cutoffs["scrape_runs"])
        ),
    )
    report.add(
        "auditevent",
        _count(engine, select(AuditEvent.id).where(AuditEvent.at < report.cutoffs["audit"])),
    )


def _delete(session, table, column, ids: list[int]) -> int:
    result = session.execute(
        delete(table).where(column.in_(ids)).execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def _purge_in_batches(
    engine: Engine, report: PurgeReport, batch: int, stop: Callable[[], bool]
) -> None:
    # Resolved items first: their posts are flagged, so the unflagged rule never takes them.
    items = _resolved_items(report.cutoffs["resolved"]).limit(batch)
    while True:
        with session_scope(engine) as session:
            rows = session.execute(items).all()
            if not rows:
                break
            item_ids = [row[0] for row in rows]
            post_ids = [row[1] for row in rows]
            report.add("alert", _delete(session, Alert, Alert.item_id, item_ids))
            report.add(
                "takedownnotice", _delete(session, TakedownNotice, TakedownNotice.item_id, item_ids)
            )
            report.add("reviewitem", _delete(session, ReviewItem, ReviewItem.id, item_ids))
            report.add(
                "classification", _delete(session, Classification, Classification.post_id, post_ids)
            )
            report.add("post", _delete(session, Post, Post.id, post_ids))
        report.batches += 1
        _check(stop)
    posts = _unflagged_posts(report.cutoffs["unflagged"]).limit(batch)
    while True:
        with session_scope(engine) as session:
            post_ids = list(session.execute(posts).scalars())
            if not post_ids:
                break
            report.add(
                "classification", _delete(session, Classification, Classification.post_id, post_ids)
            )
            report.add("post", _delete(session, Post, Post.id, post_ids))
        report.batches += 1
        _check(stop)
    for table, column, cutoff in (
        (ScrapeRun, ScrapeRun.started_at, report.cutoffs["scrape_runs"]),
        (AuditEvent, AuditEvent.at, report.cutoffs["audit"]),
    ):
        old = select(table.id).where(column < cutoff).order_by(table.id).limit(batch)
        while True:
            with session_scope(engine) as session:
                ids = list(session.execute(old).scalars())
                if not ids:
                    break
                report.add(table.__tablename__, _delete(session, table, table.id, ids))
            report.batches += 1
            _check(stop)


class _Stopped(Exception):  # noqa: N818  (control flow)
    pass


def _check(stop: Callable[[], bool]) -> None:
    if stop():
        raise _Stopped


def purge(
    engine: Engine,
    retention: RetentionSettings,
    *,
    dry_run: bool = False,
    now: datetime | None = None,
    stop: Callable[[], bool] = lambda: False,
) -> PurgeReport:
    """Apply the retention rules; with dry_run, only count what would go.

    `stop` is asked between batches: a shutting-down service leaves the rest for the next run.
    """
    report = PurgeReport(dry_run, cutoffs(retention, now or datetime.now(UTC)))
    if dry_run:
        _dry_run(engine, report)
        return report
    try:
        _purge_in_batches(engine, report, retention.batch_size, stop)
    except _Stopped:
        report.interrupted = True
    for table, rows in report.counts.items():
        if rows:
            metrics.PURGED_ROWS.inc(rows, table=table)
    log.info(
        "purge: %d row(s) deleted in %d batch(es)",
        report.total,
        report.batches,
        extra={"deleted": {t: n for t, n in report.counts.items() if n}},
    )
    return report
