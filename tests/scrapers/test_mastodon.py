"""The mastodon kind on real captured API answers, served by a local server."""

import json

import pytest
from pydantic import ValidationError

from scrapers.http import FetchError
from scrapers.mastodon import MastodonSettings, fetch_posts, parse_status
from tests.support.http_server import Route
from tests.support.scraping import (
    api_requests,
    assert_clean,
    cassette_body,
    fixture,
    run_fetch,
)

TAG_2017 = "api_v1_timelines_tag_2017_friends_nico__bigbone.json"
PUBLIC_2017 = "api_v1_timelines_public_2017_mstdn_jp__bigbone.json"
STATUS_2023 = "api_v1_status_with_card_2023_fosstodon__bigbone.json"
CASSETTE_4X = "vcr_cassette_api_v1_timelines_tag_mastodon_4x_localhost__mastodonpy.yaml"
BASE = "https://friends.nico"


def statuses(name: str) -> list[dict]:
    return json.loads(fixture("mastodon", name))


def parse_all(batch: list[dict], base: str = BASE):
    return [parse_status(s, base=base, source_id="s") for s in batch]


def source(server, **settings) -> MastodonSettings:
    settings.setdefault("hashtag", "LVU")
    return MastodonSettings(
        id="md", kind="mastodon", every="10m", base_url=server.base_url, **settings
    )


@pytest.mark.parametrize("name", [TAG_2017, PUBLIC_2017])
def test_real_timelines_parse_to_clean_posts(name):
    posts = parse_all(statuses(name))
    assert all(posts) and len(posts) == 20
    assert_clean(posts)
    assert all(p.external_id.startswith("friends.nico/") for p in posts)


def test_mastodon_4x_timeline_from_cassette():
    batch = json.loads(cassette_body("mastodon", CASSETTE_4X, "/timelines/tag/hoot"))
    [post] = parse_all(batch, base="http://localhost:3000")
    assert post.text == "#hoot (hashtag toot)"
    assert post.lang == "ja"
    assert post.external_id == "localhost:3000/117020593741189701"
    assert post.author == "mastodonpy_test_2@localhost"
    assert post.published_at.isoformat() == "2026-08-01T13:55:55.867000+00:00"


def test_words_stay_whole_and_markup_goes():
    post = parse_all(statuses(TAG_2017))[0]
    assert post.text.startswith("@alexl @deadsuperhero Yes, but not only #Mastodon should be")
    assert post.author == "jeroenpraat@mastodon.social"
    assert post.reply_to == "friends.nico/675923"
    assert post.url == "https://mastodon.social/users/jeroenpraat/updates/2014093"
    assert post.published_at.isoformat() == "2017-04-21T15:00:42+00:00"


def test_modern_status_language_links_and_card():
    post = parse_status(
        json.loads(fixture("mastodon", STATUS_2023)), base="https://fosstodon.org", source_id="s"
    )
    assert post.lang == "en"
    assert post.url == "https://fosstodon.org/@jaxwxboss/111337272989523541"
    assert "https://youtu.be/X_TLztvV4ns?si=uGz-23iyZs0yoe5r" in post.text  # hidden spans joined
    assert "Wouldn't it be interesting" in post.text  # &#39; decoded
    assert "\n\n" in post.text  # paragraphs kept apart
    assert any("youtu" in url for url in post.media_urls)


def test_a_reblog_becomes_the_reblogged_status():
    original = statuses(TAG_2017)[1]
    booster = statuses(TAG_2017)[2]["account"]
    reblog = {
        "id": "999999",
        "created_at": "2017-04-22T00:00:00.000Z",
        "account": booster,
        "content": "",
        "reblog": original,
    }
    post = parse_status(reblog, base=BASE, source_id="s")
    assert post.external_id == f"friends.nico/{original['id']}"
    assert post.author_name == (original["account"]["display_name"] or post.author)


def test_ids_are_stable_across_runs():
    first = [p.external_id for p in parse_all(statuses(PUBLIC_2017))]
    assert first == [p.external_id for p in parse_all(statuses(PUBLIC_2017))]


def test_hashtag_fetch_through_local_server_and_since_id(fixture_server):
    fixture_server.routes["/api/v1/timelines/tag/LVU"] = Route(fixture("mastodon", TAG_2017))
    first = run_fetch(fetch_posts, source(fixture_server, hashtag="#LVU"))
    assert len(first.posts) == 20
    assert first.next_cursor["since_id"] == "714859"
    host = fixture_server.base_url.removeprefix("http://")
    assert all(p.external_id.startswith(host + "/") for p in first.posts)
    # The next run asks only for what is newer.
    fixture_server.routes["/api/v1/timelines/tag/LVU?since_id=714859"] = Route(b"[]")
    second = run_fetch(fetch_posts, source(fixture_server, hashtag="#LVU"), first.next_cursor)
    assert second.posts == [] and second.next_cursor["since_id"] == "714859"
    assert "since_id=714859" in fixture_server.requests[-1][0]


