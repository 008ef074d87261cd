"""The HTTP layer every scraper shares: honest User-Agent, timeouts, size cap, conditional GET."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

PRODUCT = "Socialvakt/0.1"


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


def user_agent(contact: str) -> str:
    return f"{PRODUCT} (public-interest monitoring for Swedish social services; contact: {contact})"


def make_client(contact: str, timeout: float = 20.0) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        headers={"User-Agent": user_agent(contact)},
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        max_redirects=5,
    )


def conditional_headers(cursor: dict) -> dict[str, str]:
    headers = {}
    if cursor.get("etag"):
        headers["If-None-Match"] = cursor["etag"]
    if cursor.get("last_modified"):
        headers["If-Modified-Since"] = cursor["last_modified"]
    return headers


def validators(fetched: Fetched) -> dict[str, str]:
    """The cache validators to keep in the cursor for the next conditional GET."""
    kept = {}
    if etag := fetched.headers.get("etag"):
        kept["etag"] = etag
    if last_modified := fetched.headers.get("last-modified"):
        kept["last_modified"] = last_modified
    return kept


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    max_bytes: int,
    headers: dict[str, str] | None = None,
) -> Fetched:
    """GET a URL, reading at most max_bytes; raise FetchError or NotModified."""
    try:
        async with client.stream("GET", url, headers=headers or {}) as response:
            if response.status_code == 304:
                raise NotModified(url)
            if response.status_code >= 400:
                raise FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{url}: response of {int(declared):,} bytes exceeds the cap of {max_bytes:,}")
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{url}: response exceeds the cap of {max_bytes:,} bytes")
                chunks.append(chunk)
            return Fetched(str(response.url), response.status_code, b"".join(chunks), response.headers)
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"{url}: too many redirects") from exc
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: timed out ({type(exc).__name__})") from exc
    except httpx.TransportError as exc:
        raise FetchError(f"{url}: network error ({type(exc).__name__}: {exc})") from exc
