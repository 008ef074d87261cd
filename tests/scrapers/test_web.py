"""The web kind: CSS selectors on a real forum page and an Arabic news page, via a local server."""

import pytest
from pydantic import ValidationError

from scrapers.http import FetchError
from scrapers.web import WebPageSettings, WebParseError, fetch_posts, split_selector, text_id
from tests.support.http_server import Route
from tests.support.scraping import api_requests, assert_clean, fixture, run_fetch

FLASHBACK = "flashback_thread_page_t_2000_reformatted__miroli_flashback.html"
ARABIC = "arabic_news_list_handwritten_fictional.html"
ARABIC_SELECTORS = {
    "post": "article.news-item",
    "title": ".title",
    "text": ".body",
    "author": ".by",
    "date": "time@datetime",
    "link": ".title a@href",
}
FORUM_SELECTORS = {
    "post": "table.post",
    "text": ".post_message",
    "author": ".bigusername",
    "date": ".post-date",
    "link": "a[id^=postcount]@href",
}


def source(urls, selectors, **settings) -> WebPageSettings:
    urls = [urls] if isinstance(urls, str) else urls
    return WebPageSettings(
        id="w", kind="web", every="1h", urls=urls, selectors=selectors, **settings
    )


def test_arabic_news_page_keeps_right_to_left_text_intact(fixture_server):
    fixture_server.routes["/ar/"] = Route(
        fixture("web", ARABIC), headers={"Content-Type": "text/html"}
    )
    result = run_fetch(
        fetch_posts, source(fixture_server.url("/ar/"), ARABIC_SELECTORS, timezone="Asia/Riyadh")
    )
    assert_clean(result.posts)
    first, second, third = result.posts
    assert first.text == (
        "قالت السلطات السويدية إن الشائعات غير صحيحة\n\n"  # <b>ال</b>سلطات is one word
        "نفت \u200fالخدمات الاجتماعية في مدينة مثالية الادعاءات المنتشرة على الإنترنت.\n\n"
        "وأكدت أن قرارات الرعاية تتخذها المحكمة الإدارية."
    )
    assert first.url == fixture_server.url("/news/2024/05/12/1001")  # made absolute
    assert first.external_id == first.url
    assert first.author == "بقلم: كاتب خيالي"
    assert first.lang == "ar"
    assert first.published_at.isoformat() == "2024-05-12T08:15:00+00:00"
    # Arabic-Indic digits, no offset: read in the configured zone (UTC+3).
    assert second.published_at.isoformat() == "2024-05-11T15:00:00+00:00"
    assert second.url == "https://example.org/news/2024/05/11/1000"
    # No link: the page's address, and an id from the text that is the same on every run.
    assert third.url == fixture_server.url("/ar/")
    assert third.external_id == text_id(third.text) and third.external_id.startswith("sha256:")
    assert third.published_at is None
    assert all("tracking" not in p.text and "color" not in p.text for p in result.posts)


@pytest.mark.parametrize("declared", ["header", "meta"])
def test_windows_1256_page_decodes(fixture_server, declared):
    html = fixture("web", ARABIC).decode("utf-8")
    html = html.replace("٢٠٢٤-٠٥-١١ ١٨:٠٠", "2024-05-11 18:00").replace("١", "1").replace("٢", "2")
    html = html.replace("٠", "0").replace("٤", "4")
    headers = {"Content-Type": "text/html; charset=windows-1256"} if declared == "header" else {}
    if declared == "meta":
        html = html.replace('<meta charset="utf-8">', '<meta charset="windows-1256">')
    fixture_server.routes["/ar/"] = Route(html.encode("cp1256"), headers=headers)
    result = run_fetch(fetch_posts, source(fixture_server.url("/ar/"), ARABIC_SELECTORS))
    assert result.posts[0].text.startswith("قالت السلطات السويدية")


