"""Every source kind: its settings model and its fetch function. Adding a kind = one line here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from models.posts import FetchResult
from scrapers import rss
from scrapers.http import HttpClient
from scrapers.settings import SourceBase


@dataclass(frozen=True)
class SourceKind:
    settings: type[SourceBase]
    fetch: Callable[[HttpClient, SourceBase, dict], Awaitable[FetchResult]]


KINDS: dict[str, SourceKind] = {
    "rss": SourceKind(rss.RssSettings, rss.fetch_posts),
}
