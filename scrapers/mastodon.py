"""Mastodon (and API-compatible servers): hashtag and account timelines through the public API.

No account or token: `/api/v1/timelines/tag/{tag}` and `/api/v1/accounts/{id}/statuses` are public
on most instances. The cursor keeps the newest status id seen (`since_id`); when more than a page
is new, older pages are fetched with `max_id` down to the cursor, so nothing in between is missed.
A first run reads one page only (no history crawl).
"""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import quote, urlsplit

from pydantic import Field, model_validator

from models.posts import FetchResult, ScrapedPost
from scrapers.http import FetchError, HttpClient
from scrapers.markup import html_text
from scrapers.settings import SourceBase
from scrapers.text import parse_date, tidy

JSON = {"Accept": "application/json"}


class MastodonSettings(SourceBase):
    """`{id: md-lvu, kind: mastodon, base_url: "https://mastodon.social", hashtag: LVU, every: 10m}`

    `base_url` (the instance) is required; exactly one of `hashtag` or `account` (`user` on that
    instance or `user@other.instance`). `local: true` limits a hashtag to the instance's own users.
    """

    kind: Literal["mastodon"]
    hashtag: str | None = Field(None, pattern=r"^#?\w{1,100}$")
    account: str | None = Field(None, pattern=r"^@?[A-Za-z0-9_.-]{1,64}(@[A-Za-z0-9.-]{1,253})?$")
    local: bool = False
    limit: int = Field(40, ge=1, le=40)
    max_pages: int = Field(5, ge=1, le=50)

    @model_validator(mode="after")
    def _check(self) -> MastodonSettings:
        if self.base_url is None:
            raise ValueError(
                "base_url is required: the instance to ask, e.g. https://mastodon.social"
            )
        if (self.hashtag is None) == (self.account is None):
            raise ValueError("set exactly one of hashtag or account")
        return self

    @property
    def tag(self) -> str:
        return (self.hashtag or "").lstrip("#")

    @property
    def acct(self) -> str:
        return (self.account or "").lstrip("@")


def instance_of(base: str) -> str:
    """The instance's host (with a port if any): the namespace of its status ids."""
    return urlsplit(base).netloc.lower()


def _id_key(status_id: str) -> tuple[int, str]:
    # Mastodon ids are numeric strings of growing length; Pleroma's are fixed-length and sortable.
    return (len(status_id), status_id)


def _status_text(status: dict) -> str:
    content = html_text(status.get("content") or "")
    spoiler = tidy(status.get("spoiler_text") or "")
    parts = [spoiler, content]
    poll = status.get("poll")
    if isinstance(poll, dict):
        options = [tidy(str(o.get("title") or "")) for o in poll.get("options") or []]
        parts.append("\n".join(f"- {o}" for o in options if o))
    if not content:  # a media-only post: its alt texts are all the words there are
        parts += [
            tidy(str(m.get("description") or ""))
            for m in status.get("media_attachments") or []
            if isinstance(m, dict)
        ]
    return "\n\n".join(part for part in parts if part)


def parse_status(status: Any, *, base: str, source_id: str) -> ScrapedPost | None:
    """One status from the API; a reblog becomes the status it reblogs. None if unusable."""
    if not isinstance(status, dict):
        return None
    shown = status.get("reblog") if isinstance(status.get("reblog"), dict) else status
    status_id = str(shown.get("id") or "")
    text = _status_text(shown)
    if not status_id or not text:
        return None
    instance = instance_of(base)
    account = shown.get("account") if isinstance(shown.get("account"), dict) else {}
    acct = str(account.get("acct") or account.get("username") or "")
    if acct and "@" not in acct:  # a local account: qualify it so handles are unique
        acct = f"{acct}@{urlsplit(str(account.get('url') or base)).hostname or instance}"
    url = str(shown.get("url") or "")
    if not url.startswith(("http://", "https://")):
        url = str(shown.get("uri") or "")
    if not url.startswith(("http://", "https://")):
        url = f"{base}/statuses/{status_id}"
    media = [
        str(m["url"])
        for m in shown.get("media_attachments") or []
        if isinstance(m, dict) and m.get("url")
    ]
    card = shown.get("card")
    if isinstance(card, dict) and card.get("url"):
        media.append(str(card["url"]))
    reply_to = shown.get("in_reply_to_id")
    return ScrapedPost(
        source_id=source_id,
        platform="mastodon",
        external_id=f"{instance}/{status_id}",
        url=url,
        text=text,
        author=acct,
        author_name=tidy(str(account.get("display_name") or "")) or acct,
        published_at=parse_date(shown.get("created_at")),
        lang=shown.get("language") or None,
        reply_to=f"{instance}/{reply_to}" if reply_to else None,
        media_urls=media,
    )


def _statuses(fetched) -> list[dict]:
    batch = fetched.json()
    if not isinstance(batch, list):
        raise FetchError(
            f"{fetched.url}: expected a JSON list of statuses, got a {type(batch).__name__}"
        )
    return [s for s in batch if isinstance(s, dict) and s.get("id")]


async def _account_id(http: HttpClient, source: MastodonSettings, base: str, cursor: dict) -> str:
    if cursor.get("account") == source.acct and cursor.get("account_id"):
        return str(cursor["account_id"])
    url = f"{base}/api/v1/accounts/lookup"
    try:
        fetched = await http.get(url, headers=JSON, params={"acct": source.acct})
    except FetchError as exc:
        raise FetchError(f"account {source.acct!r} not found on {base}: {exc}") from exc
    account = fetched.json()
    if not isinstance(account, dict) or not account.get("id"):
        raise FetchError(f"{url}: the account lookup answered without an account id")
    return str(account["id"])


async def fetch_posts(http: HttpClient, source: MastodonSettings, cursor: dict) -> FetchResult:
    base = source.api_base("")
    timeline = f"tag:{source.tag}" if source.hashtag else f"account:{source.acct}"
    if cursor.get("timeline") != timeline:
        cursor = {}  # another hashtag or account: the old since_id means nothing here
    next_cursor = {**cursor, "timeline": timeline}
    if source.hashtag:
        url = f"{base}/api/v1/timelines/tag/{quote(source.tag, safe='')}"
        extra = {"local": "true"} if source.local else {}
    else:
        account_id = await _account_id(http, source, base, cursor)
        next_cursor.update(account=source.acct, account_id=account_id)
        url = f"{base}/api/v1/accounts/{account_id}/statuses"
        extra = {}
    since = cursor.get("since_id")
    statuses: list[dict] = []
    max_id: str | None = None
    for _ in range(source.max_pages if since else 1):
        params: dict[str, Any] = {"limit": source.limit, **extra}
        if since:
            params["since_id"] = since
        if max_id:
            params["max_id"] = max_id
        batch = _statuses(await http.get(url, headers=JSON, params=params))
        statuses += batch
        if len(batch) < source.limit:
            break
        oldest = min((str(s["id"]) for s in batch), key=_id_key)
        if max_id is not None and _id_key(oldest) >= _id_key(max_id):
            break  # the server ignored max_id: stop rather than loop
        max_id = oldest
    posts: dict[str, ScrapedPost] = {}
    for status in statuses:
        post = parse_status(status, base=base, source_id=source.id)
        if post is not None:
            posts.setdefault(post.external_id, post)
    # The cursor follows the timeline's own ids (a reblog's, not the reblogged status's).
    ids = [str(s["id"]) for s in statuses] + ([str(since)] if since else [])
    if ids:
        next_cursor["since_id"] = max(ids, key=_id_key)
    return FetchResult(list(posts.values()), next_cursor)
