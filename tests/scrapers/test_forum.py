"""Forums: the Flashback preset on the real captured thread page, generic selectors, paging.

The captured thread has one page and no quotes, so further pages are the same real page with
its post ids shifted and a "next page" link added in vBulletin's pagenav markup, and quotes are
Flashback's quote markup put into a real post. The sub-forum list and the generic forum pages
are hand-written (fictional content).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from scrapers.forum import (
    ForumPageError,
    ForumSettings,
    fetch_posts,
    looks_truncated,
    parse_forum_date,
    parse_forum_page,
)
from scrapers.http import FetchError
from tests.support.http_server import Route
from tests.support.scraping import FIXTURES, api_requests, assert_clean, run_fetch

FORUM = FIXTURES / "forum"
THREAD = "flashback_thread_page_t_2000_reformatted__miroli_flashback.html"
FRAGMENT = "flashback_single_post_fragment__miroli_flashback.html"
IDS = [314812, 314813, 314814, 314815, 314816]
NOW = datetime(2024, 1, 15, 12, 0, tzinfo=UTC)
HTML = {"Content-Type": "text/html; charset=utf-8"}


def read(name: str = THREAD) -> str:
    return (FORUM / name).read_text(encoding="utf-8")


def flashback(**settings) -> ForumSettings:
    values = {"url": "https://www.flashback.org/t50000"} | settings
    return ForumSettings(id="fb", kind="forum", preset="flashback", every="1h", **values)


def parse(html: str, settings: ForumSettings | None = None, url: str | None = None):
    settings = settings or flashback()
    return parse_forum_page(
        html, url=url or str(settings.url), source_id="fb", settings=settings, now=NOW
    )


def page(shift: int = 0, next_href: str | None = None, html: str | None = None) -> str:
    """The real thread page with post ids moved up by `shift` and optionally a next-page link."""
    html = html or read()
    html = re.sub(r"31481[2-6]", lambda m: str(int(m[0]) + shift), html)
    if next_href:
        pagenav = (
            '<div class="pagenav nborder fr"><table class="p2-4" cellspacing="1"><tr>'
            '<td class="vbmenu_control smallfont2 delim">Sidan 1 av 3</td>'
            f'<td class="alt1"><a class="smallfont2" href="{next_href}" '
            'title="Nästa sida - Resultat 6 till 10 av 15">&gt;</a></td></tr></table></div>'
        )
        marker = '<td class="alignr navcontrolbar" style="width:100%;padding:0 !important">'
        html = html.replace(marker, marker + pagenav, 1)
    return html


def serve(server, path: str, html: str) -> None:
    server.routes[path] = Route(html.encode("utf-8"), headers=HTML)


def ids_of(posts) -> list[int]:
    return [int(p.external_id.removeprefix("flashback:p")) for p in posts]


# --- the Flashback preset on real markup ---------------------------------------------------------


def test_real_thread_page():
    result = parse(read())
    assert_clean(result.posts)
    assert ids_of(result.posts) == IDS and result.next_url is None and not result.listing
    first = result.posts[0]
    assert first.external_id == "flashback:p314812" and first.platform == "flashback"
    assert first.url == "https://www.flashback.org/t50000#p314812"
    assert first.thread_url == "https://www.flashback.org/t50000"
    assert first.author == "Ördög (old)"
    # 18:09 Swedish summer time is 16:09 UTC
    assert first.published_at == datetime(2000, 9, 6, 16, 9, tzinfo=UTC)
    assert first.text.startswith("Danmarks socialdemokratiska inrikesminister Karen Jespersen")
    assert "Läs vidare här.\n\nhttp://www.berlingske.dk/artikel:aid=65711" in first.text
    assert "Visa allmän profil" not in first.text and "Medlem" not in first.text
    assert [p.author for p in result.posts] == [
        "Ördög (old)", "Anna (old)", "- Z - (old)", "Rac (old)", "Daler (old)",
    ]  # fmt: skip


def test_real_single_post_fragment():
    (post,) = parse(read(FRAGMENT)).posts
    assert post.external_id == "flashback:p314812" and post.author == "Ördög (old)"
    assert post.published_at == datetime(2000, 9, 6, 16, 9, tzinfo=UTC)


def test_page_number_in_url_is_kept_out_of_the_thread_url():
    result = parse(read(), url="https://www.flashback.org/t50000p3")
    assert result.posts[0].url == "https://www.flashback.org/t50000p3#p314812"
    assert result.posts[0].thread_url == "https://www.flashback.org/t50000"


def test_quotes_come_after_the_posters_own_words():
    quote = (
        '<div class="post-quote-holder"><div class="smallfont post-quote-title">Citat:</div>'
        '<table class="p2-4" style="width:100%"><tr><td class="alt2 post-quote">'
        "<div>Ursprungligen postat av <strong>Anna (old)</strong></div>"
        "<div>tänk om Göran p kunde det<br>i sverige säga</div></td></tr></table></div>"
    )
    html = read().replace('id="post_message_314814">', 'id="post_message_314814">' + quote, 1)
    post = parse(html).posts[2]
    own, quoted = post.text.split("\n\nCitat från Anna (old):\n")
    assert own.startswith("Anna:\nDet kanske är så at han har vett nog")
    assert quoted == "> tänk om Göran p kunde det\n> i sverige säga"


def test_quote_without_a_name():
    quote = (
        '<div class="post-quote-holder"><div class="post-quote-title">Citat:</div>'
        '<div class="post-quote">Någon annans ord</div></div>Mina egna ord'
    )
    html = read().replace('id="post_message_314815">', 'id="post_message_314815">' + quote, 1)
    post = parse(html).posts[3]
    assert post.text.startswith("Mina egna ord")
    assert post.text.endswith("\n\nCitat:\n> Någon annans ord")


def test_swedish_relative_dates():
    html = read().replace("2000-09-06, 18:09", "Idag, 14:03", 1)
    html = html.replace("2000-09-06, 18:13", "Igår, 21:10", 1)
    posts = parse(html).posts
    assert posts[0].published_at == datetime(2024, 1, 15, 13, 3, tzinfo=UTC)
    assert posts[1].published_at == datetime(2024, 1, 14, 20, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-05-01, 12:34", datetime(2023, 5, 1, 10, 34, tzinfo=UTC)),
        ("2023-01-15, 12:00", datetime(2023, 1, 15, 11, 0, tzinfo=UTC)),
        ("Idag, 14:03", datetime(2024, 1, 15, 13, 3, tzinfo=UTC)),
        ("igår, 21:10", datetime(2024, 1, 14, 20, 10, tzinfo=UTC)),
        ("I går kl. 09.15", datetime(2024, 1, 14, 8, 15, tzinfo=UTC)),
        ("1 maj 2023 12:34", datetime(2023, 5, 1, 10, 34, tzinfo=UTC)),
        ("12 okt. 2022, 08:00", datetime(2022, 10, 12, 6, 0, tzinfo=UTC)),
        ("2023-05-01T12:34:00+02:00", datetime(2023, 5, 1, 10, 34, tzinfo=UTC)),
        ("2023-05-01T12:34:00", datetime(2023, 5, 1, 10, 34, tzinfo=UTC)),
        ("Mon, 01 May 2023 10:00:00 +0000", datetime(2023, 5, 1, 10, 0, tzinfo=UTC)),
        ("  2000-09-06, 18:09\n  # 1 ", datetime(2000, 9, 6, 16, 9, tzinfo=UTC)),
        ("2023-13-45, 12:00", None),
        ("Igår", None),
        ("", None),
        ("inga datum här", None),
    ],
)
def test_forum_dates(value, expected):
    assert parse_forum_date(value, now=NOW) == expected


def test_idag_just_after_midnight_is_the_swedish_day():
    late = datetime(2024, 1, 15, 23, 45, tzinfo=UTC)  # 00:45 on the 16th in Stockholm
    assert parse_forum_date("Idag, 00:30", now=late) == datetime(2024, 1, 15, 23, 30, tzinfo=UTC)


# --- faults in the markup ------------------------------------------------------------------------


def test_truncated_page_leaves_out_the_cut_post():
    html = read()
    cut = html.index("Då är han inte feg")  # inside post 314815
    result = parse(page(next_href="/t50000p2", html=html[:cut]))
    assert result.truncated and ids_of(result.posts) == IDS[:3]


def test_fragments_are_not_mistaken_for_truncated_pages():
    assert not looks_truncated(read(FRAGMENT)) and not looks_truncated(read())
    assert looks_truncated(read()[:30000])


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>Ämnet finns inte.</p></body></html>",
        "\x00\x01 <<< garbage",
        "",
        '<html><body><div id="posts"><table class="post"><tr><td>',
    ],
)
def test_page_without_posts_is_an_error(html):
    with pytest.raises(ForumPageError, match="no posts matched"):
        parse(html)


def test_post_without_text_or_id_is_dropped():
    html = re.sub(r'(id="post_message_314813">).*?(</div>)', r"\1 \2", read(), count=1, flags=re.S)
    html = html.replace('id="post314815"', 'id="post-without-number"', 1)
    assert ids_of(parse(html).posts) == [314812, 314814, 314816]


# --- sub-forum pages -----------------------------------------------------------------------------

LISTING = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Forum</title></head><body>
<table id="threadslist"><tbody>
<tr><td class="alt1 td_title"><div><a href="/t3000001" id="thread_title_3000001">Socialtjänsten
 i Exempelby omhändertar barn – fiktiv tråd</a></div><div class="smallfont">
 <span style="cursor:pointer" onclick="window.open('/u1','_self')">Testanvändare</span></div></td>
 <td class="alt2 td_last_post">Idag 14:03</td></tr>
<tr><td class="alt1 td_title"><div><a href="/t3000002" id="thread_title_3000002">Andra tråden</a>
 </div><div class="smallfont"><span onclick="window.open('/u2','_self')">Någon</span></div></td></tr>
<tr><td class="alt1 td_title"><a href="/t3000003" id="thread_title_3000003"></a></td></tr>
</tbody></table>
<div class="pagenav"><a href="/f34p2" title="Nästa sida - Resultat 2 till 4">&gt;</a></div>
</body></html>"""


