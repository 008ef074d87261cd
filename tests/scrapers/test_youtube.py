"""The youtube kind: uploads from a real channel feed, comments from the Data API (local server)."""

import pytest
from pydantic import ValidationError

from scrapers.http import FetchError
from scrapers.youtube import YoutubeSettings, fetch_posts, parse_comment_threads
from tests.support.http_server import Route
from tests.support.scraping import api_requests, assert_clean, fixture, run_fetch

CHANNEL = "UC7pcEjI2U2vg6CqgbwIpjgg"
FEED = "youtube_feeds_videos_xml_channel_id_2016__momoclo_channel.xml"
COMMENTS = "commentThreads_handwritten_fictional.json"  # no real capture; documented shape
KEY_ENV = "SOCIALVAKT_YOUTUBE_API_KEY"
THREADS = "/youtube/v3/commentThreads"


@pytest.fixture
def no_key(monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)


@pytest.fixture
def key(monkeypatch):
    monkeypatch.setenv(KEY_ENV, "test-api-key")
    return "test-api-key"


def source(server, **settings) -> YoutubeSettings:
    settings.setdefault("channel_id", CHANNEL)
    return YoutubeSettings(
        id="yt",
        kind="youtube",
        every="1h",
        base_url=server.base_url,
        api_base_url=server.url("/youtube/v3"),
        **settings,
    )


def serve_feed(server, **headers):
    server.routes["/feeds/videos.xml"] = Route(
        fixture("youtube", FEED), headers={"Content-Type": "application/atom+xml", **headers}
    )


def test_uploads_from_the_channel_feed_without_an_api_key(fixture_server, no_key):
    serve_feed(fixture_server)
    result = run_fetch(fetch_posts, source(fixture_server))
    assert len(result.posts) == 15
    assert_clean(result.posts)
    assert all(
        p.platform == "youtube" and p.external_id.startswith("yt:video:") for p in result.posts
    )
    first = result.posts[0]
    assert first.external_id == "yt:video:LpVptTGBB8Y"
    assert first.url == "http://www.youtube.com/watch?v=LpVptTGBB8Y"
    assert first.published_at.isoformat() == "2016-04-01T00:18:19+00:00"
    assert api_requests(fixture_server) == [f"/feeds/videos.xml?channel_id={CHANNEL}"]
    assert result.next_cursor["latest"][0] == "LpVptTGBB8Y"


def test_comments_with_an_api_key_in_a_header(fixture_server, key):
    serve_feed(fixture_server)
    fixture_server.routes[THREADS] = Route(fixture("youtube", COMMENTS))
    result = run_fetch(fetch_posts, source(fixture_server, comments_on_latest=1))
    comments = [p for p in result.posts if p.external_id.startswith("yt:comment:")]
    assert len(result.posts) == 15 + 3 and len(comments) == 3
    assert_clean(comments)
    top, reply, other = comments
    assert top.text.startswith("Socialtjänsten i Exempelstad tar barn")
    assert top.text.endswith("<3")  # textOriginal, not the HTML-escaped textDisplay
    assert top.url == "https://www.youtube.com/watch?v=LpVptTGBB8Y&lc=UgzFiktivKommentar01AaABAg"
    assert top.reply_to == "yt:video:LpVptTGBB8Y"
    assert reply.reply_to == "yt:comment:UgzFiktivKommentar01AaABAg"
    assert reply.thread_url == "https://www.youtube.com/watch?v=LpVptTGBB8Y"
    assert other.author == "@FiktivAnvandare3"
    assert top.published_at.isoformat() == "2024-05-12T08:30:00+00:00"
    path, headers = next((p, h) for p, h in fixture_server.requests if p.startswith(THREADS))
    assert headers["X-Goog-Api-Key"] == key and key not in path
    assert "videoId=LpVptTGBB8Y" in path and "order=time" in path
    assert result.next_cursor["comments"] == {"LpVptTGBB8Y": "2024-05-12T09:05:00+00:00"}


def test_unchanged_feed_still_reads_comments_of_known_videos(fixture_server, key):
    serve_feed(fixture_server, ETag='"v1"')
    fixture_server.routes[THREADS] = Route(fixture("youtube", COMMENTS))
    settings = source(fixture_server, comments_on_latest=1)
    first = run_fetch(fetch_posts, settings)
    second = run_fetch(fetch_posts, settings, first.next_cursor)
    assert [p for p in second.posts if p.external_id.startswith("yt:video:")] == []
    assert second.next_cursor["latest"] == first.next_cursor["latest"]
    assert sum(p.startswith(THREADS) for p in api_requests(fixture_server)) == 2


def test_one_video_with_comments_off_does_not_stop_the_rest(fixture_server, key):
    serve_feed(fixture_server)
    fixture_server.routes[THREADS] = Route(fixture("youtube", COMMENTS))
    fixture_server.routes[f"{THREADS}?videoId=RBfLM0b_vag"] = Route(b'{"error": {}}', status=403)
    result = run_fetch(fetch_posts, source(fixture_server, comments_on_latest=2))
    assert len([p for p in result.posts if p.external_id.startswith("yt:comment:")]) == 3


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (Route(fixture("youtube", COMMENTS)[:700]), "not valid JSON"),
        (Route(b'{"kind": "youtube#commentThreadListResponse"}'), "no 'items' list"),
        (Route(b'{"error": {"code": 403}}', status=403), "HTTP 403"),
    ],
)
def test_comments_failing_for_every_video_is_an_error(fixture_server, key, route, message):
    serve_feed(fixture_server)
    fixture_server.routes[THREADS] = route
    with pytest.raises(FetchError, match=message) as caught:
        run_fetch(fetch_posts, source(fixture_server, comments_on_latest=1))
    assert key not in str(caught.value)


def test_video_ids_alone(fixture_server, key):
    fixture_server.routes[THREADS] = Route(fixture("youtube", COMMENTS))
    settings = source(fixture_server, channel_id=None, video_ids=["LpVptTGBB8Y"])
    result = run_fetch(fetch_posts, settings)
    assert len(result.posts) == 3
    assert not any(p.startswith("/feeds/") for p in api_requests(fixture_server))


def test_parser_rejects_a_non_answer():
    with pytest.raises(FetchError, match="commentThreads"):
        parse_comment_threads(["x"], source_id="s", url="u")


def test_settings_checks():
    with pytest.raises(ValidationError, match="set channel_id, video_ids, or both"):
        YoutubeSettings(id="y", kind="youtube", every="1h")
    with pytest.raises(ValidationError, match="not a YouTube video id"):
        YoutubeSettings(id="y", kind="youtube", every="1h", video_ids=["../../etc"])
