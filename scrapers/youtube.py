"""YouTube: a channel's uploads from its public RSS feed, and comments through the Data API v3.

Uploads need nothing: `/feeds/videos.xml?channel_id=…` (a conditional GET, parsed by the RSS
kind's parser). Comments need an API key in the environment variable `api_key_env` (default
`SOCIALVAKT_YOUTUBE_API_KEY`); without one only uploads are fetched, which is not an error. With
one, `commentThreads?videoId=` is read, newest first, for the `comments_on_latest` newest uploads
and any `video_ids`, down to the newest comment seen last time. The key goes in a header, so it
never shows in a URL, a log line or an error message.
"""

from __future__ import annotations

import logging
import os
import re
from datetime import datetime
from typing import Any, Literal

from pydantic import Field, HttpUrl, model_validator

from models.posts import FetchResult, ScrapedPost
from scrapers.http import FetchError, HttpClient, NotModified, conditional_headers
from scrapers.markup import html_text
from scrapers.rss import parse_feed
from scrapers.settings import SourceBase
from scrapers.text import parse_date, tidy

log = logging.getLogger(__name__)

DEFAULT_BASE = "https://www.youtube.com"
DEFAULT_API_BASE = "https://www.googleapis.com/youtube/v3"
DEFAULT_KEY_ENV = "SOCIALVAKT_YOUTUBE_API_KEY"
WATCH = "https://www.youtube.com/watch?v="
VIDEO_ID = r"^[A-Za-z0-9_-]{6,20}$"


