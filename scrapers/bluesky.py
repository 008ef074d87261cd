"""Bluesky: post search and author feeds through the public AppView API (no account needed).

`app.bsky.feed.searchPosts?q=` (newest first) or `app.bsky.feed.getAuthorFeed?actor=`. The cursor
keeps the newest time seen (the repost time for a repost, else the post's indexedAt); pages are
followed with the API's `cursor` until a post at or before that time shows up or `max_pages` is
reached. A first run reads one page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field, model_validator

from models.posts import FetchResult, ScrapedPost
from scrapers.http import FetchError, HttpClient
from scrapers.settings import SourceBase
from scrapers.text import parse_date, tidy

DEFAULT_BASE = "https://public.api.bsky.app"
WEB = "https://bsky.app"
JSON = {"Accept": "application/json"}


class BlueskySettings(SourceBase):
    """`{id: bs-lvu, kind: bluesky, query: "socialtjänsten", every: 10m}`

    Exactly one of `query` (search; optional `lang: sv`) or `actor` (a handle or DID).
    """

    kind: Literal["bluesky"]
    query: str | None = Field(None, min_length=1, max_length=500)
    actor: str | None = Field(None, pattern=r"^@?(did:[a-z]+:[A-Za-z0-9._:%-]+|[A-Za-z0-9.-]+)$")
    lang: str | None = Field(None, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")
    limit: int = Field(100, ge=1, le=100)
    max_pages: int = Field(3, ge=1, le=20)

    @model_validator(mode="after")
    def _one(self) -> BlueskySettings:
        if (self.query is None) == (self.actor is None):
            raise ValueError("set exactly one of query or actor")
        return self


def split_at_uri(uri: str) -> tuple[str, str, str]:
    """at://did/collection/rkey → (did, collection, rkey); empty strings when malformed."""
    parts = uri.removeprefix("at://").split("/")
    if not uri.startswith("at://") or len(parts) != 3:
        return "", "", ""
    return parts[0], parts[1], parts[2]


def post_url(uri: str, handle: str | None = None) -> str:
    did, _, rkey = split_at_uri(uri)
    profile = handle if handle and handle != "handle.invalid" else did
    return f"{WEB}/profile/{profile}/post/{rkey}"


def _expand_links(record: dict) -> str:
    """Record text with shortened link labels ("www.npr.org/2023/10/03/1...") made whole."""
    text = str(record.get("text") or "")
    facets = record.get("facets")
    if not isinstance(facets, list):
        return text
    raw = text.encode("utf-8")
    spans = []
    for facet in facets:
        index = facet.get("index") if isinstance(facet, dict) else None
        features = facet.get("features") if isinstance(facet, dict) else None
        if not isinstance(index, dict) or not isinstance(features, list):
            continue
        start, end = index.get("byteStart"), index.get("byteEnd")
        links = [
            f.get("uri")
            for f in features
            if isinstance(f, dict) and str(f.get("uri", ""))[:4] == "http"
        ]
        if not links or not isinstance(start, int) or not isinstance(end, int):
            continue
        if 0 <= start < end <= len(raw):
            spans.append((start, end, str(links[0])))
    for start, end, uri in sorted(spans, reverse=True):
        try:
            label = raw[start:end].decode("utf-8")
        except UnicodeDecodeError:
            continue
        bare = uri.split("://", 1)[-1]
        if label != uri and bare.startswith(label.rstrip(".…").removeprefix("https://")):
            raw = raw[:start] + uri.encode("utf-8") + raw[end:]
    return raw.decode("utf-8", errors="replace")


def _embed_parts(embed: Any) -> tuple[list[str], list[str]]:
    """Quoted posts' text and link cards become text; images and links become media urls."""
    texts: list[str] = []
    media: list[str] = []
    if not isinstance(embed, dict):
        return texts, media
    kind = str(embed.get("$type") or "")
    if kind.startswith("app.bsky.embed.images"):
        media += [str(i["fullsize"]) for i in embed.get("images") or [] if i.get("fullsize")]
    elif kind.startswith("app.bsky.embed.external"):
        external = embed.get("external") or {}
        if external.get("uri"):
            media.append(str(external["uri"]))
        card = " — ".join(
            tidy(str(external.get(k) or "")) for k in ("title", "description") if external.get(k)
        )
        if card:
            texts.append(card)
    elif kind.startswith("app.bsky.embed.video"):
        if embed.get("playlist"):
            media.append(str(embed["playlist"]))
    elif kind.startswith("app.bsky.embed.recordWithMedia"):
        quoted_texts, quoted_media = _embed_parts(embed.get("record"))
        own_texts, own_media = _embed_parts(embed.get("media"))
        texts += own_texts + quoted_texts
        media += own_media + quoted_media
    elif kind.startswith("app.bsky.embed.record"):
        quoted = embed.get("record") or {}
        value = quoted.get("value") if isinstance(quoted, dict) else None
        if isinstance(value, dict) and value.get("text"):
            who = (quoted.get("author") or {}).get("handle") or ""
            texts.append(f"> {'@' + who + ': ' if who else ''}{tidy(str(value['text']))}")
    return texts, media


