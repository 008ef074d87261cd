"""The reddit kind on real captured listings, served by a local server."""

import json

import pytest
from pydantic import ValidationError

from scrapers.http import FetchError
from scrapers.reddit import RedditSettings, fetch_posts, listing_children, parse_thing, parse_thread
from tests.support.http_server import Route
from tests.support.scraping import api_requests, assert_clean, fixture, run_fetch

NEW_2019 = "r_test_listing_posts_2019__go_reddit.json"
SEARCH_2020 = "search_json_listing_2020__go_reddit.json"
THREAD = "comments_thread_post_and_comments__go_reddit.json"


def things(name: str) -> list[dict]:
    children, _ = listing_children(json.loads(fixture("reddit", name)), "u")
    return children


def source(server, **settings) -> RedditSettings:
    return RedditSettings(id="rd", kind="reddit", every="30m", base_url=server.base_url, **settings)


@pytest.mark.parametrize("name", [NEW_2019, SEARCH_2020])
def test_real_listings_parse_to_clean_posts(name):
    posts = [parse_thing(t, source_id="s") for t in things(name)]
    assert all(posts) and len(posts) == 2
    assert_clean(posts)
    assert all(p.external_id.startswith("t3_") for p in posts)
    assert all(p.url.startswith("https://www.reddit.com/r/") for p in posts)


def test_post_fields():
    post = parse_thing(things(NEW_2019)[0], source_id="s")
    assert post.external_id == "t3_agi5zf"
    assert post.text == "test\n\ntest"  # title, then selftext
    assert post.url == "https://www.reddit.com/r/test/comments/agi5zf/test/"
    assert post.author == "kmiller0112"
    assert post.published_at.isoformat() == "2019-01-16T05:57:51+00:00"
    link = parse_thing(things(SEARCH_2020)[1], source_id="s")
    assert link.text == "Brazilian president Jair Bolsonaro tests positive for coronavirus"
    assert link.media_urls[0].startswith("https://www.theguardian.com/world/2020/jul/07/")


def test_thread_with_nested_comments():
    posts = parse_thread(json.loads(fixture("reddit", THREAD)), source_id="s")
    assert [p.external_id for p in posts] == ["t3_testpost", "t1_testc1", "t1_testc2"]
    assert_clean(posts)
    reply = posts[2]
    assert reply.reply_to == "t1_testc1"
    assert reply.thread_url == "https://www.reddit.com/r/test/comments/testpost/test/"
    assert reply.url == "https://www.reddit.com/r/test/comments/testpost/test/testc2/"


def test_subreddit_new_through_local_server_and_cursor(fixture_server):
    fixture_server.routes["/r/test/new.json"] = Route(fixture("reddit", NEW_2019))
    first = run_fetch(fetch_posts, source(fixture_server, subreddit="r/test"))
    assert {p.external_id for p in first.posts} == {"t3_agi5zf", "t3_hyhquk"}
    assert "raw_json=1" in api_requests(fixture_server)[0]
    assert first.next_cursor["posts"]["ids"] == ["t3_hyhquk"]
    second = run_fetch(fetch_posts, source(fixture_server, subreddit="test"), first.next_cursor)
    assert second.posts == []
    assert len(api_requests(fixture_server)) == 2  # nothing new: no second page


def test_search_in_a_subreddit_and_site_wide(fixture_server):
    fixture_server.routes["/r/sweden/search.json"] = Route(fixture("reddit", SEARCH_2020))
    fixture_server.routes["/search.json"] = Route(fixture("reddit", SEARCH_2020))
    in_sub = run_fetch(fetch_posts, source(fixture_server, subreddit="sweden", query="LVU"))
    assert len(in_sub.posts) == 2
    asked = api_requests(fixture_server)[-1]
    assert (
        asked.startswith("/r/sweden/search.json?")
        and "restrict_sr=1" in asked
        and "sort=new" in asked
    )
    everywhere = run_fetch(fetch_posts, source(fixture_server, query="LVU"))
    assert len(everywhere.posts) == 2
    assert api_requests(fixture_server)[-1].startswith("/search.json?q=LVU")


def test_comments_listing(fixture_server):
    thread = json.loads(fixture("reddit", THREAD))
    fixture_server.routes["/r/test/new.json"] = Route(fixture("reddit", NEW_2019))
    fixture_server.routes["/r/test/comments.json"] = Route(json.dumps(thread[1]).encode())
    result = run_fetch(fetch_posts, source(fixture_server, subreddit="test", comments=True))
    ids = {p.external_id for p in result.posts}
    assert {"t3_agi5zf", "t1_testc1"} <= ids
    assert set(result.next_cursor) == {"posts", "comments"}


def test_pages_follow_after_until_known(fixture_server):
    fixture_server.routes["/r/test/new.json"] = Route(fixture("reddit", NEW_2019))
    fixture_server.routes["/r/test/new.json?after=t3_hyhquk"] = Route(
        fixture("reddit", SEARCH_2020)
    )
    fixture_server.routes["/r/test/new.json?after=t3_hmwhd7"] = Route(
        b'{"kind": "Listing", "data": {"after": null, "children": []}}'
    )
    cursor = {"posts": {"listing": "/r/test/new.json?", "newest": 1500000000, "ids": []}}
    result = run_fetch(fetch_posts, source(fixture_server, subreddit="test"), cursor)
    assert len(result.posts) == 4
    assert len(api_requests(fixture_server)) == 3


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (fixture("reddit", NEW_2019)[:4000], "not valid JSON"),
        (b"<!doctype html><title>Too Many Requests</title>", "not valid JSON"),
        (b'{"message": "Forbidden", "error": 403}', "not a Reddit listing"),
    ],
)
def test_malformed_answers_are_fetch_errors(fixture_server, body, message):
    fixture_server.routes["/r/test/new.json"] = Route(body)
    with pytest.raises(FetchError, match=message):
        run_fetch(fetch_posts, source(fixture_server, subreddit="test"))


def test_settings_checks():
    with pytest.raises(ValidationError, match="set subreddit, query, or both"):
        RedditSettings(id="r", kind="reddit", every="1h")
    with pytest.raises(ValidationError, match="comments: true needs a subreddit"):
        RedditSettings(id="r", kind="reddit", every="1h", query="x", comments=True)
