"""Telegram channel preview pages: real captured markup, served by a local server.

Older pages (`?before=`) are made from the real full page by shifting its message ids, so the
markup stays Telegram's own.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from scrapers.http import FetchError
from scrapers.telegram import (
    TelegramPageError,
    TelegramSettings,
    fetch_posts,
    parse_channel_page,
)
from tests.support.http_server import Route
from tests.support.scraping import FIXTURES, api_requests, assert_clean, run_fetch

TELEGRAM = FIXTURES / "telegram"
FULL = "tme_s_channel_full_page_topwar_official__any2feed.html"
FULL_IDS = [70989, 70990, 70992, 70995, 70996, 70997, 70998, 70999, 71000, 71006, 71007, 71008]


def read(name: str) -> str:
    return (TELEGRAM / name).read_text(encoding="utf-8")


def parse(html: str, url: str = "https://t.me/s/topwar_official"):
    return parse_channel_page(html, url=url, source_id="tg")


def shifted(html: str, by: int) -> str:
    """The same page with every message id (and the older-messages link) moved down by `by`."""
    html = re.sub(r"(topwar_official/)(\d+)", lambda m: f"{m[1]}{int(m[2]) - by}", html)
    return re.sub(r'(before=|data-before=")(\d+)', lambda m: f"{m[1]}{int(m[2]) - by}", html)


def source(server, **settings) -> TelegramSettings:
    return TelegramSettings(
        id="tg", kind="telegram", channel="topwar_official", every="15m",
        base_url=server.base_url, **settings,
    )  # fmt: skip


def serve(server, path: str, html: str) -> None:
    server.routes[path] = Route(
        html.encode("utf-8"), headers={"Content-Type": "text/html; charset=utf-8"}
    )


# --- the parser on real markup -------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in TELEGRAM.glob("*.html")))
def test_every_real_page_parses_to_clean_posts(name):
    page = parse(read(name))
    assert_clean(page.posts)
    for post in page.posts:
        assert re.fullmatch(r"[a-z0-9_]+/\d+", post.external_id)
        assert post.url == f"https://t.me/{post.author}/{post.external_id.split('/')[1]}"
        assert post.published_at is not None and post.published_at.tzinfo == UTC
        assert "Please open Telegram" not in post.text and "VIEW IN TELEGRAM" not in post.text


def test_full_page_messages_ids_and_paging_link():
    page = parse(read(FULL))
    assert page.ids == FULL_IDS
    assert [int(p.external_id.split("/")[1]) for p in page.posts] == FULL_IDS
    assert page.before == 70989
    first = page.posts[0]
    assert first.external_id == "topwar_official/70989"
    assert first.author == "topwar_official" and first.author_name == "Военное обозрение"
    assert first.published_at == datetime(2023, 2, 28, 7, 47, 53, tzinfo=UTC)
    assert "сообщает Baza.\nСудя по сервису" in first.text  # <br> is a newline
    assert first.media_urls[0].startswith("https://cdn4.telegram-cdn.org/file/J1iJAZ")


def test_forwarded_message_names_both():
    (post,) = parse(read("tme_s_message_wrap_forwarded__any2feed.html")).posts
    assert post.author == "oper_goblin"
    assert post.author_name == "Tynu40k Goblina (oper.ru) (vidarebefordrat från Пул N3)"
    assert (
        post.text == "Британская разведка выяснила, почему Ким Чен Ын начал выводить дочку в свет"
    )


def test_link_preview_is_part_of_the_text():
    (post,) = parse(read("tme_s_message_wrap_link_preview__any2feed.html")).posts
    link, preview = post.text.split("\n\n")
    assert link == "https://vnnews.ru/georgiy-zotov-okkupaciya-volosatym-kr/"
    assert preview.startswith("Ваши новости — интернет-газета\nГеоргий Зотов: ОККУПАЦИЯ")


def test_poll_question_and_options():
    (post,) = parse(read("tme_s_message_wrap_poll__any2feed.html")).posts
    assert post.text.splitlines() == [
        "Как лучше?",
        "- Несколько постов в день (16%)",
        "- Один пост в несколько дней (83%)",
        "- Свой вариант в комментарии (3%)",
    ]


def test_album_media_and_text_once():
    (post,) = parse(read("tme_s_message_wrap_photo_and_video__any2feed.html")).posts
    assert post.text.count("Ночью над Белгородом сбили 3") == 1  # nested text blocks read once
    assert "#Белгород #Беспилотники" in post.text and post.text.endswith("@anna_news")
    videos = [u for u in post.media_urls if ".mp4" in u]
    photos = [u for u in post.media_urls if u.endswith(".jpg")]
    assert len(videos) == 1 and len(photos) == 2 and len(post.media_urls) == 4


def test_reply_quote_is_not_the_message_text():
    reply = (
        '<a class="tgme_widget_message_reply" href="https://t.me/topwar_official/70001">'
        '<div class="tgme_widget_message_author"><span class="tgme_widget_message_author_name">'
        'Военное обозрение</span></div><div class="tgme_widget_message_text js-message_reply_text"'
        ' dir="auto">QUOTED OLDER MESSAGE</div></a>'
    )
    html = read("tme_s_message_wrap_text__any2feed.html").replace(
        '<div class="tgme_widget_message_text', reply + '<div class="tgme_widget_message_text', 1
    )
    (post,) = parse(html).posts
    assert "QUOTED OLDER MESSAGE" not in post.text and post.text.startswith("Неопознанный")
    assert post.reply_to == "https://t.me/topwar_official/70001"


def test_message_without_text_is_dropped_but_seen():
    html = read(FULL)
    # message 70990 is text-only: take its text away
    start = html.index('data-post="topwar_official/70990"')
    text_at = html.index('<div class="tgme_widget_message_text', start)
    end = html.index("</div>", text_at) + len("</div>")
    page = parse(html[:text_at] + html[end:])
    assert "topwar_official/70990" not in [p.external_id for p in page.posts]
    assert 70990 in page.ids and len(page.posts) == 11


def test_truncated_page_drops_the_cut_message():
    html = read(FULL)
    cut = html.index("Путин – о приоритетах ФСБ")  # inside message 71007's text
    page = parse(html[:cut])
    ids = [int(p.external_id.split("/")[1]) for p in page.posts]
    assert ids == FULL_IDS[: FULL_IDS.index(71007)]
    assert max(page.ids) == 71006  # the cut message does not count as seen


@pytest.mark.parametrize(
    "html", ["<html><body><h1>502 Bad Gateway</h1></body></html>", "\x00\x01 garbage <<<", ""]
)
def test_a_page_that_is_not_a_channel_is_an_error(html):
    with pytest.raises(TelegramPageError, match="not a Telegram channel preview page"):
        parse(html)


def test_messages_with_broken_ids_or_dates_are_dropped():
    html = read(FULL).replace('data-post="topwar_official/70990"', 'data-post="nonsense"', 1)
    html = html.replace('datetime="2023-02-28T07:47:53+00:00"', 'datetime="yesterday"', 1)
    page = parse(html)
    assert len(page.posts) == 10 and 70989 not in page.ids and 70990 not in page.ids


# --- settings ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given",
    ["somechannel", "@somechannel", "https://t.me/somechannel", "https://t.me/s/somechannel"],
)
def test_channel_forms(given):
    settings = TelegramSettings(id="t", kind="telegram", channel=given, every="15m")
    assert settings.channel == "somechannel" and settings.max_pages == 5


@pytest.mark.parametrize("given", ["", "a b", "x", "../../etc", "https://example.com/foo"])
def test_bad_channels_are_refused(given):
    with pytest.raises(ValidationError):
        TelegramSettings(id="t", kind="telegram", channel=given, every="15m")


# --- fetching through a local server -------------------------------------------------------------


def test_first_run_pages_back_to_max_pages(fixture_server):
    serve(fixture_server, "/s/topwar_official", read(FULL))
    serve(fixture_server, "/s/topwar_official?before=70989", shifted(read(FULL), 100))
    serve(fixture_server, "/s/topwar_official?before=70889", shifted(read(FULL), 200))
    result = run_fetch(fetch_posts, source(fixture_server, max_pages=2), {})
    assert api_requests(fixture_server) == [
        "/s/topwar_official",
        "/s/topwar_official?before=70989",
    ]
    assert len(result.posts) == 24
    assert_clean(result.posts)
    assert result.next_cursor == {"channel": "topwar_official", "last_id": 71008}


def test_next_run_stops_at_the_cursor(fixture_server):
    serve(fixture_server, "/s/topwar_official", read(FULL))
    serve(fixture_server, "/s/topwar_official?before=70989", shifted(read(FULL), 100))
    cursor = {"channel": "topwar_official", "last_id": 71000}
    result = run_fetch(fetch_posts, source(fixture_server), cursor)
    assert api_requests(fixture_server) == ["/s/topwar_official"]
    assert [p.external_id for p in result.posts] == [
        "topwar_official/71006",
        "topwar_official/71007",
        "topwar_official/71008",
    ]
    assert result.next_cursor["last_id"] == 71008


def test_paging_continues_until_the_cursor_is_reached(fixture_server):
    serve(fixture_server, "/s/topwar_official", read(FULL))
    serve(fixture_server, "/s/topwar_official?before=70989", shifted(read(FULL), 100))
    serve(fixture_server, "/s/topwar_official?before=70889", shifted(read(FULL), 200))
    cursor = {"channel": "topwar_official", "last_id": 70900}
    result = run_fetch(fetch_posts, source(fixture_server), cursor)
    assert len(api_requests(fixture_server)) == 2
    assert all(int(p.external_id.split("/")[1]) > 70900 for p in result.posts)
    assert len(result.posts) == 12 + 3  # page 2 holds 70889 … 70908: 70906-70908 are new


def test_nothing_new_keeps_the_cursor(fixture_server):
    serve(fixture_server, "/s/topwar_official", read(FULL))
    cursor = {"channel": "topwar_official", "last_id": 71008}
    result = run_fetch(fetch_posts, source(fixture_server), cursor)
    assert result.posts == [] and result.next_cursor == cursor


def test_a_cursor_for_another_channel_is_ignored(fixture_server):
    serve(fixture_server, "/s/topwar_official", read(FULL))
    result = run_fetch(
        fetch_posts, source(fixture_server, max_pages=1), {"channel": "other", "last_id": 99999}
    )
    assert len(result.posts) == 12


def test_server_ignoring_before_does_not_loop(fixture_server):
    # Every ?before= falls back to the same newest page: no new ids, paging stops.
    serve(fixture_server, "/s/topwar_official", read(FULL))
    result = run_fetch(fetch_posts, source(fixture_server, max_pages=20), {})
    assert len(api_requests(fixture_server)) == 2 and len(result.posts) == 12


def test_before_that_does_not_go_down_stops_paging(fixture_server):
    # Page 2 answers with *newer* messages and a link forward: a loop in the making.
    serve(fixture_server, "/s/topwar_official", read(FULL))
    serve(fixture_server, "/s/topwar_official?before=70989", shifted(read(FULL), -1000))
    serve(fixture_server, "/s/topwar_official?before=71989", read(FULL))
    result = run_fetch(fetch_posts, source(fixture_server, max_pages=20), {})
    assert len(api_requests(fixture_server)) == 2 and len(result.posts) == 24


def test_channel_without_public_preview(fixture_server):
    fixture_server.routes["/s/topwar_official"] = Route(
        status=302, headers={"Location": "/topwar_official"}
    )
    serve(fixture_server, "/topwar_official", "<html><body>Join channel</body></html>")
    with pytest.raises(FetchError, match="has no public web preview"):
        run_fetch(fetch_posts, source(fixture_server), {})


def test_error_on_an_older_page_fails_the_run(fixture_server):
    serve(fixture_server, "/s/topwar_official", read(FULL))
    fixture_server.routes["/s/topwar_official?before=70989"] = Route(b"oops", status=500)
    with pytest.raises(FetchError, match="HTTP 500"):
        run_fetch(fetch_posts, source(fixture_server), {})


def test_rate_limited_page_is_retried(fixture_server):
    fixture_server.routes["/s/topwar_official"] = Route(
        read(FULL).encode(), sequence=[Route(b"", status=429, headers={"Retry-After": "0"})]
    )
    result = run_fetch(fetch_posts, source(fixture_server, max_pages=1), {}, retries=1)
    assert len(result.posts) == 12


def test_ids_are_stable_across_runs(fixture_server):
    serve(fixture_server, "/s/topwar_official", read(FULL))
    one = run_fetch(fetch_posts, source(fixture_server, max_pages=1), {})
    two = run_fetch(fetch_posts, source(fixture_server, max_pages=1), {})
    assert [p.external_id for p in one.posts] == [p.external_id for p in two.posts]
