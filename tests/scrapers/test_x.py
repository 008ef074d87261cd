"""The x kind on real captured API v2 answers, served by a local server."""

import json

import pytest

from scrapers.http import FetchError
from scrapers.x import XSettings, fetch_posts, parse_page
from tests.support.http_server import Route
from tests.support.scraping import FIXTURES, api_requests, assert_clean, run_fetch, twarc_body

BREXIT = "api_v2_tweets_search_recent_brexit_2021_100tweets_twarc2_page__twarc_csv.jsonl"
KPOP = "api_v2_tweets_search_recent_kpop_2021_with_errors_twarc2_page__twarc_csv.jsonl"
MEDIA = "api_v2_tweets_lookup_media_tweet_twarc2_page__twarc_csv.jsonl"
SEARCH = "/2/tweets/search/recent"
TOKEN_ENV = "SOCIALVAKT_X_BEARER_TOKEN"


def page(name: str) -> dict:
    return json.loads(twarc_body(name))


@pytest.fixture
def token(monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, "test-bearer-token")
    return "test-bearer-token"


def source(server, **settings) -> XSettings:
    settings.setdefault("query", "LVU lang:sv")
    return XSettings(id="x", kind="x", every="15m", base_url=server.base_url, **settings)


@pytest.mark.parametrize("name", [BREXIT, KPOP, MEDIA])
def test_real_pages_parse_to_clean_posts(name):
    posts = parse_page(page(name), source_id="s")
    assert_clean(posts)
    for post in posts:
        assert post.external_id.isdigit()
        assert post.url == f"https://x.com/{post.author}/status/{post.external_id}"


def test_retweets_become_the_retweeted_tweet():
    data = page(BREXIT)
    retweet = next(
        t
        for t in data["data"]
        if any(r["type"] == "retweeted" for r in t.get("referenced_tweets", []))
    )
    original_id = next(r["id"] for r in retweet["referenced_tweets"] if r["type"] == "retweeted")
    posts = {p.external_id: p for p in parse_page(data, source_id="s")}
    assert retweet["id"] not in posts and original_id in posts
    assert not posts[original_id].text.startswith("RT @")
    assert len(posts) == len({p.external_id for p in posts.values()})


def test_tweet_fields():
    first = parse_page(page(BREXIT), source_id="s")[0]
    assert first.external_id == "1440716895355764743"
    assert first.author == "WarmongerHodges"
    assert first.lang == "en"
    assert first.published_at.isoformat() == "2021-09-22T16:37:29+00:00"
    texts = " ".join(p.text for p in parse_page(page(BREXIT), source_id="s"))
    assert "&amp;" not in texts and "&gt;" not in texts  # the API's escapes undone
    [media] = parse_page(page(MEDIA), source_id="s")
    assert media.media_urls and media.media_urls[0].startswith("https://pbs.twimg.com/")


def test_search_through_local_server_with_bearer_token(fixture_server, token):
    fixture_server.routes[SEARCH] = Route(twarc_body(BREXIT))
    result = run_fetch(fetch_posts, source(fixture_server))
    assert len(result.posts) == 68  # 100 tweets, retweets folded into their originals
    path, headers = next((p, h) for p, h in fixture_server.requests if p.startswith(SEARCH))
    assert headers["Authorization"] == f"Bearer {token}"
    assert "query=LVU+lang%3Asv" in path and "expansions=author_id" in path
    assert token not in path
    assert result.next_cursor == {"query": "LVU lang:sv", "since_id": "1440716895355764743"}


def test_since_id_and_next_token_paging(fixture_server, token, monkeypatch):
    monkeypatch.setattr("scrapers.x.snowflake_age_seconds", lambda _id: 60.0)  # a fresh cursor
    next_token = page(BREXIT)["meta"]["next_token"]
    fixture_server.routes[SEARCH] = Route(twarc_body(BREXIT))
    fixture_server.routes[f"{SEARCH}?next_token={next_token}"] = Route(twarc_body(KPOP))
    cursor = {"query": "LVU lang:sv", "since_id": "1440000000000000000"}
    result = run_fetch(fetch_posts, source(fixture_server, max_pages=2), cursor)
    asked = api_requests(fixture_server)
    assert len(asked) == 2 and all("since_id=1440000000000000000" in p for p in asked)
    assert len(result.posts) == 68 + 43
    assert result.next_cursor["since_id"] == "1440717170493689866"  # the kpop page's newest


def test_a_since_id_older_than_a_week_is_dropped(fixture_server, token):
    fixture_server.routes[SEARCH] = Route(twarc_body(BREXIT))
    cursor = {"query": "LVU lang:sv", "since_id": "1440716895355764743"}  # from 2021
    run_fetch(fetch_posts, source(fixture_server), cursor)
    assert "since_id" not in api_requests(fixture_server)[0]


def test_missing_token_is_a_startup_problem_naming_the_variable(monkeypatch, fixture_server):
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    settings = source(fixture_server)
    problem = settings.startup_problem()
    assert problem and TOKEN_ENV in problem
    other = source(fixture_server, token_env="MY_X_TOKEN")
    assert "MY_X_TOKEN" in other.startup_problem()
    with pytest.raises(FetchError, match=TOKEN_ENV):
        run_fetch(fetch_posts, settings)
    assert api_requests(fixture_server) == []
    monkeypatch.setenv(TOKEN_ENV, "t")
    assert settings.startup_problem() is None


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (Route(twarc_body(BREXIT)[:10000]), "not valid JSON"),
        (Route(b'{"errors": [{"detail": "Invalid query: LVU lang:"}]}'), "Invalid query"),
        (Route(b'{"title": "Unauthorized", "status": 401}', status=401), "HTTP 401"),
        (Route(b'["not", "an", "object"]'), "not an X API answer"),
    ],
)
def test_bad_answers_are_fetch_errors(fixture_server, token, route, message):
    fixture_server.routes[SEARCH] = route
    with pytest.raises(FetchError, match=message) as caught:
        run_fetch(fetch_posts, source(fixture_server))
    assert token not in str(caught.value)


def test_the_fixture_is_one_raw_api_page():
    assert (FIXTURES / "twitter" / BREXIT).read_text().count("\n") <= 1


def test_in_the_service_a_missing_token_fails_only_that_source(make_config, monkeypatch):
    from models.tables import Source
    from monitor.db import make_engine, migrate, session_scope
    from monitor.scraping import record_startup_problems, register_sources

    monkeypatch.delenv(TOKEN_ENV, raising=False)
    settings = make_config(
        "sources:\n"
        '  - {id: x-lvu, kind: x, query: "LVU lang:sv", every: 15m}\n'
        '  - {id: bs, kind: bluesky, query: "LVU", every: 15m}\n'
    )
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    register_sources(engine, settings)
    runnable = record_startup_problems(engine, settings)
    assert [s.id for s in runnable] == ["bs"]
    with session_scope(engine) as session:
        row = session.get(Source, "x-lvu")
        assert row.health == "failing" and TOKEN_ENV in row.last_error
