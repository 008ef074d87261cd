"""From an RSS feed on a local server to stored, classified posts and a review queue."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from sqlalchemy import func, select

from models.tables import Classification, Post, ReviewItem, ScrapeRun, Source
from monitor.db import migrate, session_scope
from monitor.runtime import build_runtime, make_http_client
from monitor.scraping import register_sources, run_source
from tests.support.http_server import Route

DISINFO = (
    "SPRID INNAN DET RADERAS!!! Socialtjänsten kidnappar muslimska barn och säljer dem till "
    "familjehem som tjänar miljoner. Sverige är en fascistisk stat som vill utrota islam 😡"
)
NEWS = (
    "Förvaltningsrätten i Sundsvall fastställde på tisdagen ett omedelbart omhändertagande enligt "
    "6 § LVU. Föräldrarna har överklagat till kammarrätten."
)
WEATHER = "Sol och 18 grader i Härnösand i helgen, perfekt för en promenad längs kajen."


def rss(*items: tuple[str, str, str]) -> bytes:
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><link>https://example.se/{guid}</link>"
        f"<description><![CDATA[<p>{body}</p>]]></description>"
        f"<pubDate>Tue, 24 Nov 2026 08:00:00 +0100</pubDate></item>"
        for guid, title, body in items
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>{entries}</channel></rss>'.encode()


def scrape_once(runtime, source):
    async def go():
        async with make_http_client(runtime.settings) as http:
            return await run_source(runtime.engine, runtime.pipeline, http, source)

    return asyncio.run(go())


def count(session, model, *where):
    return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def setup(make_config, fixture_server):
    settings = make_config(
        f'sources:\n  - {{id: feed, kind: rss, url: "{fixture_server.url("/feed.xml")}", every: 10m}}\n'
    )
    migrate(settings.database_url)
    runtime = build_runtime(settings)
    register_sources(runtime.engine, settings)
    return settings, runtime


def test_feed_scraped_twice_stores_each_post_once_and_queues_the_flagged_one(
    make_config, fixture_server
):
    fixture_server.routes["/feed.xml"] = Route(
        rss(("a1", "Sprid!", DISINFO), ("a2", "Dom i LVU-mål", NEWS), ("a3", "Helgväder", WEATHER))
    )
    settings, runtime = setup(make_config, fixture_server)
    first = scrape_once(runtime, settings.sources[0])
    second = scrape_once(runtime, settings.sources[0])
    assert first.error is None and second.error is None
    assert (first.posts_new, second.posts_new, second.posts_seen) == (3, 0, 3)

    with session_scope(runtime.engine) as session:
        assert count(session, Post) == 3
        assert count(session, Classification) == 3
        flagged_post = session.execute(
            select(Post).where(Post.url == "https://example.se/a1")
        ).scalar_one()
        assert flagged_post.times_seen == 2
        items = session.execute(select(ReviewItem)).scalars().all()
        assert [item.post_id for item in items] == [flagged_post.id]
        assert "lvu_disinfo" in items[0].labels
        result = json.loads(
            session.execute(
                select(Classification.result_json).where(Classification.post_id == flagged_post.id)
            ).scalar_one()
        )
        assert result["lvu_disinfo"]["flagged"] and result["lvu_disinfo"]["evidence"]
        assert count(session, ScrapeRun) == 2


def test_unreachable_feed_is_recorded_and_nothing_is_lost(make_config, fixture_server):
    fixture_server.routes["/feed.xml"] = Route(rss(("a1", "Helg", WEATHER)))
    settings, runtime = setup(make_config, fixture_server)
    assert scrape_once(runtime, settings.sources[0]).error is None
    for route in (
        Route(b"boom", status=500),
        Route(b"<rss><channel><item><title>trunc", status=200),
    ):
        fixture_server.routes["/feed.xml"] = route
        run = scrape_once(runtime, settings.sources[0])
        assert run.error
    with session_scope(runtime.engine) as session:
        assert count(session, Post) == 1
        source = session.get(Source, "feed")
        assert source.health == "failing" and source.consecutive_failures == 2
        errors = session.execute(select(ScrapeRun.error).order_by(ScrapeRun.id)).scalars().all()
        assert errors[0] is None and "HTTP 500" in errors[1] and "malformed XML" in errors[2]


def test_huge_feed_is_refused(make_config, fixture_server):
    fixture_server.routes["/feed.xml"] = Route(stream_bytes=50 * 1024 * 1024)
    settings, runtime = setup(make_config, fixture_server)
    run = scrape_once(runtime, settings.sources[0])
    assert "exceeds the cap" in run.error
    with session_scope(runtime.engine) as session:
        assert count(session, Post) == 0


def test_cursor_is_saved_with_the_posts(make_config, fixture_server):
    fixture_server.routes["/feed.xml"] = Route(
        rss(("a1", "Helg", WEATHER)), headers={"ETag": '"e1"'}
    )
    settings, runtime = setup(make_config, fixture_server)
    scrape_once(runtime, settings.sources[0])
    with session_scope(runtime.engine) as session:
        assert json.loads(session.get(Source, "feed").cursor_json)["etag"] == '"e1"'
    if settings.database_url.startswith("sqlite:///"):
        assert Path(settings.database_url.removeprefix("sqlite:///")).exists()
