"""The RSS/Atom parser on real captured feeds, and the fetch path against a local server."""

import asyncio
import re
from datetime import UTC
from pathlib import Path

import pytest

from scrapers.http import FetchError
from scrapers.rss import FeedError, RssSettings, fetch_posts, parse_feed
from tests.support.scraping import quiet_client

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "rss"


def parse(name: str):
    return parse_feed(
        (FEEDS / name).read_bytes(), url="http://127.0.0.1/feed.xml", source_id="s", platform="rss"
    )


@pytest.mark.parametrize("name", sorted(p.name for p in FEEDS.iterdir()))
def test_every_real_feed_parses_to_clean_posts(name):
    posts = parse(name)
    assert len(posts) >= 10
    ids = [p.external_id for p in posts]
    assert len(set(ids)) == len(ids), "ids must be unique within a feed"
    for post in posts:
        assert post.text and not re.search(r"</?[a-zA-Z][^>]*>", post.text), "markup left in text"
        assert post.url.startswith("http")
        assert post.published_at is None or post.published_at.tzinfo == UTC


def test_guardian_rss_fields():
    posts = parse("rss2_guardian_us_2018__rss_parser.xml")
    first = posts[0]
    assert first.external_id.startswith("https://www.theguardian.com/")
    assert first.author == "David Smith in Washington"
    assert first.published_at.isoformat() == "2018-01-31T07:26:05+00:00"
    assert "<p>" not in first.text and "<a " not in first.text


def test_latin1_feed_without_declaration_decodes():
    posts = parse("rss2_uol_noticias_iso8859_no_xmldecl_2018__rss_parser.xml")
    assert "simulações" in posts[0].text


def test_atom_dates_converted_to_utc():
    posts = parse("atom_heise_developer_2016__rss_parser.xml")
    assert posts[0].published_at.isoformat() == "2016-02-01T16:22:00+00:00"


def test_youtube_feed_ids_and_links():
    posts = parse("youtube_feeds_videos_xml_google_2015__feedjira.xml")
    assert posts[0].external_id.startswith("yt:video:")
    assert posts[0].url.startswith("http://www.youtube.com/watch?v=")


def test_ids_stable_across_runs():
    assert [p.external_id for p in parse("rss2_reddit_frontpage_2015__rss_parser.xml")] == [
        p.external_id for p in parse("rss2_reddit_frontpage_2015__rss_parser.xml")
    ]


@pytest.mark.parametrize(
    "body",
    [b"<rss><channel><item><title>broken", b"not xml at all", b"<html><body>hi</body></html>"],
)
def test_malformed_documents_raise_clear_errors(body):
    with pytest.raises(FeedError) as caught:
        parse_feed(body, url="http://127.0.0.1/f", source_id="s", platform="rss")
    assert "http://127.0.0.1/f" in str(caught.value)


def test_entity_expansion_is_not_performed():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><item><title>&b; &xxe;</title><guid>g1</guid></item></channel></rss>"
    )
    try:
        posts = parse_feed(bomb, url="http://127.0.0.1/f", source_id="s", platform="rss")
    except FeedError:
        return
    assert all("root:" not in p.text and "aaaaaaaaaa" not in p.text for p in posts)


def _Source(url: str) -> RssSettings:  # noqa: N802  (reads like the settings it builds)
    return RssSettings(id="t", kind="rss", url=url, every="1h")


def _fetch(source, cursor, max_bytes=10_000_000):
    async def go():
        async with quiet_client(max_bytes=max_bytes) as http:
            return await fetch_posts(http, source, cursor)

    return asyncio.run(go())


def test_conditional_get_uses_etag(fixture_server):
    from tests.support.http_server import Route

    body = (FEEDS / "atom_heise_developer_2016__rss_parser.xml").read_bytes()
    fixture_server.routes["/feed"] = Route(
        body, headers={"ETag": '"v1"', "Content-Type": "application/atom+xml"}
    )
    source = _Source(fixture_server.url("/feed"))
    first = _fetch(source, {})
    assert len(first.posts) == 15 and first.next_cursor["etag"] == '"v1"'
    second = _fetch(source, first.next_cursor)
    assert second.posts == [] and second.next_cursor == first.next_cursor
    assert fixture_server.requests[-1][1].get("If-None-Match") == '"v1"'


def test_size_cap_stops_huge_response(fixture_server):
    from tests.support.http_server import Route

    fixture_server.routes["/huge"] = Route(stream_bytes=50 * 1024 * 1024)
    with pytest.raises(FetchError, match="exceeds the cap"):
        _fetch(_Source(fixture_server.url("/huge")), {}, max_bytes=2 * 1024 * 1024)


def test_server_error_is_a_fetch_error(fixture_server):
    from tests.support.http_server import Route

    fixture_server.routes["/boom"] = Route(b"oops", status=500)
    with pytest.raises(FetchError, match="HTTP 500"):
        _fetch(_Source(fixture_server.url("/boom")), {})


def test_unreachable_host_is_a_fetch_error():
    with pytest.raises(FetchError, match="network error"):
        _fetch(_Source("http://127.0.0.1:9/feed"), {})
