"""The bluesky kind on real captured AppView answers, served by a local server."""

import json

import pytest
from pydantic import ValidationError

from scrapers.bluesky import BlueskySettings, fetch_posts, parse_post_view
from scrapers.http import FetchError
from tests.support.http_server import Route
from tests.support.scraping import api_requests, assert_clean, cassette_body, fixture, run_fetch

SEARCH_2023 = "app_bsky_feed_searchPosts_2023_redistricting__bskyr.json"
AUTHOR_2023 = "app_bsky_feed_getAuthorFeed_2023__bskyr.json"
SEARCH_2025 = "vcr_cassette_app_bsky_feed_searchPosts_2025_redistricting__bskyr.yml"
AUTHOR_2025 = "vcr_cassette_app_bsky_feed_getAuthorFeed_2025__bskyr.yml"
SEARCH = "/xrpc/app.bsky.feed.searchPosts"
AUTHOR = "/xrpc/app.bsky.feed.getAuthorFeed"


def search_2025() -> bytes:
    return cassette_body("bluesky", SEARCH_2025, "searchPosts")


def author_2025() -> bytes:
    return cassette_body("bluesky", AUTHOR_2025, "getAuthorFeed")


def views(body: bytes) -> list[dict]:
    data = json.loads(body)
    return data.get("posts") or [item["post"] for item in data["feed"]]


def source(server, **settings) -> BlueskySettings:
    if "actor" not in settings:
        settings.setdefault("query", "socialtjänsten")
    return BlueskySettings(
        id="bs", kind="bluesky", every="10m", base_url=server.base_url, **settings
    )


@pytest.mark.parametrize(
    "body",
    [
        fixture("bluesky", SEARCH_2023),
        fixture("bluesky", AUTHOR_2023),
        search_2025(),
        author_2025(),
    ],
    ids=["search-2023", "author-2023", "search-2025", "author-2025"],
)
def test_real_answers_parse_to_clean_posts(body):
    posts = [parse_post_view(v, source_id="s") for v in views(body)]
    assert all(posts)
    assert_clean(posts)
    for post in posts:
        assert post.external_id.startswith("at://did:")
        rkey = post.external_id.rsplit("/", 1)[1]
        assert post.url.startswith("https://bsky.app/profile/") and post.url.endswith(
            f"/post/{rkey}"
        )


def test_post_fields():
    first = parse_post_view(views(fixture("bluesky", SEARCH_2023))[0], source_id="s")
    assert (
        first.external_id
        == "at://did:plc:xrs7uicyfcp5qbnhnqy7kucb/app.bsky.feed.post/3kghpycppiw2n"
    )
    assert first.url == "https://bsky.app/profile/planetcarnival.bsky.social/post/3kghpycppiw2n"
    assert first.author == "planetcarnival.bsky.social" and first.author_name == "PlanetCarnival"
    assert first.published_at.isoformat() == "2023-12-14T00:37:20.615000+00:00"
    assert first.lang == "en"
    assert (
        first.reply_to == "at://did:plc:4ypydtsxlmkfyoyoxb26o4wd/app.bsky.feed.post/3kghpqjiodr2t"
    )
    assert (
        first.thread_url
        == "https://bsky.app/profile/did:plc:4ypydtsxlmkfyoyoxb26o4wd/post/3kghpqjiodr2t"
    )


def test_shortened_link_labels_become_the_whole_link():
    post = parse_post_view(views(fixture("bluesky", AUTHOR_2023))[0], source_id="s")
    assert post.text.endswith(
        "https://www.npr.org/2023/10/03/1202678747/2020-census-national-academies-panel"
    )
    assert "1..." not in post.text


def test_images_and_link_cards():
    posts = [parse_post_view(v, source_id="s") for v in views(author_2025())]
    assert any("cdn.bsky.app/img/feed_fullsize" in u for p in posts for u in p.media_urls)
    harvard = next(p for p in posts if "harvard-diss" in p.text)
    assert "https://github.com/christopherkenny/harvard-diss" in harvard.media_urls


def test_search_through_local_server_and_cursor(fixture_server):
    fixture_server.routes[SEARCH] = Route(
        search_2025(), headers={"Content-Type": "application/json"}
    )
    first = run_fetch(fetch_posts, source(fixture_server, lang="sv"))
    assert len(first.posts) == 25
    asked = api_requests(fixture_server)[0]
    assert "sort=latest" in asked and "lang=sv" in asked and "q=socialtj%C3%A4nsten" in asked
    assert first.next_cursor["newest"] == "2025-05-19T17:10:09.813000+00:00"
    # Nothing newer: the known posts are skipped and no second page is asked for.
    second = run_fetch(fetch_posts, source(fixture_server, lang="sv"), first.next_cursor)
    assert second.posts == []
    assert len(api_requests(fixture_server)) == 2
    assert second.next_cursor == first.next_cursor


def test_pages_are_followed_until_older_posts(fixture_server):
    fixture_server.routes[SEARCH] = Route(search_2025())
    fixture_server.routes[f"{SEARCH}?cursor=25"] = Route(fixture("bluesky", SEARCH_2023))
    cursor = {"feed": "search:socialtjänsten:", "newest": "2024-01-01T00:00:00+00:00"}
    result = run_fetch(fetch_posts, source(fixture_server), cursor)
    assert len(result.posts) == 25  # the 2023 page is older than the cursor
    assert api_requests(fixture_server)[-1].endswith("cursor=25")


def test_author_feed_reposts_move_the_cursor_by_repost_time(fixture_server):
    fixture_server.routes[AUTHOR] = Route(fixture("bluesky", AUTHOR_2023))
    result = run_fetch(fetch_posts, source(fixture_server, actor="@chriskenny.bsky.social"))
    assert "actor=chriskenny.bsky.social" in api_requests(fixture_server)[0]
    assert len(result.posts) == 3
    assert result.posts[0].author == "hansilowang.bsky.social"  # the reposted post, as posted
    assert result.next_cursor["newest"] == "2023-10-03T17:17:08.578000+00:00"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (search_2025()[:3000], "not valid JSON"),
        (b'{"error": "InvalidRequest", "message": "bad"}', "not a Bluesky feed answer"),
    ],
)
def test_malformed_answers_are_fetch_errors(fixture_server, body, message):
    fixture_server.routes[SEARCH] = Route(body)
    with pytest.raises(FetchError, match=message):
        run_fetch(fetch_posts, source(fixture_server))


def test_settings_need_one_of_query_or_actor():
    with pytest.raises(ValidationError, match="exactly one of query or actor"):
        BlueskySettings(id="b", kind="bluesky", every="1h")
    default = BlueskySettings(id="b", kind="bluesky", every="1h", query="LVU")
    assert default.api_base("https://public.api.bsky.app") == "https://public.api.bsky.app"
