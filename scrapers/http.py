"""The HTTP layer every scraper shares: one polite client.

An honest User-Agent naming the product and a contact address, a timeout, a response size cap,
conditional GET, redirects followed within limits, and text decoded by the declared charset.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

PRODUCT = "Socialvakt/0.1"
MAX_REDIRECTS = 5


class FetchError(Exception):
    """A fetch that failed in a way worth recording on the scrape run."""


class NotModified(Exception):  # noqa: N818  (a signal, not a failure)
    """The server says the resource is unchanged since the cursor's ETag / Last-Modified."""


@dataclass(slots=True)
class Fetched:
    url: str
    status: int
    body: bytes
    headers: httpx.Headers

    @property
    def charset(self) -> str | None:
        content_type = self.headers.get("content-type", "")
        for part in content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ")
        return None

    def text(self) -> str:
        for encoding in dict.fromkeys(filter(None, [self.charset, "utf-8"])):
            try:
                return self.body.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
        return self.body.decode("cp1252", errors="replace")

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


class HttpClient:
    """One per process; scrapers call `get`, never httpx directly."""

    def __init__(self, contact: str, *, timeout: float = 20.0, max_bytes: int = 10 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._client = httpx.AsyncClient(
            headers={"User-Agent": user_agent(contact)},
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
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
            async with self._client.stream("GET", url, headers=headers or {}, params=params) as response:
                if response.status_code == 304:
                    raise NotModified(url)
                if response.status_code >= 400:
                    raise FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise FetchError(f"{url}: response of {int(declared):,} bytes exceeds the cap of {limit:,}")
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(f"{url}: response exceeds the cap of {limit:,} bytes")
                    chunks.append(chunk)
                return Fetched(str(response.url), response.status_code, b"".join(chunks), response.headers)
        except httpx.TooManyRedirects as exc:
            raise FetchError(f"{url}: too many redirects") from exc
        except httpx.TimeoutException as exc:
            raise FetchError(f"{url}: timed out ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise FetchError(f"{url}: network error ({type(exc).__name__}: {exc})") from exc
