"""`socialvakt submit URL`: a post found by hand, fetched through a local server and stored."""

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from models.tables import AuditEvent, Post, ReviewItem
from monitor.cli.main import app
from monitor.db import make_engine, migrate, session_scope
from tests.support.http_server import Route
from tests.support.scraping import fixture

runner = CliRunner()
ARTICLE = b"""<!doctype html><html lang="sv"><head><meta charset="utf-8">
<title>Artikel - Exempelbloggen</title>
<meta property="og:title" content="Sanningen om socialtj\xc3\xa4nsten">
<meta property="og:description" content="De tar barnen, sprid detta innan det raderas!">
<link rel="canonical" href="/artikel/1">
<meta property="article:published_time" content="2024-05-12T10:00:00+02:00">
</head><body><nav>Meny</nav><article><p>Hela texten om <b>LVU</b> i Exempelstad.</p></article>
<script>var x = 1;</script></body></html>"""


@pytest.fixture
def env(make_config, fixture_server, tmp_path):
    settings = make_config(
        f"""
        sources:
          - {{id: bs, kind: bluesky, query: LVU, base_url: "{fixture_server.base_url}", every: 10m}}
        """
    )
    migrate(settings.database_url)
    return tmp_path / "config.yaml", make_engine(settings.database_url), fixture_server


def submit(config, *args):
    return runner.invoke(app, ["submit", *args, "--config", str(config)])


def stored(engine) -> list[Post]:
    with session_scope(engine) as session:
        rows = session.execute(select(Post).order_by(Post.id)).scalars().all()
        session.expunge_all()
        return rows


def test_mastodon_status_through_the_instance_api(env):
    config, engine, server = env
    server.routes["/api/v1/statuses/111337272989523541"] = Route(
        fixture("mastodon", "api_v1_status_with_card_2023_fosstodon__bigbone.json")
    )
    result = submit(
        config, server.url("/@jaxwxboss/111337272989523541"), "--note", "från tipslådan"
    )
    assert result.exit_code == 0, result.output
    assert "read through the platform's API" in result.output
    [post] = stored(engine)
    host = server.base_url.removeprefix("http://")
    assert (post.platform, post.external_id) == ("mastodon", f"{host}/111337272989523541")
    assert post.source_id == "manual" and post.lang == "en"
    assert post.text.startswith("Just a hot take.")
    with session_scope(engine) as session:
        [event] = session.execute(
            select(AuditEvent).where(AuditEvent.action == "submitted")
        ).scalars()
        assert "från tipslådan" in event.note and f"post {post.id}" in event.note
        assert event.actor.startswith("cli")


def test_bluesky_post_link_through_the_appview(env):
    config, engine, server = env
    server.routes["/xrpc/com.atproto.identity.resolveHandle"] = Route(
        b'{"did": "did:plc:ic6zqvuw5ulmfpjiwnhsr2ns"}'
    )
    server.routes["/xrpc/app.bsky.feed.getPostThread"] = Route(
        fixture("bluesky", "app_bsky_feed_getPostThread_2023__bskyr.json")
    )
    result = submit(config, server.url("/profile/soubhikbarari.bsky.social/post/3k7qmjev5lr2s"))
    assert result.exit_code == 0, result.output
    [post] = stored(engine)
    assert post.platform == "bluesky"
    assert (
        post.external_id == "at://did:plc:ic6zqvuw5ulmfpjiwnhsr2ns/app.bsky.feed.post/3k7qmjev5lr2s"
    )
    asked = [path for path, _ in server.requests if "getPostThread" in path][0]
    assert "did%3Aplc%3Aic6zqvuw5ulmfpjiwnhsr2ns" in asked


def test_reddit_permalinks_of_a_post_and_a_comment(env):
    config, engine, server = env
    thread = fixture("reddit", "comments_thread_post_and_comments__go_reddit.json")
    server.routes["/r/test/comments/testpost/test.json"] = Route(thread)
    server.routes["/r/test/comments/testpost/test/testc2.json"] = Route(thread)
    assert submit(config, server.url("/r/test/comments/testpost/test/")).exit_code == 0
    result = submit(config, server.url("/r/test/comments/testpost/test/testc2/"))
    assert result.exit_code == 0, result.output
    assert [(p.platform, p.external_id) for p in stored(engine)] == [
        ("reddit", "t3_testpost"),
        ("reddit", "t1_testc2"),
    ]


