"""Reddit: subreddit listings and searches through the public `.json` listings (no account).

`/r/{sub}/new.json`, `/r/{sub}/search.json?q=&restrict_sr=1&sort=new`, site-wide
`/search.json?q=&sort=new`, and optionally `/r/{sub}/comments.json` (the newest comments, where
doxxing tends to sit). The cursor keeps, per listing, the newest `created_utc` seen and the
fullnames at that second; pages are followed with `after` until an older item or `max_pages`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import quote, urljoin

from pydantic import Field, field_validator, model_validator

from models.posts import FetchResult, ScrapedPost
from scrapers.http import FetchError, HttpClient
from scrapers.settings import SourceBase
from scrapers.text import tidy

DEFAULT_BASE = "https://www.reddit.com"
SITE = "https://www.reddit.com"  # where permalinks point, whatever base_url the API came from
JSON = {"Accept": "application/json"}
GONE = {"[removed]", "[deleted]"}


class RedditSettings(SourceBase):
    """`{id: rd-swe, kind: reddit, subreddit: sweden, query: "LVU", every: 30m}`

    `subreddit` alone lists its new posts; with `query` it searches that subreddit; `query` alone
    searches all of Reddit. `comments: true` also reads the subreddit's newest comments.
    """

    kind: Literal["reddit"]
    subreddit: str | None = Field(None, pattern=r"^[A-Za-z0-9_]{2,21}$")
    query: str | None = Field(None, min_length=1, max_length=512)
    comments: bool = False
    limit: int = Field(100, ge=1, le=100)
    max_pages: int = Field(3, ge=1, le=10)

    @field_validator("subreddit", mode="before")
    @classmethod
    def _bare(cls, value: Any) -> Any:
        return value.removeprefix("/").removeprefix("r/") if isinstance(value, str) else value

    @model_validator(mode="after")
    def _check(self) -> RedditSettings:
        if not self.subreddit and not self.query:
            raise ValueError("set subreddit, query, or both")
        if self.comments and not self.subreddit:
            raise ValueError("comments: true needs a subreddit")
        return self


def _created(data: dict) -> datetime | None:
    value = data.get("created_utc")
    if isinstance(value, int | float) and value > 0:
        return datetime.fromtimestamp(value, UTC)
    return None


def _author(data: dict) -> str:
    author = str(data.get("author") or "")
    return "" if author in GONE else author


def parse_thing(thing: Any, *, source_id: str) -> ScrapedPost | None:
    """One listing child: a t3 (post) or a t1 (comment); None for anything else or unusable."""
    if not isinstance(thing, dict) or not isinstance(thing.get("data"), dict):
        return None
    kind, data = thing.get("kind"), thing["data"]
    name = str(data.get("name") or (f"{kind}_{data['id']}" if data.get("id") else ""))
    permalink = str(data.get("permalink") or "")
    if kind == "t3":
        title = tidy(str(data.get("title") or ""))
        body = tidy(str(data.get("selftext") or ""))
        text = "\n\n".join(part for part in (title, "" if body in GONE else body) if part)
        link = str(data.get("url") or "")
        media = [link] if link.startswith("http") and not data.get("is_self") else []
        reply_to = thread = None
    elif kind == "t1":
        body = tidy(str(data.get("body") or ""))
        text = "" if body in GONE else body
        media = []
        reply_to = str(data.get("parent_id") or "") or None
        thread_link = str(data.get("link_permalink") or "")
        if not thread_link and permalink.count("/") >= 6:  # /r/x/comments/id/slug/cid/
            thread_link = "/".join(permalink.rstrip("/").split("/")[:-1]) + "/"
        thread = urljoin(SITE, thread_link) if thread_link else None
    else:
        return None
    if not name.startswith(f"{kind}_") or not text:
        return None
    return ScrapedPost(
        source_id=source_id,
        platform="reddit",
        external_id=name,
        url=urljoin(SITE, permalink) if permalink else f"{SITE}/comments/{name[3:]}",
        text=text,
        author=_author(data),
        author_name=_author(data),
        published_at=_created(data),
        reply_to=reply_to,
        thread_url=thread,
        media_urls=media,
    )


def listing_children(data: Any, url: str) -> tuple[list[dict], str | None]:
    if (
        not isinstance(data, dict)
        or data.get("kind") != "Listing"
        or not isinstance(data.get("data"), dict)
        or not isinstance(data["data"].get("children"), list)
    ):
        raise FetchError(f"{url}: not a Reddit listing (expected kind 'Listing' with children)")
    after = data["data"].get("after")
    return [c for c in data["data"]["children"] if isinstance(c, dict)], after or None


def parse_thread(payload: Any, *, source_id: str, url: str = "") -> list[ScrapedPost]:
    """A `/comments/{id}.json` answer: the post, then every comment in the thread, depth first."""
    if not isinstance(payload, list) or not payload:
        raise FetchError(f"{url}: not a Reddit thread (expected a list of listings)")
    posts: list[ScrapedPost] = []
    stack = []
    for listing in reversed(payload):
        children, _ = listing_children(listing, url)
        stack.extend(reversed(children))
    while stack:
        thing = stack.pop()
        post = parse_thing(thing, source_id=source_id)
        if post is not None:
            posts.append(post)
        replies = (thing.get("data") or {}).get("replies")
        if isinstance(replies, dict):
            children, _ = listing_children(replies, url)
            stack.extend(reversed(children))
    return posts


def _listings(source: RedditSettings, base: str) -> list[tuple[str, str, dict[str, Any]]]:
    common: dict[str, Any] = {"limit": source.limit, "raw_json": 1}
    sub = quote(source.subreddit or "", safe="")
    listings = []
    if source.query and source.subreddit:
        params = {"q": source.query, "restrict_sr": 1, "sort": "new", **common}
        listings.append(("posts", f"{base}/r/{sub}/search.json", params))
    elif source.query:
        listings.append(
            ("posts", f"{base}/search.json", {"q": source.query, "sort": "new", **common})
        )
    else:
        listings.append(("posts", f"{base}/r/{sub}/new.json", common))
    if source.comments:
        listings.append(("comments", f"{base}/r/{sub}/comments.json", common))
    return listings


async def _read_listing(
    http: HttpClient, source: RedditSettings, url: str, params: dict, mark: dict
) -> tuple[list[ScrapedPost], dict]:
    since = mark.get("newest")
    seen = set(mark.get("ids") or [])
    newest, newest_ids = since, set(seen)
    posts: list[ScrapedPost] = []
    after: str | None = None
    for _ in range(source.max_pages if since is not None else 1):
        fetched = await http.get(
            url, headers=JSON, params={**params, **({"after": after} if after else {})}
        )
        children, next_after = listing_children(fetched.json(), url)
        reached_known = False
        for child in children:
            data = child.get("data") if isinstance(child.get("data"), dict) else {}
            created = data.get("created_utc")
            name = str(data.get("name") or "")
            if not isinstance(created, int | float):
                continue
            if since is not None and (created < since or (created == since and name in seen)):
                reached_known = True
                continue
            post = parse_thing(child, source_id=source.id)
            if post is not None:
                posts.append(post)
            if newest is None or created > newest:
                newest, newest_ids = created, {name}
            elif created == newest:
                newest_ids.add(name)
        if reached_known or not next_after or next_after == after:
            break
        after = next_after
    mark = {"newest": newest, "ids": sorted(newest_ids)} if newest is not None else {}
    return posts, mark


async def fetch_posts(http: HttpClient, source: RedditSettings, cursor: dict) -> FetchResult:
    base = source.api_base(DEFAULT_BASE)
    posts: dict[str, ScrapedPost] = {}
    next_cursor: dict[str, Any] = {}
    for key, url, params in _listings(source, base):
        listing_id = f"{url.removeprefix(base)}?{params.get('q', '')}"
        mark = cursor.get(key) if isinstance(cursor.get(key), dict) else {}
        if mark.get("listing") != listing_id:
            mark = {}  # settings changed: start afresh
        found, mark = await _read_listing(http, source, url, params, mark)
        for post in found:
            posts.setdefault(post.external_id, post)
        next_cursor[key] = {"listing": listing_id, **mark}
    return FetchResult(list(posts.values()), next_cursor)
