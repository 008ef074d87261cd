"""The follow-up check against a real local HTTP server: removed (404, 410, a "gone" page),
still online, or unavailable (network errors, 5xx: nothing changes), and removal times."""

from __future__ import annotations

import asyncio
import socket
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models.tables import AuditEvent, Post, ReviewItem, TakedownNotice
from monitor.db import make_engine, migrate, session_scope
from monitor.notices.facts import Facts
from monitor.notices.followup import check_url, content_present, recheck_notices
from monitor.notices.workflow import NoticeKit, create_notice, load_context, mark_sent, overview
from monitor.runtime import make_http_client
from tests.support.http_server import Route

TEXT = (
    "Här är häxan som tog Amiras barn, socialsekreterare på soc i Sundsvall. "
    "Sprid det här innan det raderas, alla ska veta vem hon är!"
)
T0 = datetime.now(UTC).replace(microsecond=0)


def page(text: str = TEXT, extra: str = "") -> bytes:
    return (
        f"<html><head><meta property='og:description' content='{text[:40]}'></head>"
        f"<body><nav>Meny</nav><article><p>{text}</p></article>{extra}</body></html>"
    ).encode()


@pytest.fixture
def world(make_config, fixture_server):
    """A database with confirmed items whose posts live on the local server."""
    settings = make_config(extra="notices: {recheck_every: 6h, still_online_after: 0}\n")
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)

    def item(path: str, platform: str = "web", sent_ago: timedelta = timedelta(hours=3)) -> int:
        with session_scope(engine) as session:
            post = Post(
                source_id="manual",
                platform=platform,
                external_id=path,
                url=fixture_server.url(path),
                text=TEXT,
            )
            session.add(post)
            session.flush()
            item = ReviewItem(
                post_id=post.id, status="confirmed", labels="doxxing", platform=platform
            )
            session.add(item)
            session.flush()
            kit = NoticeKit.from_settings(settings)
            notice = create_notice(
                session,
                kit,
                load_context(session, item.id),
                reason="doxxing",
                platform_key=platform,
                lang="sv",
                facts=Facts(person_identified=True, detail_kinds=["address"]),
                actor="kommunikator",
            )
            mark_sent(session, notice, when=T0 - sent_ago, channel="formulär", actor="kommunikator")
            return item.id

    def run(now: datetime):
        async def go():
            async with make_http_client(settings) as http:
                return await recheck_notices(engine, http, settings, now=now)

        return asyncio.run(go())

    def state(item_id: int) -> tuple[str, TakedownNotice, list[AuditEvent]]:
        with session_scope(engine) as session:
            item = session.get(ReviewItem, item_id)
            notice = session.execute(
                select(TakedownNotice).where(TakedownNotice.item_id == item_id)
            ).scalar_one()
            events = list(
                session.execute(
                    select(AuditEvent).where(AuditEvent.item_id == item_id).order_by(AuditEvent.id)
                ).scalars()
            )
            return item.status, notice, events

    yield settings, engine, item, run, state
    engine.dispose()