def test_subforum_page_lists_threads():
    result = parse(LISTING, flashback(url="https://www.flashback.org/f34"))
    assert result.listing and result.next_url == "https://www.flashback.org/f34p2"
    assert [(p.external_id, p.url, p.author) for p in result.posts] == [
        ("flashback:t3000001", "https://www.flashback.org/t3000001", "Testanvändare"),
        ("flashback:t3000002", "https://www.flashback.org/t3000002", "Någon"),
    ]
    assert result.posts[0].text == "Socialtjänsten i Exempelby omhändertar barn – fiktiv tråd"


def test_subforum_fetch_reads_pages_and_keeps_no_cursor(fixture_server):
    serve(fixture_server, "/f34", LISTING)
    serve(
        fixture_server,
        "/f34p2",
        LISTING.replace("3000001", "3000004").split('<div class="pagenav">')[0],
    )
    settings = flashback(url="https://www.flashback.org/f34", base_url=fixture_server.base_url)
    result = run_fetch(fetch_posts, settings, {})
    assert api_requests(fixture_server) == ["/f34", "/f34p2"]
    assert {p.external_id for p in result.posts} == {
        "flashback:t3000001", "flashback:t3000002", "flashback:t3000004",
    }  # fmt: skip
    assert result.next_cursor == {}


