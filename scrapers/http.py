"""The HTTP layer every scraper shares: one polite client.

What "polite" means here, all inside `HttpClient`:

- An honest User-Agent naming the product and a contact address from config.
- robots.txt obeyed for the user-agent token `Socialvakt`, fetched once per origin and cached
  (`robots_ttl`, default 1 h). A robots.txt answering 4xx (404, 410, 403 …) means everything is
  allowed (RFC 9309 §2.3.1.3). One answering 5xx or 429, or a host that cannot be reached, means
  *everything is disallowed* for `robots_error_ttl` (default 5 min); after that it is asked again.
  A previously fetched robots.txt is kept in use over such an outage. `Crawl-delay` for our
  token widens the per-host interval (up to `max_retry_wait`).
- A per-host rate limit: requests to one host start at least `per_host_interval` apart (default
  1 s); concurrent callers queue on an asyncio lock and take their turns. Other hosts are not
  slowed down.
- Retries with exponential backoff and jitter on timeouts, connection errors, 5xx and 429, at
  most `retries` times after the first try (default 2, so 3 attempts). Retry-After (seconds or an
  HTTP date) is honoured and holds off *every* request to that host; a Retry-After longer than
  `max_retry_wait` (default 120 s) is not slept through: the fetch fails at once with a message
  that says so, and the host stays held off until the time it named.
- Conditional GET (the caller passes `conditional_headers(cursor)`; 304 raises `NotModified`).
- A response size cap, enforced while streaming (never more than the cap is held in memory).
- Redirects followed hop by hop, at most `MAX_REDIRECTS`, each hop rate-limited and checked
  against robots.txt; a loop is reported as one.
- Text decoded by the right charset (`Fetched.text()`): a BOM, the HTTP charset, the page's own
  `<meta charset>` / XML declaration, then UTF-8, then Windows-1252.

Every failure is a `FetchError` whose message names the URL and what went wrong.
"""

from __future__ import annotations

import asyncio
import codecs
import json
import logging
import random
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.robotparser import RobotFileParser

import httpx

PRODUCT = "Socialvakt/0.1"
# The token robots.txt rules are matched against (`User-agent: Socialvakt`).
ROBOTS_AGENT = "Socialvakt"
MAX_REDIRECTS = 5
# RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt; the rest is ignored.
ROBOTS_MAX_BYTES = 512 * 1024

log = logging.getLogger(__name__)


class FetchError(Exception):
    """A fetch that failed in a way worth recording on the scrape run.

    `status` is the HTTP status when the server answered with an error, else None.
    """

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class RobotsDisallowed(FetchError):
    """robots.txt forbids the URL (or could not be read, which counts as forbidding it)."""


class NotModified(Exception):  # noqa: N818  (a signal, not a failure)
    """The server says the resource is unchanged since the cursor's ETag / Last-Modified."""


# --- text decoding -----------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_SNIFF_BYTES = 4096
# Legacy one-byte charsets: every byte sequence "decodes", so a wrong label can't be detected by
# a decode error. See Fetched.encoding().
_SINGLE_BYTE_PREFIXES = ("iso8859", "cp125", "cp437", "cp850", "koi8", "mac-", "ascii", "cp874")