def test_a_post_that_starts_answering_404_or_410_is_removed(world, fixture_server):
    settings, engine, item, run, state = world
    fixture_server.routes["/p/404"] = Route(page())
    fixture_server.routes["/p/410"] = Route(page())
    first, second = item("/p/404"), item("/p/410", sent_ago=timedelta(hours=26))

    stats = run(T0)
    assert (stats.checked, stats.still_online, stats.removed) == (2, 2, 0)
    status, notice, events = state(first)
    assert status == "still_online" and notice.outcome == "still_online"
    assert notice.last_check_note == "HTTP 200: inlägget ligger kvar"
    assert events[-1].actor == "system" and events[-1].to_status == "still_online"

    fixture_server.routes["/p/404"] = Route(b"gone", status=404)
    fixture_server.routes["/p/410"] = Route(b"gone", status=410)
    stats = run(T0 + timedelta(hours=6))
    assert (stats.checked, stats.removed) == (2, 2)
    for item_id, code, took in ((first, 404, 9), (second, 410, 32)):
        status, notice, events = state(item_id)
        assert status == "removed" and notice.outcome == "removed"
        assert notice.removed_at.replace(tzinfo=UTC) == T0 + timedelta(hours=6)
        assert notice.last_check_note == f"HTTP {code}"
        removal = events[-1]
        assert (removal.actor, removal.from_status, removal.to_status) == (
            "system",
            "still_online",
            "removed",
        )
        assert f"HTTP {code}" in removal.note
        assert notice.removed_at.replace(tzinfo=UTC) - notice.sent_at.replace(
            tzinfo=UTC
        ) == timedelta(hours=took)

    # removed items are not checked again
    assert run(T0 + timedelta(hours=12)).checked == 0
    with session_scope(engine) as session:
        stats, total, latest = overview(session)
    web = next(s for s in stats if s.platform == "web")
    assert (web.sent, web.removed, web.pending) == (2, 2, 0)
    assert web.median_removal == timedelta(hours=(9 + 32) / 2)
    assert total.removal_rate == 1.0 and len(latest) == 2


def test_network_errors_and_server_errors_change_nothing(world, fixture_server):
    settings, engine, item, run, state = world
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    fixture_server.routes["/p/down"] = Route(b"busy", status=503)
    broken, down = item("/p/down"), item("/p/x")
    with session_scope(engine) as session:  # point one notice at the closed port
        notice = session.execute(
            select(TakedownNotice).where(TakedownNotice.item_id == down)
        ).scalar_one()
        notice.urls_json = f'["http://127.0.0.1:{dead_port}/p/x"]'

    stats = run(T0)
    assert (stats.checked, stats.unavailable, stats.removed, stats.still_online) == (2, 2, 0, 0)
    for item_id, note in (
        (broken, "HTTP 503; försöker igen senare"),
        (down, "nätverksfel; försöker igen senare"),
    ):
        status, notice, events = state(item_id)
        assert status == "notice_sent" and notice.outcome == "pending" and notice.removed_at is None
        assert notice.last_check_note == note and notice.last_checked_at is not None
        assert events[-1].to_status == "notice_sent"  # no status event from the check

    # not asked again within half an interval; asked again after it, and then it is gone
    assert run(T0 + timedelta(hours=2)).checked == 0
    fixture_server.routes["/p/down"] = Route(b"", status=404)
    assert run(T0 + timedelta(hours=4)).removed == 1
    assert state(broken)[0] == "removed" and state(down)[0] == "notice_sent"


def test_gone_pages_and_pages_that_cannot_be_read(world, fixture_server):
    settings, engine, item, run, state = world
    # Telegram is checked through its embed view, whose "Post not found" means deleted
    fixture_server.routes["/kanal/5?embed=1"] = Route(
        page("", '<div class="tgme_widget_message_error">Post not found</div>')
    )
    fixture_server.routes["/kanal/5"] = Route(page())
    # a generic "page not found" page without the post's words: removed
    fixture_server.routes["/p/soft404"] = Route(page("", "<h1>Sidan kunde inte hittas</h1>"))
    # the marker words, but the post is still there: online
    fixture_server.routes["/p/mentions"] = Route(
        page(TEXT, "<footer>Page not found? Kontakta oss</footer>")
    )
    # a login wall: neither the post nor a marker
    fixture_server.routes["/p/wall"] = Route(page("Logga in för att se innehållet på sidan idag"))
    telegram = item("/kanal/5", platform="telegram")
    soft, mentions, wall = item("/p/soft404"), item("/p/mentions"), item("/p/wall")

    stats = run(T0)
    assert (stats.removed, stats.still_online, stats.unavailable) == (2, 1, 1)
    assert (
        state(telegram)[0] == "removed" and "Post not found" in state(telegram)[1].last_check_note
    )
    assert (
        state(soft)[0] == "removed" and "Sidan kunde inte hittas" in state(soft)[1].last_check_note
    )
    assert state(mentions)[0] == "still_online"
    status, notice, _ = state(wall)
    assert status == "notice_sent" and "kunde inte hittas på sidan" in notice.last_check_note