# --- following a thread through a local server ---------------------------------------------------


def thread_source(server, **settings) -> ForumSettings:
    return flashback(base_url=server.base_url, **settings)


def test_first_run_follows_next_pages_and_keeps_the_last(fixture_server):
    serve(fixture_server, "/t50000", page(0, "/t50000p2"))
    serve(fixture_server, "/t50000p2", page(10, "/t50000p3"))
    serve(fixture_server, "/t50000p3", page(20))
    result = run_fetch(fetch_posts, thread_source(fixture_server), {})
    assert api_requests(fixture_server) == ["/t50000", "/t50000p2", "/t50000p3"]
    assert len(result.posts) == 15
    assert_clean(result.posts)
    assert result.next_cursor == {
        "thread": fixture_server.url("/t50000"),
        "page_url": fixture_server.url("/t50000p3"),
        "page": 3,
        "last_post_id": 314836,
    }
    assert result.posts[-1].url == fixture_server.url("/t50000p3#p314836")


def test_next_run_starts_on_the_last_page(fixture_server):
    cursor = {
        "thread": fixture_server.url("/t50000"),
        "page_url": fixture_server.url("/t50000p3"),
        "page": 3,
        "last_post_id": 314836,
    }
    serve(fixture_server, "/t50000p3", page(20, "/t50000p4"))  # the thread grew a page
    serve(fixture_server, "/t50000p4", page(30))
    result = run_fetch(fetch_posts, thread_source(fixture_server), cursor)
    assert api_requests(fixture_server) == ["/t50000p3", "/t50000p4"]
    assert ids_of(result.posts) == [i + 30 for i in IDS]  # page 3 was read before
    assert result.next_cursor["page"] == 4 and result.next_cursor["last_post_id"] == 314846


def test_nothing_new_keeps_the_cursor(fixture_server):
    cursor = {
        "thread": fixture_server.url("/t50000"),
        "page_url": fixture_server.url("/t50000p3"),
        "page": 3,
        "last_post_id": 314836,
    }
    serve(fixture_server, "/t50000p3", page(20))
    result = run_fetch(fetch_posts, thread_source(fixture_server), cursor)
    assert result.posts == [] and result.next_cursor == cursor


