"""X (Twitter): API v2 recent search, with a bearer token from an environment variable.

`/2/tweets/search/recent?query=…&since_id=…` with the authors expanded. The cursor keeps the
newest tweet id; a retweet becomes the tweet it retweets (full text, original author), as with
Mastodon reblogs. Without the token the source cannot start: `startup_problem` says which variable
to set, and the other sources run.
"""

from __future__ import annotations

import html
import os
import time
from typing import Any, Literal

from pydantic import Field

from models.posts import FetchResult, ScrapedPost
from scrapers.http import FetchError, HttpClient
from scrapers.settings import SourceBase
from scrapers.text import parse_date, tidy

DEFAULT_BASE = "https://api.twitter.com"
WEB = "https://x.com"
DEFAULT_TOKEN_ENV = "SOCIALVAKT_X_BEARER_TOKEN"
TWEET_FIELDS = (
    "created_at,lang,author_id,conversation_id,referenced_tweets,entities,note_tweet,attachments"
)
EXPANSIONS = "author_id,referenced_tweets.id,referenced_tweets.id.author_id,attachments.media_keys"
# Recent search refuses a since_id older than seven days; ids carry their time (snowflakes).
TWITTER_EPOCH_MS = 1288834974657
MAX_SINCE_AGE_S = 7 * 24 * 3600 - 3600
UNDETERMINED_LANGS = {"und", "zxx", "qme", "qht", "qam", "qct", "qst"}