def test_a_platform_gets_time_to_act_before_still_online(make_config, fixture_server):
    settings = make_config(extra="notices: {still_online_after: 24h}\n")
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    fixture_server.routes["/p/1"] = Route(page())
    with session_scope(engine) as session:
        post = Post(
            source_id="m",
            platform="web",
            external_id="1",
            url=fixture_server.url("/p/1"),
            text=TEXT,
        )
        session.add(post)
        session.flush()
        item = ReviewItem(post_id=post.id, status="confirmed")
        session.add(item)
        session.flush()
        notice = create_notice(
            session,
            NoticeKit.from_settings(settings),
            load_context(session, item.id),
            reason="disinformation",
            platform_key="web",
            lang="sv",
            facts=Facts(),
            actor="a",
        )
        mark_sent(session, notice, when=T0 - timedelta(hours=1), channel="e-post", actor="a")
        item_id = item.id

    async def go(now):
        async with make_http_client(settings) as http:
            return await recheck_notices(engine, http, settings, now=now)

    asyncio.run(go(T0))
    with session_scope(engine) as session:
        assert session.get(ReviewItem, item_id).status == "notice_sent"
    asyncio.run(go(T0 + timedelta(hours=24)))
    with session_scope(engine) as session:
        assert session.get(ReviewItem, item_id).status == "still_online"
    engine.dispose()


def test_content_probe():
    assert content_present(TEXT, "x " + TEXT.upper() + " y")
    assert content_present(TEXT, "…" + TEXT[-70:])  # the end of the post is enough
    assert not content_present(TEXT, "Här är häxan som tog")
    assert content_present("ok", "ok") is None  # too short to tell


def test_check_url_reports_robots_and_451(fixture_server, make_config):
    settings = make_config(extra="http: {per_host_interval: 0, retry_backoff: 0.01, retries: 0}\n")
    fixture_server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n")
    fixture_server.routes["/legal"] = Route(b"blocked", status=451)

    async def go():
        async with make_http_client(settings) as http:
            return (
                await check_url(http, fixture_server.url("/private/1"), TEXT),
                await check_url(http, fixture_server.url("/legal"), TEXT),
            )

    robots, legal = asyncio.run(go())
    assert robots.state == "unavailable" and "robots.txt" in robots.note
    assert legal.state == "removed" and "451" in legal.note


def test_recheck_command_runs_one_round(world, fixture_server):
    from typer.testing import CliRunner

    from monitor.cli.main import app

    settings, engine, item, run, state = world
    fixture_server.routes["/p/cli"] = Route(b"", status=410)
    removed = item("/p/cli")
    result = CliRunner().invoke(
        app, ["recheck-notices", "--config", str(settings.base_dir / "config.yaml")]
    )
    assert result.exit_code == 0, result.output
    assert "1 checked: 1 removed, 0 still online, 0 could not be checked" in result.stdout
    assert state(removed)[0] == "removed"


def test_the_service_schedules_the_follow_up(make_config):
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from monitor.runtime import build_runtime
    from monitor.secretkey import create_secret_key
    from monitor.service import Service

    settings = make_config(extra="notices: {recheck_every: 3h}\n")
    migrate(settings.database_url)
    create_secret_key(settings.secret_key_path)
    runtime = build_runtime(settings)
    scheduler = AsyncIOScheduler(timezone=UTC)
    Service(runtime)._schedule(scheduler)
    job = scheduler.get_job("notices")
    assert job is not None and job.trigger.interval == timedelta(hours=3)
    assert job.max_instances == 1
    runtime.engine.dispose()