def test_a_cursor_for_another_thread_is_ignored(fixture_server):
    serve(fixture_server, "/t50000", page(0))
    cursor = {"thread": "https://elsewhere/t1", "page_url": "https://elsewhere/t1p9", "page": 9}
    result = run_fetch(fetch_posts, thread_source(fixture_server), cursor)
    assert api_requests(fixture_server) == ["/t50000"] and len(result.posts) == 5


def test_next_page_loop_stops_cleanly(fixture_server):
    serve(fixture_server, "/t50000", page(0, "/t50000p2"))
    serve(fixture_server, "/t50000p2", page(10, "/t50000"))  # back to page 1
    result = run_fetch(fetch_posts, thread_source(fixture_server, max_pages=10), {})
    assert api_requests(fixture_server) == ["/t50000", "/t50000p2"]
    assert len(result.posts) == 10
    assert result.next_cursor["page_url"] == fixture_server.url("/t50000p2")


def test_next_page_pointing_at_itself_stops(fixture_server):
    serve(fixture_server, "/t50000", page(0, "/t50000#p314816"))
    result = run_fetch(fetch_posts, thread_source(fixture_server, max_pages=10), {})
    assert api_requests(fixture_server) == ["/t50000"] and len(result.posts) == 5


def test_next_page_off_the_site_is_not_followed(fixture_server):
    serve(fixture_server, "/t50000", page(0, "http://169.254.169.254/latest/meta-data/"))
    result = run_fetch(fetch_posts, thread_source(fixture_server), {})
    assert api_requests(fixture_server) == ["/t50000"] and len(result.posts) == 5


def test_endless_next_pages_stop_at_max_pages(fixture_server):
    for n in range(1, 30):
        serve(fixture_server, f"/t50000p{n}", page(n * 10, f"/t50000p{n + 1}"))
    serve(fixture_server, "/t50000", page(0, "/t50000p1"))
    result = run_fetch(fetch_posts, thread_source(fixture_server, max_pages=3), {})
    assert api_requests(fixture_server) == ["/t50000", "/t50000p1", "/t50000p2"]
    assert len(result.posts) == 15 and result.next_cursor["page"] == 2


def test_truncated_page_is_not_followed_and_read_again_next_time(fixture_server):
    html = page(0, "/t50000p2")
    serve(fixture_server, "/t50000", html[: html.index("Då är han inte feg")])
    serve(fixture_server, "/t50000p2", page(10))
    result = run_fetch(fetch_posts, thread_source(fixture_server), {})
    assert api_requests(fixture_server) == ["/t50000"]
    assert ids_of(result.posts) == IDS[:3] and result.next_cursor["last_post_id"] == 314814


def test_a_page_that_vanished_starts_the_thread_again(fixture_server):
    serve(fixture_server, "/t50000", page(0))
    cursor = {
        "thread": fixture_server.url("/t50000"),
        "page_url": fixture_server.url("/t50000p9"),
        "page": 9,
        "last_post_id": 314900,
    }
    result = run_fetch(fetch_posts, thread_source(fixture_server), cursor)
    assert api_requests(fixture_server) == ["/t50000p9", "/t50000"]
    assert len(result.posts) == 5 and result.next_cursor["page"] == 1


def test_server_error_fails_the_run(fixture_server):
    serve(fixture_server, "/t50000", page(0, "/t50000p2"))
    fixture_server.routes["/t50000p2"] = Route(b"oops", status=500)
    with pytest.raises(FetchError, match="HTTP 500"):
        run_fetch(fetch_posts, thread_source(fixture_server), {})


def test_robots_disallow_is_a_fetch_error(fixture_server):
    fixture_server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /t50000\n")
    serve(fixture_server, "/t50000", page(0))
    with pytest.raises(FetchError, match="disallowed by"):
        run_fetch(fetch_posts, thread_source(fixture_server), {})
    assert api_requests(fixture_server) == []


def test_cp1252_page_served_as_utf8(fixture_server):
    fixture_server.routes["/t50000"] = Route(read().encode("cp1252"), headers=HTML)
    result = run_fetch(fetch_posts, thread_source(fixture_server), {})
    assert result.posts[0].author == "Ördög (old)"
    assert "främlingsfientliga" in result.posts[4].text


def test_real_bytes_with_their_stale_latin1_label(fixture_server):
    # The capture was re-encoded to UTF-8 but still says ISO-8859-1, here in the header too.
    fixture_server.routes["/t50000"] = Route(
        (FORUM / THREAD).read_bytes(), headers={"Content-Type": "text/html; charset=ISO-8859-1"}
    )
    result = run_fetch(fetch_posts, thread_source(fixture_server), {})
    assert result.posts[0].author == "Ördög (old)" and "Ã" not in result.posts[0].text