class XSettings(SourceBase):
    """`{id: x-lvu, kind: x, query: "LVU lang:sv", every: 15m}` with the token in
    `$SOCIALVAKT_X_BEARER_TOKEN` (another variable with `token_env`)."""

    kind: Literal["x"]
    query: str = Field(min_length=1, max_length=4096)
    token_env: str = Field(DEFAULT_TOKEN_ENV, pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")
    max_results: int = Field(100, ge=10, le=100)
    max_pages: int = Field(1, ge=1, le=10)  # every page costs API quota

    def token(self) -> str | None:
        return os.environ.get(self.token_env) or None

    def startup_problem(self) -> str | None:
        if self.token() is None:
            return (
                f"the X API needs a bearer token: set the environment variable {self.token_env} "
                "(never put the token in config.yaml)"
            )
        return None


def snowflake_age_seconds(tweet_id: str) -> float | None:
    if not tweet_id.isdigit():
        return None
    created_ms = (int(tweet_id) >> 22) + TWITTER_EPOCH_MS
    return time.time() - created_ms / 1000


def _text(tweet: dict) -> str:
    note = tweet.get("note_tweet")  # a long post's full text
    if isinstance(note, dict) and note.get("text"):
        text = str(note["text"])
    else:
        text = str(tweet.get("text") or "")
    text = html.unescape(text)  # v2 escapes &, < and > in tweet text
    for link in (tweet.get("entities") or {}).get("urls") or []:
        if isinstance(link, dict) and link.get("url") and link.get("expanded_url"):
            text = text.replace(str(link["url"]), str(link["expanded_url"]))
    return tidy(text)


def _ref(tweet: dict, kind: str) -> str | None:
    for ref in tweet.get("referenced_tweets") or []:
        if isinstance(ref, dict) and ref.get("type") == kind and ref.get("id"):
            return str(ref["id"])
    return None


def parse_page(payload: Any, *, source_id: str, url: str = "") -> list[ScrapedPost]:
    """One API v2 answer (search or lookup) into posts; retweets become the retweeted tweet."""
    if not isinstance(payload, dict):
        raise FetchError(f"{url}: not an X API answer (expected a JSON object)")
    if "data" not in payload and "meta" not in payload and payload.get("errors"):
        first = payload["errors"][0] if isinstance(payload["errors"], list) else {}
        detail = first.get("detail") or first.get("message") or first.get("title") or "error"
        raise FetchError(f"{url}: the X API answered with an error: {detail}")
    data = payload.get("data") or []
    if isinstance(data, dict):  # a single-tweet lookup
        data = [data]
    if not isinstance(data, list):
        raise FetchError(f"{url}: not an X API answer ('data' is not a list)")
    includes = payload.get("includes") if isinstance(payload.get("includes"), dict) else {}
    users = {str(u.get("id")): u for u in includes.get("users") or [] if isinstance(u, dict)}
    included = {str(t.get("id")): t for t in includes.get("tweets") or [] if isinstance(t, dict)}
    media = {str(m.get("media_key")): m for m in includes.get("media") or [] if isinstance(m, dict)}
    posts: dict[str, ScrapedPost] = {}
    for tweet in data:
        if not isinstance(tweet, dict):
            continue
        retweeted = _ref(tweet, "retweeted")
        shown = included.get(retweeted, tweet) if retweeted else tweet
        tweet_id = str(shown.get("id") or "")
        text = _text(shown)
        if not tweet_id.isdigit() or not text or tweet_id in posts:
            continue
        user = users.get(str(shown.get("author_id") or ""), {})
        username = str(user.get("username") or "")
        link = (
            f"{WEB}/{username}/status/{tweet_id}" if username else f"{WEB}/i/web/status/{tweet_id}"
        )
        conversation = str(shown.get("conversation_id") or "")
        lang = str(shown.get("lang") or "") or None
        keys = ((shown.get("attachments") or {}).get("media_keys")) or []
        posts[tweet_id] = ScrapedPost(
            source_id=source_id,
            platform="x",
            external_id=tweet_id,
            url=link,
            text=text,
            author=username,
            author_name=tidy(str(user.get("name") or "")) or username,
            published_at=parse_date(shown.get("created_at")),
            lang=None if lang in UNDETERMINED_LANGS else lang,
            reply_to=_ref(shown, "replied_to"),
            thread_url=(
                f"{WEB}/i/web/status/{conversation}"
                if conversation and conversation != tweet_id
                else None
            ),
            media_urls=[
                str(media[k].get("url") or media[k].get("preview_image_url"))
                for k in keys
                if k in media and (media[k].get("url") or media[k].get("preview_image_url"))
            ],
        )
    return list(posts.values())


async def fetch_posts(http: HttpClient, source: XSettings, cursor: dict) -> FetchResult:
    token = source.token()
    if token is None:
        raise FetchError(source.startup_problem() or "no X API bearer token")
    url = f"{source.api_base(DEFAULT_BASE)}/2/tweets/search/recent"
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    if cursor.get("query") != source.query:
        cursor = {}
    since = str(cursor.get("since_id") or "")
    age = snowflake_age_seconds(since) if since else None
    if age is not None and age > MAX_SINCE_AGE_S:
        since = ""  # older than recent search reaches back: start from what it has
    params: dict[str, Any] = {
        "query": source.query,
        "max_results": source.max_results,
        "tweet.fields": TWEET_FIELDS,
        "expansions": EXPANSIONS,
        "user.fields": "username,name",
        "media.fields": "url,preview_image_url",
    }
    if since:
        params["since_id"] = since
    posts: dict[str, ScrapedPost] = {}
    newest = since
    next_token: str | None = None
    for _ in range(source.max_pages):
        page_params = {**params, **({"next_token": next_token} if next_token else {})}
        payload = (await http.get(url, headers=headers, params=page_params)).json()
        for post in parse_page(payload, source_id=source.id, url=url):
            posts.setdefault(post.external_id, post)
        meta = payload.get("meta") if isinstance(payload.get("meta"), dict) else {}
        page_newest = str(meta.get("newest_id") or "")
        for tweet_id in [page_newest] + [str(t.get("id") or "") for t in payload.get("data") or []]:
            if tweet_id.isdigit() and (not newest or int(tweet_id) > int(newest)):
                newest = tweet_id
        token_value = meta.get("next_token")
        if not token_value or token_value == next_token:
            break
        next_token = str(token_value)
    next_cursor: dict[str, Any] = {"query": source.query}
    if newest:
        next_cursor["since_id"] = newest
    return FetchResult(list(posts.values()), next_cursor)