class YoutubeSettings(SourceBase):
    """`{id: yt-ch, kind: youtube, channel_id: UCxxxx, every: 1h}`

    `channel_id` (uploads), `video_ids` (extra videos whose comments to read), or both.
    `api_base_url` stands in for the Data API (default https://www.googleapis.com/youtube/v3).
    """

    kind: Literal["youtube"]
    channel_id: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]{2,64}$")
    video_ids: list[str] = Field(default_factory=list, max_length=50)
    comments_on_latest: int = Field(5, ge=0, le=50)
    max_comment_pages: int = Field(1, ge=1, le=10)
    api_key_env: str = Field(DEFAULT_KEY_ENV, pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")
    api_base_url: HttpUrl | None = None

    @model_validator(mode="after")
    def _check(self) -> YoutubeSettings:
        if not self.channel_id and not self.video_ids:
            raise ValueError("set channel_id, video_ids, or both")
        for video_id in self.video_ids:
            if not re.match(VIDEO_ID, video_id):
                raise ValueError(f"video_ids: {video_id!r} is not a YouTube video id")
        return self

    def api_key(self) -> str | None:
        return os.environ.get(self.api_key_env) or None


def video_id_of(post: ScrapedPost) -> str | None:
    if post.external_id.startswith("yt:video:"):
        return post.external_id.removeprefix("yt:video:")
    for url in [*post.media_urls, post.url]:
        if "watch?v=" in url:
            return url.split("watch?v=", 1)[1].split("&", 1)[0]
    return None


def _comment(comment: Any, video_id: str, source_id: str, parent: str | None) -> ScrapedPost | None:
    if not isinstance(comment, dict) or not comment.get("id"):
        return None
    snippet = comment.get("snippet") if isinstance(comment.get("snippet"), dict) else {}
    text = tidy(str(snippet.get("textOriginal") or "")) or html_text(
        str(snippet.get("textDisplay") or "")
    )
    if not text:
        return None
    comment_id = str(comment["id"])
    author = tidy(str(snippet.get("authorDisplayName") or ""))
    return ScrapedPost(
        source_id=source_id,
        platform="youtube",
        external_id=f"yt:comment:{comment_id}",
        url=f"{WATCH}{video_id}&lc={comment_id}",
        text=text,
        author=author,
        author_name=author,
        published_at=parse_date(snippet.get("publishedAt")),
        reply_to=f"yt:comment:{parent}" if parent else f"yt:video:{video_id}",
        thread_url=f"{WATCH}{video_id}",
    )


def parse_comment_threads(payload: Any, *, source_id: str, url: str = "") -> list[ScrapedPost]:
    """A commentThreads list answer: each top-level comment, then the replies that came with it."""
    if not isinstance(payload, dict) or not isinstance(payload.get("items"), list):
        raise FetchError(f"{url}: not a YouTube commentThreads answer (no 'items' list)")
    posts = []
    for thread in payload["items"]:
        snippet = thread.get("snippet") if isinstance(thread, dict) else None
        if not isinstance(snippet, dict):
            continue
        video_id = str(snippet.get("videoId") or "")
        top = snippet.get("topLevelComment")
        post = _comment(top, video_id, source_id, None)
        if post is None or not video_id:
            continue
        posts.append(post)
        replies = (thread.get("replies") or {}).get("comments") or []
        for reply in replies:
            parent = (
                (reply.get("snippet") or {}).get("parentId") if isinstance(reply, dict) else None
            )
            reply_post = _comment(reply, video_id, source_id, str(parent or top["id"]))
            if reply_post is not None:
                posts.append(reply_post)
    return posts


async def _uploads(
    http: HttpClient, source: YoutubeSettings, cursor: dict
) -> tuple[list[ScrapedPost], dict, list[str]]:
    url = f"{source.api_base(DEFAULT_BASE)}/feeds/videos.xml"
    validators = cursor.get("feed") if isinstance(cursor.get("feed"), dict) else {}
    try:
        fetched = await http.get(
            url, headers=conditional_headers(validators), params={"channel_id": source.channel_id}
        )
    except NotModified:
        return [], validators, list(cursor.get("latest") or [])
    posts = parse_feed(
        fetched.body,
        url=fetched.url,
        source_id=source.id,
        platform="youtube",
        charset=fetched.charset,
    )
    for post in posts:
        post.author_name = post.author_name or post.author
    latest = [v for v in (video_id_of(p) for p in posts) if v]
    return posts, fetched.validators(), latest


async def _comments(
    http: HttpClient, source: YoutubeSettings, video_id: str, key: str, since: datetime | None
) -> tuple[list[ScrapedPost], datetime | None]:
    api = str(source.api_base_url or DEFAULT_API_BASE).rstrip("/")
    url = f"{api}/commentThreads"
    headers = {"X-Goog-Api-Key": key, "Accept": "application/json"}
    params: dict[str, Any] = {
        "part": "snippet,replies",
        "videoId": video_id,
        "maxResults": 100,
        "order": "time",
        "textFormat": "plainText",
    }
    posts: list[ScrapedPost] = []
    newest = since
    page_token: str | None = None
    for _ in range(source.max_comment_pages):
        page_params = {**params, **({"pageToken": page_token} if page_token else {})}
        payload = (await http.get(url, headers=headers, params=page_params)).json()
        reached_known = False
        for post in parse_comment_threads(payload, source_id=source.id, url=url):
            top_level = post.reply_to == f"yt:video:{video_id}"
            if top_level and since and post.published_at and post.published_at <= since:
                reached_known = True  # an old thread (its replies may still be new)
            posts.append(post)
            if post.published_at and (newest is None or post.published_at > newest):
                newest = post.published_at
        page_token = payload.get("nextPageToken")
        if reached_known or not page_token:
            break
    return posts, newest


async def fetch_posts(http: HttpClient, source: YoutubeSettings, cursor: dict) -> FetchResult:
    posts: dict[str, ScrapedPost] = {}
    next_cursor: dict[str, Any] = {}
    latest: list[str] = []
    if source.channel_id:
        if cursor.get("channel_id") != source.channel_id:
            cursor = {}
        uploads, validators, latest = await _uploads(http, source, cursor)
        for post in uploads:
            posts.setdefault(post.external_id, post)
        next_cursor.update(channel_id=source.channel_id, feed=validators, latest=latest)
    key = source.api_key()
    if key is None:
        return FetchResult(list(posts.values()), next_cursor)
    videos = list(dict.fromkeys([*source.video_ids, *latest[: source.comments_on_latest]]))
    marks = cursor.get("comments") if isinstance(cursor.get("comments"), dict) else {}
    next_marks: dict[str, str] = {}
    failures: list[str] = []
    for video_id in videos:
        since = parse_date(marks.get(video_id))
        try:
            found, newest = await _comments(http, source, video_id, key, since)
        except FetchError as exc:
            # Comments turned off on one video answers 403; one such video must not stop the rest.
            log.warning("source %s: comments of video %s not read: %s", source.id, video_id, exc)
            failures.append(f"{video_id}: {exc}")
            if since:
                next_marks[video_id] = since.isoformat()
            continue
        for post in found:
            posts.setdefault(post.external_id, post)
        if newest:
            next_marks[video_id] = newest.isoformat()
    if videos and len(failures) == len(videos):
        raise FetchError("YouTube comments could not be read for any video: " + "; ".join(failures))
    next_cursor["comments"] = next_marks
    return FetchResult(list(posts.values()), next_cursor)
