"""Retention: what `purge` deletes, what it keeps, the dry run, batching and the daily job."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from models.enums import ReviewStatus
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
from monitor.cli.main import app
from monitor.db import session_scope
from monitor.retention import TABLES, purge
from monitor.review import change_status
from monitor.service import Service
from tests.support.installation import DISINFO, DOXXING, WEATHER, install, post

NOW = datetime.now(UTC)
LONG_AGO = NOW - timedelta(days=400)
WEBHOOK = 'alerts: {webhooks: [{name: sakerhet, url: "http://127.0.0.1:9/hook"}]}\n'


def count(engine, model, *where) -> int:
    with session_scope(engine) as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def item_of(engine, external_id: str) -> ReviewItem:
    with session_scope(engine) as session:
        return session.execute(
            select(ReviewItem)
            .join(Post, Post.id == ReviewItem.post_id)
            .where(Post.external_id == external_id)
        ).scalar_one()


def age(engine, model, column, ids, when) -> None:
    with session_scope(engine) as session:
        session.execute(update(model).where(model.id.in_(ids)).values({column: when}))


def build(make_config):
    """Posts and items of every age and state, and what purge must do with each."""
    settings, runtime = install(make_config, WEBHOOK)
    engine = runtime.engine
    runtime.pipeline.ingest(
        "manual",
        [
            post("weather-old", WEATHER),
            post("weather-new", WEATHER + " Nu!"),
            post("dox-dismissed-old", DOXXING),
            post("dox-removed-old", DOXXING + " Igen."),
            post("disinfo-dismissed-new", DISINFO),
            post("disinfo-open-old", DISINFO + " Sprid!"),
        ],
        None,
    )
    dismissed_old = item_of(engine, "dox-dismissed-old")
    removed_old = item_of(engine, "dox-removed-old")
    dismissed_new = item_of(engine, "disinfo-dismissed-new")
    open_old = item_of(engine, "disinfo-open-old")
    with session_scope(engine) as session:
        for item, path in (
            (dismissed_old, [ReviewStatus.DISMISSED]),
            (removed_old, [ReviewStatus.CONFIRMED, ReviewStatus.NOTICE_SENT, ReviewStatus.REMOVED]),
            (dismissed_new, [ReviewStatus.DISMISSED]),
        ):
            item = session.get(ReviewItem, item.id)
            for target in path:
                change_status(session, item, target, "granskare", note="prövat")
        session.add(
            TakedownNotice(
                item_id=removed_old.id,
                reason="doxxing",
                platform="telegram",
                body="…",
                created_by="x",
            )
        )
        old_run = ScrapeRun(source_id="feed", started_at=NOW - timedelta(days=100))
        new_run = ScrapeRun(source_id="feed", started_at=NOW - timedelta(days=10))
        ancient = AuditEvent(actor="admin", action="login", at=NOW - timedelta(days=1200))
        session.add_all([old_run, new_run, ancient])
    with session_scope(engine) as session:
        weather_old = session.execute(
            select(Post.id).where(Post.external_id == "weather-old")
        ).scalar_one()
    age(engine, Post, "last_seen_at", [weather_old], NOW - timedelta(days=31))
    age(engine, ReviewItem, "resolved_at", [dismissed_old.id, removed_old.id], LONG_AGO)
    age(engine, ReviewItem, "created_at", [open_old.id], LONG_AGO)
    ids = {
        "dismissed_old": dismissed_old.id,
        "removed_old": removed_old.id,
        "dismissed_new": dismissed_new.id,
        "open_old": open_old.id,
    }
    return settings, runtime, ids


def test_purge_deletes_by_rule_keeps_audit_trail_and_dry_run_deletes_nothing(make_config):
    settings, runtime, ids = build(make_config)
    engine = runtime.engine
    gone = [ids["dismissed_old"], ids["removed_old"]]
    assert count(engine, Alert, Alert.item_id.in_(gone)) == 2  # doxxing alerts to the webhook
    trail_before = count(engine, AuditEvent, AuditEvent.item_id.in_(gone))
    assert trail_before >= 5
    totals_before = {m: count(engine, m) for m in (Post, Classification, ReviewItem, AuditEvent)}

    dry = purge(engine, settings.retention, dry_run=True, now=NOW)
    expected = {
        "post": 3,  # the old unflagged post, and the posts of the two old resolved items
        "classification": 3,
        "reviewitem": 2,
        "alert": 2,
        "takedownnotice": 1,
        "scraperun": 1,
        "auditevent": 1,  # the 1,200-day-old login; the trails of the deleted items stay
    }
    assert dry.counts == expected
    assert {m: count(engine, m) for m in totals_before} == totals_before  # nothing deleted

    done = purge(engine, settings.retention, now=NOW)
    assert done.counts == expected
    assert count(engine, ReviewItem, ReviewItem.id.in_(gone)) == 0
    assert count(engine, Alert, Alert.item_id.in_(gone)) == 0
    assert count(engine, TakedownNotice) == 0
    # The audit trail outlives its items: same events, still naming the deleted items' ids.
    assert count(engine, AuditEvent, AuditEvent.item_id.in_(gone)) == trail_before
    # Kept: the open old item, the recently dismissed one, and the recent unflagged post.
    assert count(engine, ReviewItem) == 2
    assert item_of(engine, "disinfo-open-old").id == ids["open_old"]
    assert item_of(engine, "disinfo-dismissed-new").id == ids["dismissed_new"]
    with session_scope(engine) as session:
        left = set(session.execute(select(Post.external_id)).scalars())
    assert left == {"weather-new", "disinfo-dismissed-new", "disinfo-open-old"}
    assert count(engine, ScrapeRun) == 1

    assert purge(engine, settings.retention, now=NOW).total == 0  # nothing left to do


def test_purge_works_in_batches_and_stops_between_them(make_config):
    settings, runtime = install(make_config, "retention: {batch_size: 10}\n")
    engine = runtime.engine
    runtime.pipeline.ingest(
        "manual", [post(f"w{n}", f"{WEATHER} Dag {n}.") for n in range(35)], None
    )
    with session_scope(engine) as session:
        session.execute(update(Post).values(last_seen_at=NOW - timedelta(days=40)))
    before = metrics.PURGED_ROWS.value(table="post")

    stopped = purge(engine, settings.retention, now=NOW, stop=lambda: True)
    assert stopped.interrupted and stopped.batches == 1
    assert stopped.counts["post"] == 10 and count(engine, Post) == 25

    report = purge(engine, settings.retention, now=NOW)
    assert report.batches == 3 and report.counts["post"] == 25  # 10 + 10 + 5
    assert count(engine, Post) == 0 and count(engine, Classification) == 0
    assert metrics.PURGED_ROWS.value(table="post") - before == 35


def test_purge_command_dry_run_reports_per_table(make_config):
    settings, runtime, _ids = build(make_config)
    posts_before = count(runtime.engine, Post)
    config = str(settings.base_dir / "config.yaml")
    result = CliRunner().invoke(app, ["purge", "--dry-run", "--config", config])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for table in TABLES:
        assert any(line.startswith(table) and "would delete" in line for line in lines), table
    assert "dry run: nothing was deleted" in result.output
    assert count(runtime.engine, Post) == posts_before

    result = CliRunner().invoke(app, ["purge", "--config", config])
    assert result.exit_code == 0, result.output
    assert count(runtime.engine, Post) < posts_before


def test_retention_settings_are_checked(make_config):
    from monitor.config import ConfigError, parse_config

    assert parse_config("").retention.unflagged_days == 30
    assert parse_config("").retention.resolved_days == 365
    assert parse_config("").retention.audit_days == 1095
    for text, wanted in (
        ("retention:\n  audit_days: 30\n", "config.yaml:1: retention: audit_days (30)"),
        ("retention:\n  unflagged_days: 0\n", "config.yaml:2: retention.unflagged_days"),
        ("retention:\n  unflaged_days: 3\n", "config.yaml:2: retention.unflaged_days: unknown key"),
    ):
        try:
            parse_config(text)
        except ConfigError as exc:
            assert str(exc).startswith(wanted), str(exc)
        else:
            raise AssertionError(f"accepted {text!r}")


def test_service_schedules_a_daily_purge_unless_turned_off(make_config):
    for extra, wanted in (("", True), ("retention: {daily: false}\n", False)):
        _settings, runtime = install(make_config, extra)
        scheduler = AsyncIOScheduler(timezone=UTC)
        Service(runtime)._schedule(scheduler)
        job = scheduler.get_job("purge")
        assert (job is not None) == wanted
        if job is not None:
            assert job.trigger.interval == timedelta(days=1)
            # The job itself: an old unflagged post goes, a fresh one stays.
            runtime.pipeline.ingest(
                "manual", [post("old", WEATHER), post("new", WEATHER + "!")], None
            )
            with session_scope(runtime.engine) as session:
                session.execute(
                    update(Post)
                    .where(Post.external_id == "old")
                    .values(last_seen_at=NOW - timedelta(days=60))
                )
            asyncio.run(Service(runtime)._purge())
            with session_scope(runtime.engine) as session:
                assert list(session.execute(select(Post.external_id)).scalars()) == ["new"]
        runtime.engine.dispose()