def _codec(label: str | None) -> str | None:
    """A charset label to Python's codec name, the way browsers read labels; None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    # WHATWG: "iso-8859-1", "latin1" and "us-ascii" all mean windows-1252.
    return "cp1252" if name in ("iso8859-1", "ascii", "latin-1") else name


def _is_single_byte(codec: str) -> bool:
    return codec.startswith(_SINGLE_BYTE_PREFIXES)


def _valid_multibyte_utf8(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@dataclass(slots=True)
class Fetched:
    url: str
    status: int
    body: bytes
    headers: httpx.Headers

    @property
    def charset(self) -> str | None:
        """The charset named in the HTTP Content-Type header, as written."""
        content_type = self.headers.get("content-type", "")
        for part in content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ")
        return None

    def declared_charset(self) -> str | None:
        """The charset the document names itself: `<meta charset>` / http-equiv, XML declaration."""
        content_type = self.headers.get("content-type", "").lower()
        if content_type and not any(kind in content_type for kind in ("html", "xml", "text/")):
            return None  # JSON, images …: no markup to look into
        head = self.body[:_SNIFF_BYTES]
        match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
        return match.group(1).decode("ascii") if match else None

    def encoding(self) -> str:
        """The codec `text()` uses: the first of BOM, HTTP charset, document charset, UTF-8 and
        Windows-1252 that decodes the body without an error.

        One exception: a body that is valid UTF-8 with non-ASCII characters is read as UTF-8 even
        when it is labelled with a one-byte legacy charset (ISO-8859-1, Windows-1252 …). Such
        labels can't fail to decode, so a page re-encoded to UTF-8 that kept its old
        `<meta charset=ISO-8859-1>` (common on forums) would otherwise turn into "Ã¶"; real
        Latin-1 text is practically never valid UTF-8 by accident.
        """
        for bom, codec in _BOMS:
            if self.body.startswith(bom):
                return codec
        utf8: bool | None = None
        for label in (self.charset, self.declared_charset(), "utf-8", "cp1252"):
            codec = _codec(label)
            if codec is None:
                continue
            if _is_single_byte(codec):
                if utf8 is None:
                    utf8 = _valid_multibyte_utf8(self.body)
                if utf8:
                    return "utf-8"
            try:
                self.body.decode(codec)
            except (UnicodeDecodeError, LookupError):
                continue
            return codec
        return "cp1252"

    def text(self) -> str:
        codec = self.encoding()
        body = self.body
        for bom, bom_codec in _BOMS:
            if codec == bom_codec and body.startswith(bom):
                body = body[len(bom) :]
                break
        return body.decode(codec, errors="replace")

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise FetchError(f"{self.url}: not valid JSON ({exc})") from exc

    def validators(self) -> dict[str, str]:
        """The cache validators to keep in the cursor for the next conditional GET."""
        kept = {}
        if etag := self.headers.get("etag"):
            kept["etag"] = etag
        if last_modified := self.headers.get("last-modified"):
            kept["last_modified"] = last_modified
        return kept


def user_agent(contact: str) -> str:
    return f"{PRODUCT} (public-interest monitoring for Swedish social services; contact: {contact})"


def conditional_headers(cursor: dict) -> dict[str, str]:
    headers = {}
    if cursor.get("etag"):
        headers["If-None-Match"] = cursor["etag"]
    if cursor.get("last_modified"):
        headers["If-Modified-Since"] = cursor["last_modified"]
    return headers


# --- politeness machinery ------------------------------------------------------------------------


class _Retryable(Exception):  # noqa: N818  (internal signal)
    """A failure worth another attempt; retry_after is the server's wish in seconds, if any."""

    def __init__(
        self, reason: str, retry_after: float | None = None, status: int | None = None
    ) -> None:
        super().__init__(reason)
        self.retry_after = retry_after
        self.status = status


