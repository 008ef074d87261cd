"""The polite HTTP layer against a real local server: robots.txt, rate limit, retries, faults.

Every wait is made short through the client's settings; nothing here mocks the clock.
"""

from __future__ import annotations

import asyncio
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from scrapers.http import Fetched, FetchError, NotModified, RobotsDisallowed
from tests.support.http_server import Route
from tests.support.scraping import quiet_client

PAGE = b"<html><body><p>Hej</p></body></html>"


def get(url: str, **client):
    async def go():
        async with quiet_client(**client) as http:
            return await http.get(url)

    return asyncio.run(go())


def gets(urls: list[str], **client):
    """Several fetches, one after the other, through one client (so caches are shared)."""

    async def go():
        results = []
        async with quiet_client(**client) as http:
            for url in urls:
                try:
                    results.append(await http.get(url))
                except FetchError as exc:
                    results.append(exc)
        return results

    return asyncio.run(go())


def hits(server, path: str) -> int:
    return sum(1 for requested, _ in server.requests if requested == path)


# --- identity and basics -----------------------------------------------------------------------


def test_user_agent_names_product_and_contact(fixture_server):
    fixture_server.routes["/p"] = Route(PAGE)
    get(fixture_server.url("/p"))
    agent = dict(fixture_server.requests[-1][1])["User-Agent"]
    assert agent.startswith("Socialvakt/") and "test@example.se" in agent


def test_conditional_get_raises_not_modified(fixture_server):
    fixture_server.routes["/p"] = Route(PAGE, headers={"ETag": '"v1"'})

    async def go():
        async with quiet_client() as http:
            first = await http.get(fixture_server.url("/p"))
            with pytest.raises(NotModified):
                await http.get(fixture_server.url("/p"), headers={"If-None-Match": '"v1"'})
            return first

    assert asyncio.run(go()).validators() == {"etag": '"v1"'}


def test_not_a_url_is_a_fetch_error():
    with pytest.raises(FetchError, match="only http and https"):
        get("ftp://127.0.0.1/file")


# --- timeouts, resets, retries ---------------------------------------------------------------------


def test_timeout_is_retried_then_reported(fixture_server):
    fixture_server.routes["/slow"] = Route(PAGE, delay=0.6)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out .*gave up after 2 attempts"):
        get(fixture_server.url("/slow"), timeout=0.2, retries=1)
    assert hits(fixture_server, "/slow") == 2
    assert time.monotonic() - started < 3


def test_connection_reset_mid_response_is_a_clear_error(fixture_server):
    fixture_server.routes["/reset"] = Route(b"<html>" + b"x" * 50_000, reset_after=1000)
    with pytest.raises(FetchError, match=r"connection broken mid-response|network error") as caught:
        get(fixture_server.url("/reset"), retries=1)
    assert "gave up after 2 attempts" in str(caught.value)


def test_connection_reset_then_success(fixture_server):
    fixture_server.routes["/flaky"] = Route(
        PAGE, sequence=[Route(b"<html>" + b"x" * 50_000, reset_after=10)]
    )
    fetched = get(fixture_server.url("/flaky"), retries=2)
    assert fetched.text() == PAGE.decode()
    assert hits(fixture_server, "/flaky") == 2


def test_500_then_success_is_retried(fixture_server):
    fixture_server.routes["/p"] = Route(
        PAGE, sequence=[Route(b"oops", status=500), Route(b"busy", status=503)]
    )
    assert get(fixture_server.url("/p"), retries=2).body == PAGE
    assert hits(fixture_server, "/p") == 3


def test_500_every_time_gives_up_with_status(fixture_server):
    fixture_server.routes["/p"] = Route(b"oops", status=500)
    with pytest.raises(FetchError, match=r"HTTP 500 .*gave up after 3 attempts") as caught:
        get(fixture_server.url("/p"), retries=2)
    assert caught.value.status == 500 and hits(fixture_server, "/p") == 3


