"""The scraped-post contract: what every scraper returns, before anything is stored."""

from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass(slots=True)
class ScrapedPost:
    source_id: str
    platform: str
    external_id: str
    url: str
    text: str
    author: str = ""
    author_name: str = ""
    published_at: datetime | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    lang: str | None = None
    reply_to: str | None = None
    thread_url: str | None = None
    media_urls: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FetchResult:
    """A scraper's answer: the posts and the cursor to store once they are committed."""

    posts: list[ScrapedPost]
    next_cursor: dict
