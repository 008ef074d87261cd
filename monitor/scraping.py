"""Running one source once: fetch, ingest, and record the run and the source's health."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from models.enums import SourceHealth
from models.tables import ScrapeRun, Source
from monitor import metrics
from monitor.config import Settings
from monitor.db import session_scope
from monitor.pipeline import Pipeline
from scrapers.http import HttpClient
from scrapers.registry import KINDS
from scrapers.settings import SourceBase

log = logging.getLogger(__name__)

# Circuit breaker: after this many failures in a row a source rests, longer each time.
FAILURES_BEFORE_PAUSE = 3
MAX_PAUSE = timedelta(hours=6)


def register_sources(engine: Engine, settings: Settings) -> None:
    """Make sure every configured source has a row for its cursor and health."""
    with session_scope(engine) as session:
        for source in settings.sources:
            row = session.get(Source, source.id)
            if row is None:
                session.add(Source(id=source.id, kind=source.kind))
            elif row.kind != source.kind:
                row.kind = source.kind
                row.cursor_json = "{}"  # a cursor from another kind means nothing here
                session.add(row)


def record_startup_problems(engine: Engine, settings: Settings) -> list[SourceBase]:
    """Mark sources that cannot start (a missing token, say) as failing; return the others."""
    runnable = []
    for source in settings.sources:
        if not source.enabled:
            continue
        problem = source.startup_problem()
        if problem is None:
            runnable.append(source)
            continue
        log.error("source %s cannot start: %s", source.id, problem)
        with session_scope(engine) as session:
            row = session.get(Source, source.id)
            if row is not None:
                row.health = SourceHealth.FAILING.value
                row.last_error = f"cannot start: {problem}"
                session.add(row)
    return runnable


def _load_cursor(engine: Engine, source_id: str) -> tuple[dict, datetime | None]:
    with session_scope(engine) as session:
        row = session.get(Source, source_id)
        if row is None:
            return {}, None
        return json.loads(row.cursor_json or "{}"), row.paused_until


async def run_source(
    engine: Engine,
    pipeline: Pipeline,
    http: HttpClient,
    source: SourceBase,
) -> ScrapeRun:
    """Fetch once and store; every outcome, success or error, ends in a recorded scrape run."""
    run = ScrapeRun(source_id=source.id)
    cursor, paused_until = _load_cursor(engine, source.id)
    now = datetime.now(UTC)
    if paused_until is not None and paused_until.replace(tzinfo=paused_until.tzinfo or UTC) > now:
        run.error = f"paused after repeated failures until {paused_until:%Y-%m-%d %H:%M} UTC"
        run.finished_at = now
        _record(engine, source.id, run, failed=None)
        return run
    try:
        result = await KINDS[source.kind].fetch(http, source, cursor)
        # Classification is CPU work: a thread keeps the web server and other sources responsive.
        stats = await asyncio.to_thread(
            pipeline.ingest, source.id, result.posts, result.next_cursor
        )
        run.posts_new, run.posts_seen, run.posts_flagged = stats.new, stats.seen, stats.flagged
    except Exception as exc:  # every failure is recorded; the scheduler carries on
        run.error = f"{type(exc).__name__}: {exc}"[:2000]
        log.warning("source %s failed: %s", source.id, run.error)
    run.finished_at = datetime.now(UTC)
    _record(engine, source.id, run, failed=run.error is not None)
    metrics.SCRAPE_RUNS.inc(source=source.id)
    if run.error is not None:
        metrics.SCRAPE_ERRORS.inc(source=source.id)
    return run


def _record(engine: Engine, source_id: str, run: ScrapeRun, failed: bool | None) -> None:
    with session_scope(engine) as session:
        session.add(run)
        source = session.get(Source, source_id)
        if source is None or failed is None:
            return
        source.last_run_at = run.finished_at
        if failed:
            source.consecutive_failures += 1
            source.health = SourceHealth.FAILING.value
            source.last_error = run.error
            if source.consecutive_failures >= FAILURES_BEFORE_PAUSE:
                extra = source.consecutive_failures - FAILURES_BEFORE_PAUSE
                pause = min(timedelta(minutes=5) * 2**extra, MAX_PAUSE)
                source.paused_until = run.finished_at + pause
        else:
            source.consecutive_failures = 0
            source.health = SourceHealth.OK.value
            source.last_success_at = run.finished_at
            source.last_error = None
            source.paused_until = None
        session.add(source)