def test_backoff_grows_between_attempts(fixture_server):
    fixture_server.routes["/p"] = Route(b"oops", status=502)
    with pytest.raises(FetchError):
        get(fixture_server.url("/p"), retries=2, retry_backoff=0.2)
    times = [t for t, _, path in fixture_server.arrivals if path == "/p"]
    first_gap, second_gap = times[1] - times[0], times[2] - times[1]
    # equal jitter: attempt n waits between backoff*2^(n-1)/2 and backoff*2^(n-1)
    assert 0.09 <= first_gap < 0.6 and 0.19 <= second_gap < 0.9


def test_403_is_not_retried(fixture_server):
    fixture_server.routes["/p"] = Route(b"no", status=403)
    with pytest.raises(FetchError, match="HTTP 403 Forbidden") as caught:
        get(fixture_server.url("/p"), retries=2)
    assert caught.value.status == 403 and hits(fixture_server, "/p") == 1


def test_429_retry_after_seconds_is_honoured(fixture_server):
    fixture_server.routes["/p"] = Route(
        PAGE, sequence=[Route(b"slow down", status=429, headers={"Retry-After": "1"})]
    )
    started = time.monotonic()
    assert get(fixture_server.url("/p"), retries=1).body == PAGE
    assert time.monotonic() - started >= 0.95
    assert hits(fixture_server, "/p") == 2


def test_429_retry_after_http_date_is_honoured(fixture_server):
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=2), usegmt=True)
    fixture_server.routes["/p"] = Route(
        PAGE, sequence=[Route(b"slow down", status=429, headers={"Retry-After": when})]
    )
    started = time.monotonic()
    assert get(fixture_server.url("/p"), retries=1).body == PAGE
    assert time.monotonic() - started >= 0.9  # the date has a resolution of one second


def test_retry_after_beyond_the_cap_fails_at_once_and_holds_the_host(fixture_server):
    fixture_server.routes["/p"] = Route(b"later", status=429, headers={"Retry-After": "3600"})
    fixture_server.routes["/other"] = Route(PAGE)
    started = time.monotonic()
    first, second = gets(
        [fixture_server.url("/p"), fixture_server.url("/other")], retries=3, max_retry_wait=5
    )
    assert time.monotonic() - started < 3
    assert isinstance(first, FetchError)
    assert "Retry-After" in str(first) and "3600" in str(first) and "cap of 5 s" in str(first)
    assert isinstance(second, FetchError) and "not to come back before" in str(second)
    assert hits(fixture_server, "/p") == 1 and hits(fixture_server, "/other") == 0


# --- robots.txt ----------------------------------------------------------------------------------


def test_robots_disallow_is_obeyed_and_cached(fixture_server):
    fixture_server.routes["/robots.txt"] = Route(
        b"User-agent: Socialvakt\nDisallow: /private\n\nUser-agent: *\nDisallow: /other-bots\n",
        headers={"Content-Type": "text/plain"},
    )
    fixture_server.routes["/private/x"] = Route(PAGE)
    fixture_server.routes["/public"] = Route(PAGE)
    fixture_server.routes["/other-bots"] = Route(PAGE)
    blocked, allowed, not_ours = gets(
        [fixture_server.url(p) for p in ("/private/x", "/public", "/other-bots")]
    )
    assert isinstance(blocked, RobotsDisallowed)
    assert "disallowed by" in str(blocked) and "Socialvakt" in str(blocked)
    assert hits(fixture_server, "/private/x") == 0
    # A group for our token replaces the `*` group: its rules are the only ones for us.
    assert isinstance(allowed, Fetched) and isinstance(not_ours, Fetched)
    assert hits(fixture_server, "/robots.txt") == 1


def test_robots_star_group_applies_to_us(fixture_server):
    fixture_server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /\n")
    fixture_server.routes["/p"] = Route(PAGE)
    with pytest.raises(RobotsDisallowed):
        get(fixture_server.url("/p"))
    assert hits(fixture_server, "/p") == 0


def test_robots_404_means_allowed(fixture_server):
    fixture_server.routes["/p"] = Route(PAGE)  # no /robots.txt route: the server answers 404
    assert get(fixture_server.url("/p")).body == PAGE
    assert hits(fixture_server, "/robots.txt") == 1