def parse_post_view(view: Any, *, source_id: str) -> ScrapedPost | None:
    """One app.bsky.feed.defs#postView; None for anything that is not a readable post."""
    if not isinstance(view, dict) or not isinstance(view.get("record"), dict):
        return None
    uri = str(view.get("uri") or "")
    if not split_at_uri(uri)[2]:
        return None
    record = view["record"]
    texts, media = _embed_parts(view.get("embed"))
    text = "\n\n".join(part for part in [tidy(_expand_links(record)), *texts] if part)
    if not text:
        return None
    author = view.get("author") if isinstance(view.get("author"), dict) else {}
    handle = str(author.get("handle") or "")
    langs = record.get("langs")
    reply = record.get("reply") if isinstance(record.get("reply"), dict) else {}
    parent = str((reply.get("parent") or {}).get("uri") or "") or None
    root = str((reply.get("root") or {}).get("uri") or "") or None
    return ScrapedPost(
        source_id=source_id,
        platform="bluesky",
        external_id=uri,
        url=post_url(uri, handle),
        text=text,
        author=handle if handle != "handle.invalid" else str(author.get("did") or ""),
        author_name=tidy(str(author.get("displayName") or "")) or handle,
        published_at=parse_date(record.get("createdAt")) or parse_date(view.get("indexedAt")),
        lang=str(langs[0]) if isinstance(langs, list) and langs else None,
        reply_to=parent,
        thread_url=post_url(root) if root else None,
        media_urls=media,
    )


def _page_items(data: Any, url: str) -> list[tuple[dict, dict]]:
    """(postView, reason) pairs from a searchPosts or getAuthorFeed answer."""
    if isinstance(data, dict) and isinstance(data.get("posts"), list):
        return [(view, {}) for view in data["posts"] if isinstance(view, dict)]
    if isinstance(data, dict) and isinstance(data.get("feed"), list):
        return [
            (item["post"], item.get("reason") if isinstance(item.get("reason"), dict) else {})
            for item in data["feed"]
            if isinstance(item, dict) and isinstance(item.get("post"), dict)
        ]
    raise FetchError(f"{url}: not a Bluesky feed answer (no 'posts' or 'feed' list)")


def _seen_at(view: dict, reason: dict) -> datetime | None:
    if reason.get("indexedAt"):
        return parse_date(str(reason["indexedAt"]))
    record = view.get("record") or {}
    return parse_date(view.get("indexedAt")) or parse_date(record.get("createdAt"))


async def fetch_posts(http: HttpClient, source: BlueskySettings, cursor: dict) -> FetchResult:
    base = source.api_base(DEFAULT_BASE)
    if source.query is not None:
        url = f"{base}/xrpc/app.bsky.feed.searchPosts"
        params: dict[str, Any] = {"q": source.query, "sort": "latest", "limit": source.limit}
        if source.lang:
            params["lang"] = source.lang
        feed = f"search:{source.query}:{source.lang or ''}"
    else:
        actor = (source.actor or "").lstrip("@")
        url = f"{base}/xrpc/app.bsky.feed.getAuthorFeed"
        params = {"actor": actor, "limit": source.limit, "filter": "posts_with_replies"}
        feed = f"actor:{actor}"
    if cursor.get("feed") != feed:
        cursor = {}
    since = parse_date(cursor.get("newest"))
    known = set(cursor.get("ids") or [])  # the posts seen at exactly that time
    newest, newest_ids = since, set(known)
    posts: dict[str, ScrapedPost] = {}
    page_cursor: str | None = None
    for _ in range(source.max_pages if since else 1):
        page_params = {**params, **({"cursor": page_cursor} if page_cursor else {})}
        fetched = await http.get(url, headers=JSON, params=page_params)
        data = fetched.json()
        reached_known = False
        for view, reason in _page_items(data, url):
            pinned = str(reason.get("$type") or "").endswith("#reasonPin")
            seen_at = _seen_at(view, reason)
            reposter = (reason.get("by") or {}).get("did", "")  # a repost is an item of its own
            key = f"{view.get('uri')}|{reposter}"
            if (
                since
                and seen_at
                and not pinned
                and (seen_at < since or (seen_at == since and key in known))
            ):
                reached_known = True
                continue
            post = parse_post_view(view, source_id=source.id)
            if post is not None:
                posts.setdefault(post.external_id, post)
            if seen_at and not pinned:
                if newest is None or seen_at > newest:
                    newest, newest_ids = seen_at, {key}
                elif seen_at == newest:
                    newest_ids.add(key)
        next_page = data.get("cursor") if isinstance(data, dict) else None
        if reached_known or not next_page or next_page == page_cursor:
            break
        page_cursor = str(next_page)
    next_cursor: dict[str, Any] = {"feed": feed}
    if newest:
        next_cursor.update(newest=newest.isoformat(), ids=sorted(newest_ids))
    return FetchResult(list(posts.values()), next_cursor)