def test_any_other_page_is_read_for_its_title_description_and_text(env):
    config, engine, server = env
    server.routes["/artikel/1?utm_source=x"] = Route(ARTICLE, headers={"Content-Type": "text/html"})
    result = submit(config, server.url("/artikel/1?utm_source=x"), "--platform", "facebook")
    assert result.exit_code == 0, result.output
    assert "read from the page" in result.output
    [post] = stored(engine)
    assert post.platform == "facebook"
    assert post.url == post.external_id == server.url("/artikel/1")  # the canonical address
    assert post.text == (
        "Sanningen om socialtjänsten\n\nDe tar barnen, sprid detta innan det raderas!\n\n"
        "Hela texten om LVU i Exempelstad."
    )
    assert post.published_at.isoformat().startswith("2024-05-12T08:00:00")


def test_stored_as_given_when_the_page_cannot_be_read(env):
    config, engine, _ = env
    text = "Socialsekreteraren heter Anna Fiktiv, ring henne på 070-174 06 50 och säg vad ni tycker"
    result = submit(
        config,
        "https://www.facebook.com/groups/123/posts/456/",
        "--text",
        text,
        "--note",
        "skärmdump finns",
    )
    assert result.exit_code == 0, result.output
    assert "stored with the text given" in result.output
    [post] = stored(engine)
    assert (post.platform, post.text) == ("facebook", text)
    assert post.external_id == "https://www.facebook.com/groups/123/posts/456/"
    with session_scope(engine) as session:
        item = session.execute(
            select(ReviewItem).where(ReviewItem.post_id == post.id)
        ).scalar_one_or_none()
        if item is not None:
            assert f"review item {item.id}" in result.output


def test_unreadable_without_text_stores_nothing_and_says_what_to_do(env):
    config, engine, _ = env
    result = submit(config, "http://127.0.0.1:9/inlagg/1")
    assert result.exit_code == 1
    assert "--text" in result.output
    assert stored(engine) == []


def test_submitting_twice_updates_not_duplicates(env):
    config, engine, _ = env
    args = ["https://t.me/somechannel/123", "--text", "Samma inlägg"]
    assert submit(config, *args).exit_code == 0
    second = submit(config, *args)
    assert second.exit_code == 0 and "already stored" in second.output
    [post] = stored(engine)
    assert (post.platform, post.external_id, post.times_seen) == ("telegram", "somechannel/123", 2)


def test_not_a_web_address(env):
    config, _, _ = env
    result = submit(config, "file:///etc/passwd")
    assert result.exit_code == 2 and "not a web address" in result.output


def test_telegram_message_through_the_channel_preview(make_config, fixture_server, tmp_path):
    settings = make_config(
        f"""
        sources:
          - {{id: tg, kind: telegram, channel: topwar_official, base_url: "{fixture_server.base_url}", every: 15m}}
        """
    )
    migrate(settings.database_url)
    fixture_server.routes["/s/topwar_official"] = Route(
        fixture("telegram", "tme_s_channel_full_page_topwar_official__any2feed.html"),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    result = submit(tmp_path / "config.yaml", fixture_server.url("/topwar_official/70997"))
    assert result.exit_code == 0, result.output
    assert "read through the platform's API" in result.output
    assert any("/s/topwar_official?before=70998" in p for p, _ in fixture_server.requests)
    [post] = stored(make_engine(settings.database_url))
    assert (post.platform, post.external_id) == ("telegram", "topwar_official/70997")
    assert post.url == "https://t.me/topwar_official/70997"


@pytest.mark.parametrize(
    ("url", "platform", "external_id"),
    [
        ("https://www.youtube.com/watch?v=LpVptTGBB8Y&t=3", "youtube", "yt:video:LpVptTGBB8Y"),
        ("https://youtu.be/LpVptTGBB8Y", "youtube", "yt:video:LpVptTGBB8Y"),
        ("https://t.me/SomeChannel/123", "telegram", "somechannel/123"),
        ("https://x.com/someone/status/1440716895355764743", "x", "1440716895355764743"),
        (
            "https://m.facebook.com/groups/1/posts/2#c",
            "facebook",
            "https://m.facebook.com/groups/1/posts/2",
        ),
        (
            "https://www.tiktok.com/@someone/video/7",
            "tiktok",
            "https://www.tiktok.com/@someone/video/7",
        ),
        ("https://blogg.example.se/a#b", "web", "https://blogg.example.se/a"),
    ],
)
def test_platform_and_id_from_the_address_match_the_scrapers(url, platform, external_id):
    from scrapers.manual import natural_id, platform_of

    assert platform_of(url) == platform
    assert natural_id(url, platform) == external_id