def test_robots_5xx_disallows_for_a_while_then_is_asked_again(fixture_server):
    fixture_server.routes["/robots.txt"] = Route(b"down", status=503)
    fixture_server.routes["/p"] = Route(PAGE)

    async def go():
        async with quiet_client(robots_error_ttl=0.3) as http:
            with pytest.raises(RobotsDisallowed, match=r"robots\.txt .*could not be read .*503"):
                await http.get(fixture_server.url("/p"))
            with pytest.raises(RobotsDisallowed):
                await http.get(fixture_server.url("/p"))  # cached: robots.txt not asked again
            assert hits(fixture_server, "/robots.txt") == 1
            fixture_server.routes["/robots.txt"] = Route(b"", status=404)
            await asyncio.sleep(0.35)
            return await http.get(fixture_server.url("/p"))

    assert asyncio.run(go()).body == PAGE
    assert hits(fixture_server, "/robots.txt") == 2 and hits(fixture_server, "/p") == 1


def test_unreachable_robots_blocks_with_the_reason():
    with pytest.raises(RobotsDisallowed, match=r"robots\.txt .*network error"):
        get("http://127.0.0.1:9/feed")


def test_robots_can_be_switched_off(fixture_server):
    fixture_server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /\n")
    fixture_server.routes["/p"] = Route(PAGE)
    assert get(fixture_server.url("/p"), obey_robots=False).body == PAGE
    assert hits(fixture_server, "/robots.txt") == 0


def test_crawl_delay_widens_the_interval(fixture_server):
    fixture_server.routes["/robots.txt"] = Route(b"User-agent: Socialvakt\nCrawl-delay: 1\n")
    fixture_server.routes["/a"] = Route(PAGE)
    fixture_server.routes["/b"] = Route(PAGE)
    gets([fixture_server.url("/a"), fixture_server.url("/b")])
    times = {path: t for t, _, path in fixture_server.arrivals}
    assert times["/b"] - times["/a"] >= 0.95


# --- size cap ------------------------------------------------------------------------------------