def test_gap_is_filled_with_max_id_pages(fixture_server):
    batch = statuses(TAG_2017)
    path = "/api/v1/timelines/tag/LVU"
    fixture_server.routes[path] = Route(json.dumps(batch[:5]).encode())
    fixture_server.routes[f"{path}?max_id={batch[4]['id']}"] = Route(
        json.dumps(batch[5:10]).encode()
    )
    fixture_server.routes[f"{path}?max_id={batch[9]['id']}"] = Route(
        json.dumps(batch[10:12]).encode()
    )
    result = run_fetch(
        fetch_posts, source(fixture_server, limit=5), {"timeline": "tag:LVU", "since_id": "600000"}
    )
    assert len(result.posts) == 12
    assert len(api_requests(fixture_server)) == 3
    assert result.next_cursor["since_id"] == batch[0]["id"]


def test_account_timeline_looks_the_account_up_once(fixture_server):
    fixture_server.routes["/api/v1/accounts/lookup"] = Route(
        b'{"id": "14988", "acct": "jeroenpraat"}'
    )
    fixture_server.routes["/api/v1/accounts/14988/statuses"] = Route(
        fixture("mastodon", PUBLIC_2017)
    )
    settings = source(fixture_server, hashtag=None, account="@jeroenpraat")
    first = run_fetch(fetch_posts, settings)
    assert len(first.posts) == 20 and first.next_cursor["account_id"] == "14988"
    assert api_requests(fixture_server)[0] == "/api/v1/accounts/lookup?acct=jeroenpraat"
    run_fetch(fetch_posts, settings, first.next_cursor)
    assert [p for p in api_requests(fixture_server) if "lookup" in p] == [
        "/api/v1/accounts/lookup?acct=jeroenpraat"
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (fixture("mastodon", TAG_2017)[:5000], "not valid JSON"),
        (b'{"error": "This method requires an authenticated user"}', "expected a JSON list"),
        (b"<html><body>Maintenance</body></html>", "not valid JSON"),
    ],
)
def test_malformed_answers_are_fetch_errors(fixture_server, body, message):
    fixture_server.routes["/api/v1/timelines/tag/LVU"] = Route(body)
    with pytest.raises(FetchError, match=message) as caught:
        run_fetch(fetch_posts, source(fixture_server))
    assert fixture_server.base_url in str(caught.value)


def test_settings_need_an_instance_and_one_timeline():
    with pytest.raises(ValidationError, match="base_url is required"):
        MastodonSettings(id="m", kind="mastodon", every="1h", hashtag="LVU")
    with pytest.raises(ValidationError, match="exactly one of hashtag or account"):
        MastodonSettings(
            id="m", kind="mastodon", every="1h", base_url="https://a.se", hashtag="x", account="y"
        )


def test_in_the_service_a_truncated_answer_is_a_recorded_error_and_stores_nothing(
    make_config, fixture_server
):
    import asyncio

    from sqlalchemy import func, select

    from models.tables import Post, Source
    from monitor.db import migrate, session_scope
    from monitor.runtime import build_runtime, make_http_client
    from monitor.scraping import register_sources, run_source

    settings = make_config(
        f'sources:\n  - {{id: md, kind: mastodon, base_url: "{fixture_server.base_url}", '
        "hashtag: LVU, every: 10m}\n"
    )
    migrate(settings.database_url)
    runtime = build_runtime(settings)
    register_sources(runtime.engine, settings)

    def scrape():
        async def go():
            async with make_http_client(settings) as http:
                return await run_source(runtime.engine, runtime.pipeline, http, settings.sources[0])

        return asyncio.run(go())

    fixture_server.routes["/api/v1/timelines/tag/LVU"] = Route(
        fixture("mastodon", TAG_2017)[:20000]
    )
    failed = scrape()
    assert "not valid JSON" in failed.error and fixture_server.base_url in failed.error
    with session_scope(runtime.engine) as session:
        assert session.execute(select(func.count()).select_from(Post)).scalar_one() == 0
        assert session.get(Source, "md").cursor_json == "{}"
    fixture_server.routes["/api/v1/timelines/tag/LVU"] = Route(fixture("mastodon", TAG_2017))
    ok = scrape()
    assert ok.error is None and ok.posts_new == 20
    with session_scope(runtime.engine) as session:
        assert json.loads(session.get(Source, "md").cursor_json)["since_id"] == "714859"