def test_undeclared_latin1_page(fixture_server):
    html = read().replace(
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1" />', ""
    )
    fixture_server.routes["/t50000"] = Route(
        html.encode("latin-1", errors="replace"), headers={"Content-Type": "text/html"}
    )
    result = run_fetch(fetch_posts, thread_source(fixture_server), {})
    assert result.posts[0].author == "Ördög (old)"


# --- other forums by selectors -------------------------------------------------------------------

GENERIC = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"></head><body>
<article class="message" data-post-id="{a}"><a class="username" href="/m/1">Kalle</a>
 <time datetime="2024-03-01T09:15:00+01:00">1 mars</time>
 <div class="bbWrapper"><blockquote class="quote">Lisa sa: detta är citerat</blockquote>
 Mina egna ord om <b>socialtjänsten</b>.<br>Rad två.</div></article>
<article class="message" data-post-id="{b}"><a class="username">Lisa</a>
 <time datetime="2024-03-01T10:00:00Z"></time><div class="bbWrapper">Svar utan citat</div></article>
<article class="message"><div class="bbWrapper">Inlägg utan id</div></article>
<article class="message" data-post-id="{c}"><div class="bbWrapper">  </div></article>
{nav}</body></html>"""


def generic_page(a: int, b: int, c: int, nav: str = "") -> str:
    return GENERIC.format(a=a, b=b, c=c, nav=nav)


def generic(server, **settings) -> ForumSettings:
    return ForumSettings(
        id="gf",
        kind="forum",
        url=server.url("/threads/lvu.1/"),
        every="1h",
        selectors={
            "post": "article.message",
            "text": ".bbWrapper",
            "author": ".username",
            "date": "time@datetime",
            "id": "@data-post-id",
            "next_page": "a.pageNav-next@href",
            "quote": "blockquote",
        },
        **settings,
    )


def test_generic_forum_by_selectors(fixture_server):
    nav = '<a class="pageNav-next" href="/threads/lvu.1/page-2">Nästa</a>'
    serve(fixture_server, "/threads/lvu.1/", generic_page(101, 102, 103, nav))
    serve(fixture_server, "/threads/lvu.1/page-2", generic_page(201, 202, 203))
    result = run_fetch(fetch_posts, generic(fixture_server), {})
    assert_clean(result.posts)
    assert [p.external_id for p in result.posts] == [
        "127.0.0.1:101", "127.0.0.1:102", "127.0.0.1:201", "127.0.0.1:202",
    ]  # fmt: skip
    first = result.posts[0]
    assert first.platform == "forum" and first.author == "Kalle"
    assert (
        first.text
        == "Mina egna ord om socialtjänsten.\nRad två.\n\nCitat:\n> Lisa sa: detta är citerat"
    )
    assert first.published_at == datetime(2024, 3, 1, 8, 15, tzinfo=UTC)
    assert first.url == fixture_server.url("/threads/lvu.1/")
    assert result.next_cursor["page"] == 2 and result.next_cursor["last_post_id"] == 202

    again = run_fetch(fetch_posts, generic(fixture_server), result.next_cursor)
    assert again.posts == []  # started on page 2, where everything was read before


def test_generic_forum_page_without_posts_is_an_error(fixture_server):
    serve(fixture_server, "/threads/lvu.1/", "<html><body>Logga in för att läsa</body></html>")
    with pytest.raises(ForumPageError, match="article.message"):
        run_fetch(fetch_posts, generic(fixture_server), {})


def test_preset_selectors_can_be_overridden():
    settings = flashback(selectors={"author": ".post-user-title td"})
    assert settings.effective_selectors.author == ".post-user-title td"
    assert settings.effective_selectors.post == '.post[id^="post"]'
    assert parse(read(), settings).posts[0].author == "Medlem"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({}, "set preset: flashback, or selectors"),
        ({"selectors": {"text": ".x"}}, "set preset: flashback, or selectors"),
        ({"selectors": {"post": "div[["}}, "not a valid CSS selector"),
        ({"selectors": {"post": "div@id"}}, "no @attribute"),
        ({"preset": "reddit"}, "preset"),
        ({"preset": "flashback", "timezone": "Mars/Olympus"}, "unknown time zone"),
        ({"preset": "flashback", "max_pages": 0}, "max_pages"),
    ],
)
def test_bad_settings_are_refused(settings, message):
    with pytest.raises(ValidationError, match=message):
        ForumSettings(id="f", kind="forum", url="https://forum.example/t/1", every="1h", **settings)