def test_100_mb_stream_is_cut_at_the_cap_without_holding_it(fixture_server):
    fixture_server.routes["/huge"] = Route(stream_bytes=100 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="exceeds the cap of 1,048,576 bytes"):
            get(fixture_server.url("/huge"), max_bytes=1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024


def test_declared_100_mb_is_refused_before_reading(fixture_server):
    fixture_server.routes["/huge"] = Route(stream_bytes=100 * 1024 * 1024, declare_length=True)
    with pytest.raises(FetchError, match="response of 104,857,600 bytes exceeds the cap"):
        get(fixture_server.url("/huge"), max_bytes=1024 * 1024)


# --- redirects -----------------------------------------------------------------------------------


def test_redirects_are_followed(fixture_server):
    fixture_server.routes["/old"] = Route(status=301, headers={"Location": "/middle"})
    fixture_server.routes["/middle"] = Route(status=302, headers={"Location": "/new"})
    fixture_server.routes["/new"] = Route(PAGE)
    fetched = get(fixture_server.url("/old"))
    assert fetched.url == fixture_server.url("/new") and fetched.body == PAGE


def test_redirect_loop_is_reported(fixture_server):
    fixture_server.routes["/a"] = Route(status=302, headers={"Location": "/b"})
    fixture_server.routes["/b"] = Route(status=302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match="redirect loop") as caught:
        get(fixture_server.url("/a"))
    assert "/a -> " in str(caught.value) and hits(fixture_server, "/a") <= 3


def test_too_many_redirects(fixture_server):
    for n in range(8):
        fixture_server.routes[f"/r{n}"] = Route(status=302, headers={"Location": f"/r{n + 1}"})
    with pytest.raises(FetchError, match="too many redirects"):
        get(fixture_server.url("/r0"))


def test_redirect_into_a_disallowed_path_is_blocked(fixture_server):
    fixture_server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /secret\n")
    fixture_server.routes["/go"] = Route(status=302, headers={"Location": "/secret/page"})
    fixture_server.routes["/secret/page"] = Route(PAGE)
    with pytest.raises(RobotsDisallowed):
        get(fixture_server.url("/go"))
    assert hits(fixture_server, "/secret/page") == 0


# --- per-host rate limit -------------------------------------------------------------------------


def test_per_host_interval_spaces_requests_and_other_hosts_are_not_slowed(fixture_server):
    for name in ("a", "b", "c", "d"):
        fixture_server.routes[f"/{name}"] = Route(PAGE)
    same_host = [fixture_server.url(f"/{name}") for name in ("a", "b", "c")]
    # The same server under another host name: a different host for the rate limit.
    other_host = fixture_server.url("/d").replace("127.0.0.1", "localhost")

    async def go():
        async with quiet_client(per_host_interval=0.4, obey_robots=False) as http:
            started = time.monotonic()
            await asyncio.gather(*(http.get(url) for url in [*same_host, other_host]))
            return started

    started = asyncio.run(go())
    by_path = {path: (t, host) for t, host, path in fixture_server.arrivals}
    first_host = sorted(t for t, host, path in fixture_server.arrivals if path != "/d")
    assert all(b - a >= 0.38 for a, b in zip(first_host, first_host[1:], strict=False))
    assert by_path["/d"][1].startswith("localhost")
    assert by_path["/d"][0] - started < 0.3, "the other host waited for the first"


# --- charsets ------------------------------------------------------------------------------------

SWEDISH = "Socialtjänsten i Örebro – åäö ÅÄÖ é “citat”"


def fetched(body: bytes, content_type: str | None) -> Fetched:
    headers = httpx.Headers({"content-type": content_type} if content_type else {})
    return Fetched("http://127.0.0.1/x", 200, body, headers)


def test_cp1252_page_declared_as_utf8_is_read_right(fixture_server):
    body = f"<html><head><meta charset='utf-8'></head><body>{SWEDISH}</body></html>"
    fixture_server.routes["/p"] = Route(
        body.encode("cp1252"), headers={"Content-Type": "text/html; charset=utf-8"}
    )
    page = get(fixture_server.url("/p"))
    assert SWEDISH in page.text() and page.encoding() == "cp1252"


def test_undeclared_latin1_page_is_read_right(fixture_server):
    body = "<html><body>Socialtjänsten i Örebro åäö</body></html>"
    fixture_server.routes["/p"] = Route(
        body.encode("latin-1"), headers={"Content-Type": "text/html"}
    )
    assert "Socialtjänsten i Örebro åäö" in get(fixture_server.url("/p")).text()


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        # meta charset when the header names none
        ('<meta charset="windows-1251"><p>Привет</p>'.encode("cp1251"), "text/html", "Привет"),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
            + "<p>åäö</p>".encode("latin-1"),
            "text/html",
            "åäö",
        ),
        # the header wins over the page
        (
            '<meta charset="utf-8"><p>Привет</p>'.encode("koi8-r"),
            "text/html; charset=koi8-r",
            "Привет",
        ),
        # a UTF-8 page still labelled ISO-8859-1 (re-encoded, kept its old meta and header)
        (
            '<meta charset="ISO-8859-1"><p>Ördög åäö</p>'.encode(),
            "text/html; charset=ISO-8859-1",
            "Ördög åäö",
        ),
        # the XML declaration
        ('<?xml version="1.0" encoding="ISO-8859-1"?><r>åäö</r>'.encode("latin-1"), None, "åäö"),
        # a byte-order mark beats every label
        ("<p>åäö</p>".encode("utf-16"), "text/html; charset=utf-8", "åäö"),
        # an unknown label is skipped
        ("<p>åäö</p>".encode(), "text/html; charset=x-nonsense", "åäö"),
        # JSON is never sniffed for <meta>
        ('{"t": "<meta charset=koi8-r> åäö"}'.encode(), "application/json", "åäö"),
    ],
)
def test_text_decoding(body, content_type, expected):
    text = fetched(body, content_type).text()
    assert expected in text and "\ufeff" not in text and "\ufffd" not in text


def test_undecodable_bytes_never_raise():
    text = fetched(b"<p>\x81\x8d\x8f ok</p>", "text/html; charset=utf-8").text()
    assert "ok" in text