class _HostGate:
    """Spaces the requests to one host: each caller waits for its turn under the lock."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.next_at = 0.0  # time.monotonic() before which no request may start
        self.held_by_server = False  # next_at was set by a Retry-After

    def pending(self) -> float:
        return max(0.0, self.next_at - time.monotonic())

    def hold_off(self, seconds: float) -> None:
        until = time.monotonic() + seconds
        if until > self.next_at:
            self.next_at = until
            self.held_by_server = True

    async def wait_turn(self, interval: float) -> None:
        async with self.lock:
            delay = self.next_at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            self.next_at = time.monotonic() + interval
            self.held_by_server = False


@dataclass(slots=True)
class _Robots:
    parser: RobotFileParser | None  # None: everything allowed
    expires: float  # time.monotonic()
    problem: str | None = None  # set: robots.txt unreadable, the whole origin counts as disallowed


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds from now: `120` or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _wall_clock(seconds_from_now: float) -> str:
    return f"{datetime.now(UTC) + timedelta(seconds=seconds_from_now):%Y-%m-%d %H:%M:%S} UTC"


def _origin(url: httpx.URL) -> str:
    return f"{url.scheme}://{url.netloc.decode('ascii')}"


class HttpClient:
    """One per process; scrapers call `get`, never httpx directly.

    Every wait is configurable so tests can make them short (`per_host_interval=0`,
    `retry_backoff=0.01`) without touching the clock.
    """

    def __init__(
        self,
        contact: str,
        *,
        timeout: float = 20.0,
        max_bytes: int = 10 * 1024 * 1024,
        per_host_interval: float = 1.0,
        retries: int = 2,
        max_retry_wait: float = 120.0,
        retry_backoff: float = 1.0,
        obey_robots: bool = True,
        robots_ttl: float = 3600.0,
        robots_error_ttl: float = 300.0,
        max_redirects: int = MAX_REDIRECTS,
    ) -> None:
        if retries < 0 or per_host_interval < 0 or max_retry_wait < 0 or retry_backoff < 0:
            raise ValueError(
                "retries, per_host_interval, max_retry_wait and retry_backoff must be >= 0"
            )
        self.max_bytes = max_bytes
        self.per_host_interval = per_host_interval
        self.attempts = retries + 1
        self.max_retry_wait = max_retry_wait
        self.retry_backoff = retry_backoff
        self.obey_robots = obey_robots
        self.robots_ttl = robots_ttl
        self.robots_error_ttl = robots_error_ttl
        self.max_redirects = max_redirects
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._client = httpx.AsyncClient(
            headers={"User-Agent": user_agent(contact)},
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,  # followed hop by hop in get(), each hop polite
            max_redirects=max_redirects,
        )

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def get(
        self,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        max_bytes: int | None = None,
    ) -> Fetched:
        """GET a URL, reading at most max_bytes; raise FetchError or NotModified."""
        limit = max_bytes or self.max_bytes
        try:
            request = self._client.build_request("GET", url, headers=headers or {}, params=params)
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, TypeError, ValueError) as exc:
            raise FetchError(f"{url}: not a URL that can be fetched ({exc})") from exc
        chain = [str(request.url)]
        for _ in range(self.max_redirects + 1):
            outcome = await self._fetch_with_retries(request, limit)
            if isinstance(outcome, Fetched):
                return outcome
            request = outcome
            chain.append(str(request.url))
        what = "redirect loop" if len(set(chain)) < len(chain) else "too many redirects"
        raise FetchError(
            f"{url}: {what} (more than {self.max_redirects} redirects): {' -> '.join(chain)}"
        )

    # -- one hop, with retries --

    async def _fetch_with_retries(
        self, request: httpx.Request, limit: int
    ) -> Fetched | httpx.Request:
        url = str(request.url)
        if request.url.scheme not in ("http", "https"):
            raise FetchError(f"{url}: only http and https URLs can be fetched")
        self._refuse_if_held_off(request.url)
        if self.obey_robots:
            await self._check_robots(request.url)
        for attempt in range(1, self.attempts + 1):
            try:
                return await self._send_once(request, limit)
            except _Retryable as problem:
                if problem.retry_after is not None:
                    self._gate(request.url.host).hold_off(problem.retry_after)
                    if problem.retry_after > self.max_retry_wait:
                        raise FetchError(
                            f"{url}: {problem}; the server asks us to wait "
                            f"{problem.retry_after:.0f} s (Retry-After), more than the cap of "
                            f"{self.max_retry_wait:.0f} s, so this fetch gives up; the host is "
                            f"left alone until {_wall_clock(problem.retry_after)}",
                            status=problem.status,
                        ) from problem
                if attempt >= self.attempts:
                    tries = "attempt" if attempt == 1 else "attempts"
                    raise FetchError(
                        f"{url}: {problem} (gave up after {attempt} {tries})", status=problem.status
                    ) from (problem.__cause__ or problem)
                if problem.retry_after is None:  # a Retry-After is waited out by the host gate
                    wait = self._backoff(attempt)
                    log.info("%s: %s; retry %d in %.2f s", url, problem, attempt, wait)
                    await asyncio.sleep(wait)
                else:
                    log.info("%s: %s; retrying after %.0f s", url, problem, problem.retry_after)
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with "equal jitter": half fixed, half random."""
        ceiling = min(self.retry_backoff * 2 ** (attempt - 1), self.max_retry_wait)
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    async def _send_once(self, request: httpx.Request, limit: int) -> Fetched | httpx.Request:
        url = str(request.url)
        self._refuse_if_held_off(request.url)
        await self._gate(request.url.host).wait_turn(self._interval(request.url))
        try:
            response = await self._client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise _Retryable(f"timed out ({type(exc).__name__})") from exc
        except (httpx.UnsupportedProtocol, httpx.LocalProtocolError) as exc:
            raise FetchError(f"{url}: cannot be fetched ({type(exc).__name__}: {exc})") from exc
        except httpx.TransportError as exc:
            raise _Retryable(f"network error ({type(exc).__name__}: {exc})") from exc
        try:
            status = response.status_code
            if status == 304:
                raise NotModified(url)
            if 300 <= status < 400:
                if response.next_request is not None:
                    return response.next_request
                raise FetchError(
                    f"{url}: HTTP {status} {response.reason_phrase} without a Location"
                )
            if status == 429 or (status >= 500 and status not in (501, 505)):
                raise _Retryable(
                    f"HTTP {status} {response.reason_phrase}",
                    _retry_after(response.headers.get("retry-after")),
                    status,
                )
            if status >= 400:
                raise FetchError(f"{url}: HTTP {status} {response.reason_phrase}", status=status)
            body = await self._read_capped(response, url, limit)
            return Fetched(str(response.url), status, body, response.headers)
        finally:
            await response.aclose()

    async def _read_capped(self, response: httpx.Response, url: str, limit: int) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise FetchError(
                f"{url}: response of {int(declared):,} bytes exceeds the cap of {limit:,}"
            )
        chunks: list[bytes] = []
        size = 0
        try:
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"{url}: response exceeds the cap of {limit:,} bytes")
                chunks.append(chunk)
        except httpx.TimeoutException as exc:
            raise _Retryable(f"timed out mid-response after {size:,} bytes") from exc
        except httpx.DecodingError as exc:
            raise FetchError(f"{url}: the response body could not be decoded ({exc})") from exc
        except httpx.TransportError as exc:
            raise _Retryable(
                f"connection broken mid-response after {size:,} bytes ({type(exc).__name__}: {exc})"
            ) from exc
        return b"".join(chunks)

    def _refuse_if_held_off(self, url: httpx.URL) -> None:
        """A host that asked (Retry-After) for a longer pause than we wait is not asked at all."""
        gate = self._gate(url.host)
        if gate.held_by_server and gate.pending() > self.max_retry_wait:
            raise FetchError(
                f"{url}: {url.host} asked us (Retry-After) not to come back before "
                f"{_wall_clock(gate.pending())}; not fetched"
            )

    def _gate(self, host: str) -> _HostGate:
        key = host.lower()
        gate = self._gates.get(key)
        if gate is None:
            gate = self._gates[key] = _HostGate()
        return gate

    def _interval(self, url: httpx.URL) -> float:
        interval = self.per_host_interval
        robots = self._robots.get(_origin(url))
        if robots is not None and robots.parser is not None:
            delay = robots.parser.crawl_delay(ROBOTS_AGENT)
            if delay:
                interval = max(interval, min(float(delay), self.max_retry_wait))
        return interval

    # -- robots.txt --

    async def _check_robots(self, url: httpx.URL) -> None:
        origin = _origin(url)
        robots = await self._robots_for(origin, url.host)
        if robots.problem:
            raise RobotsDisallowed(f"{url}: {robots.problem}")
        if robots.parser is not None and not robots.parser.can_fetch(ROBOTS_AGENT, str(url)):
            raise RobotsDisallowed(
                f"{url}: disallowed by {origin}/robots.txt for user-agent {ROBOTS_AGENT}"
            )

    async def _robots_for(self, origin: str, host: str) -> _Robots:
        cached = self._robots.get(origin)
        if cached is not None and cached.expires > time.monotonic():
            return cached
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:  # concurrent callers wait for one fetch
            cached = self._robots.get(origin)
            if cached is not None and cached.expires > time.monotonic():
                return cached
            robots = await self._fetch_robots(origin, host, cached)
            self._robots[origin] = robots
            return robots

    async def _fetch_robots(self, origin: str, host: str, previous: _Robots | None) -> _Robots:
        robots_url = f"{origin}/robots.txt"
        await self._gate(host).wait_turn(self.per_host_interval)
        try:
            async with self._client.stream("GET", robots_url, follow_redirects=True) as response:
                status = response.status_code
                if 200 <= status < 300:
                    body = b""
                    async for chunk in response.aiter_bytes():
                        body += chunk
                        if len(body) >= ROBOTS_MAX_BYTES:
                            body = body[:ROBOTS_MAX_BYTES]
                            break
                    parser = RobotFileParser(robots_url)
                    parser.parse(body.decode("utf-8", errors="replace").splitlines())
                    return _Robots(parser, time.monotonic() + self.robots_ttl)
                if 400 <= status < 500 and status != 429:
                    # "Unavailable" (RFC 9309 §2.3.1.3): no rules, everything may be fetched.
                    return _Robots(None, time.monotonic() + self.robots_ttl)
                problem = f"HTTP {status} {response.reason_phrase}"
        except httpx.TooManyRedirects:
            return _Robots(None, time.monotonic() + self.robots_ttl)  # RFC 9309: unavailable
        except httpx.TimeoutException as exc:
            problem = f"timed out ({type(exc).__name__})"
        except httpx.HTTPError as exc:
            problem = f"network error ({type(exc).__name__}: {exc})"
        if previous is not None and previous.problem is None:
            log.warning("%s unreadable (%s); keeping the copy read before", robots_url, problem)
            return _Robots(previous.parser, time.monotonic() + self.robots_error_ttl)
        return _Robots(
            None,
            time.monotonic() + self.robots_error_ttl,
            problem=(
                f"robots.txt at {robots_url} could not be read ({problem}); until it can, the "
                f"host counts as disallowing everything (asked again after "
                f"{_wall_clock(self.robots_error_ttl)})"
            ),
        )