def test_real_forum_page_with_selectors(fixture_server):
    # Real Flashback markup: UTF-8 bytes whose <meta> still says ISO-8859-1.
    fixture_server.routes["/t1"] = Route(
        fixture("web", FLASHBACK), headers={"Content-Type": "text/html"}
    )
    settings = source(
        fixture_server.url("/t1"),
        FORUM_SELECTORS,
        platform="forum",
        date_format="%Y-%m-%d, %H:%M",
        timezone="Europe/Stockholm",
    )
    result = run_fetch(fetch_posts, settings)
    assert len(result.posts) == 5
    assert_clean(result.posts)
    first = result.posts[0]
    assert first.author == "Ördög (old)"
    assert first.text.startswith(
        "Danmarks socialdemokratiska inrikesminister Karen Jespersen är oroad"
    )
    assert first.external_id == first.url == fixture_server.url("/sp314812")
    assert first.published_at.isoformat() == "2000-09-06T16:09:00+00:00"  # 18:09 in Stockholm
    assert first.platform == "forum" and first.lang == "sv"
    again = run_fetch(fetch_posts, settings)
    assert [p.external_id for p in again.posts] == [p.external_id for p in result.posts]


def test_several_pages_and_conditional_get(fixture_server):
    fixture_server.routes["/a"] = Route(fixture("web", ARABIC), headers={"ETag": '"a1"'})
    fixture_server.routes["/b"] = Route(fixture("web", FLASHBACK))
    settings = WebPageSettings(
        id="w",
        kind="web",
        every="1h",
        url=fixture_server.url("/a"),
        urls=[fixture_server.url("/b")],
        selectors={"post": "article.news-item, table.post", "text": ".body, .post_message"},
    )
    first = run_fetch(fetch_posts, settings)
    assert len(first.posts) == 8
    assert first.next_cursor["pages"][fixture_server.url("/a")] == {"etag": '"a1"'}
    second = run_fetch(fetch_posts, settings, first.next_cursor)
    assert len(second.posts) == 5  # /a answered 304
    assert second.next_cursor["pages"][fixture_server.url("/a")] == {"etag": '"a1"'}


def test_a_selector_matching_nothing_is_an_error(fixture_server):
    fixture_server.routes["/ar/"] = Route(fixture("web", ARABIC))
    with pytest.raises(WebParseError, match="matched nothing") as caught:
        run_fetch(fetch_posts, source(fixture_server.url("/ar/"), {"post": "div.comment"}))
    assert fixture_server.url("/ar/") in str(caught.value)


def test_truncated_page_gives_what_is_complete_or_an_error(fixture_server):
    body = fixture("web", FLASHBACK)
    fixture_server.routes["/t1"] = Route(body[:200])
    with pytest.raises(WebParseError):
        run_fetch(fetch_posts, source(fixture_server.url("/t1"), FORUM_SELECTORS))


def test_http_errors_are_fetch_errors(fixture_server):
    fixture_server.routes["/gone"] = Route(b"gone", status=410)
    with pytest.raises(FetchError, match="410"):
        run_fetch(fetch_posts, source(fixture_server.url("/gone"), ARABIC_SELECTORS))
    assert api_requests(fixture_server) == ["/gone"]


def test_selector_syntax():
    assert split_selector("time@datetime") == ("time", "datetime")
    assert split_selector(".title a @href") == (".title a", "href")
    assert split_selector("@data-id") == ("", "data-id")
    assert split_selector('a[href$="x@y"]') == ('a[href$="x@y"]', None)
    with pytest.raises(ValidationError, match="not a valid CSS selector"):
        source("https://example.org/", {"post": "article[", "text": ".body"})
    with pytest.raises(ValidationError, match="no @attribute"):
        source("https://example.org/", {"post": "article@id"})
    with pytest.raises(ValidationError, match="set url or urls"):
        WebPageSettings(id="w", kind="web", every="1h", selectors={"post": "article"})
