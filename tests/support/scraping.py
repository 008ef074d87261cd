"""Helpers for the platform scrapers' tests: fixture bodies, a fetch run, the common checks."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC
from pathlib import Path

import yaml

from models.posts import FetchResult, ScrapedPost
from scrapers.http import HttpClient

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# An HTML tag; not plain text in angle brackets ("<https://example.org>", "<COMING UP NEXT>").
MARKUP = re.compile(
    r"</?(a|b|i|p|br|em|strong|span|div|img|ul|ol|li|h[1-6]|table|tr|td|html|head|body|script"
    r"|style|article|time|blockquote|pre|code|iframe|meta|link)\b[^>]*>",
    re.IGNORECASE,
)


def fixture(platform: str, name: str) -> bytes:
    return (FIXTURES / platform / name).read_bytes()


def cassette_body(platform: str, name: str, uri_part: str) -> bytes:
    """The response body of the first recorded request whose URI contains `uri_part`
    (Python VCR.py `interactions` and R vcr `http_interactions` cassettes)."""
    cassette = yaml.safe_load((FIXTURES / platform / name).read_text(encoding="utf-8"))
    for interaction in cassette.get("interactions") or cassette.get("http_interactions"):
        if uri_part in interaction["request"]["uri"]:
            return interaction["response"]["body"]["string"].encode("utf-8")
    raise LookupError(f"{name}: no request to {uri_part}")


def twarc_body(name: str) -> bytes:
    """A twarc2 JSON line is the raw API body plus a `__twarc` key; serve the raw body."""
    page = json.loads((FIXTURES / "twitter" / name).read_text(encoding="utf-8").splitlines()[0])
    page.pop("__twarc", None)
    return json.dumps(page).encode("utf-8")


def quiet_client(**settings) -> HttpClient:
    """A client without the waits that make sense on the internet and slow tests down."""
    settings = {
        "timeout": 5,
        "per_host_interval": 0,
        "retries": 0,
        "retry_backoff": 0.01,
    } | settings
    return HttpClient("test@example.se", **settings)


def run_fetch(fetch, source, cursor: dict | None = None, **client) -> FetchResult:
    async def go() -> FetchResult:
        async with quiet_client(**client) as http:
            return await fetch(http, source, dict(cursor or {}))

    return asyncio.run(go())


def api_requests(server) -> list[str]:
    """The paths (with queries) the scraper asked for, robots.txt left out."""
    return [path for path, _ in server.requests if path != "/robots.txt"]


def assert_clean(posts: list[ScrapedPost]) -> None:
    """What every scraper promises: text without markup, absolute links, UTC, unique ids."""
    assert posts
    ids = [(p.platform, p.external_id) for p in posts]
    assert len(set(ids)) == len(ids), "ids must be unique within a fetch"
    for post in posts:
        assert post.external_id
        assert post.text.strip() and not MARKUP.search(post.text), post.text[:200]
        assert "&amp;" not in post.text and "&lt;" not in post.text, post.text[:200]
        assert post.url.startswith(("http://", "https://")), post.url
        assert post.published_at is None or post.published_at.tzinfo == UTC
        assert all(u.startswith(("http://", "https://")) for u in post.media_urls)
