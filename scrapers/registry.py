"""Every source kind: its settings model and its fetch function. Adding a kind = one line here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from models.posts import FetchResult
from scrapers import bluesky, forum, importer, mastodon, reddit, rss, telegram, web, x, youtube
from scrapers.http import HttpClient
from scrapers.settings import SourceBase


@dataclass(frozen=True)
class SourceKind:
    settings: type[SourceBase]
    fetch: Callable[[HttpClient, SourceBase, dict], Awaitable[FetchResult]]


KINDS: dict[str, SourceKind] = {
    "rss": SourceKind(rss.RssSettings, rss.fetch_posts),
    "mastodon": SourceKind(mastodon.MastodonSettings, mastodon.fetch_posts),
    "bluesky": SourceKind(bluesky.BlueskySettings, bluesky.fetch_posts),
    "reddit": SourceKind(reddit.RedditSettings, reddit.fetch_posts),
    "youtube": SourceKind(youtube.YoutubeSettings, youtube.fetch_posts),
    "x": SourceKind(x.XSettings, x.fetch_posts),
    "web": SourceKind(web.WebPageSettings, web.fetch_posts),
    "import": SourceKind(importer.ImportSettings, importer.fetch_posts),
    "telegram": SourceKind(telegram.TelegramSettings, telegram.fetch_posts),
    "forum": SourceKind(forum.ForumSettings, forum.fetch_posts),
}
