"""One post a person found by hand (`socialvakt submit URL`): fetched and parsed when possible.

The address says which parser to use:

- Mastodon status pages (`/@user/123`, `/users/user/statuses/123`): the instance's public
  `/api/v1/statuses/{id}`, parsed by the mastodon kind;
- Bluesky post pages (`/profile/{handle}/post/{rkey}`): `app.bsky.feed.getPostThread` on the
  AppView, parsed by the bluesky kind;
- Reddit permalinks (`/r/{sub}/comments/{id}/…`, a comment's too): the same address + `.json`,
  parsed by the reddit kind;
- X status links (`x.com/{user}/status/{id}`): the API v2 tweet lookup, when a bearer token is
  set;
- Telegram post links (`t.me/channel/123`): the channel's preview page ending at that message
  (`t.me/s/channel?before=124`), parsed by the telegram kind;
- anything else, and any of the above that cannot be fetched: the page itself, read for
  `og:title`, `og:description`, `<title>` and its visible text.

Ids match what the scrapers give the same post, so a post submitted by hand and later scraped
(or the other way round) is stored once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from bs4 import BeautifulSoup
from bs4.element import Tag

from models.posts import ScrapedPost
from scrapers import bluesky, mastodon, reddit, telegram, x
from scrapers.http import FetchError, HttpClient
from scrapers.markup import element_text, soup_of
from scrapers.text import parse_date, tidy

JSON = {"Accept": "application/json"}
MAX_PAGE_TEXT = 20_000
MASTODON_PATH = re.compile(r"^/(?:@[^/]+|users/[^/]+/statuses|web/statuses)/(\d{1,30})/?$")
BLUESKY_PATH = re.compile(r"^/profile/([^/]+)/post/([A-Za-z0-9]{1,64})/?$")
REDDIT_PATH = re.compile(
    r"^(?:/r/[^/]+)?/comments/([a-z0-9]{1,16})(?:/[^/]*)?(?:/([a-z0-9]{1,16}))?/?$"
)
X_PATH = re.compile(r"^/(?:[^/]+|i/web)/status(?:es)?/(\d{1,25})")
TELEGRAM_PATH = re.compile(r"^/(?:s/)?([A-Za-z0-9_]{3,64})/(\d{1,12})/?$")

HOST_PLATFORMS = {
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "fb.watch": "facebook",
    "instagram.com": "instagram",
    "tiktok.com": "tiktok",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "t.me": "telegram",
    "telegram.me": "telegram",
    "x.com": "x",
    "twitter.com": "x",
    "reddit.com": "reddit",
    "redd.it": "reddit",
    "bsky.app": "bluesky",
    "flashback.org": "forum",
}


class SubmitError(Exception):
    """The address could not be read and no text was given; the message says what to do."""


@dataclass(frozen=True)
class Apis:
    """Where the platforms' APIs answer (taken from config.yaml's sources when set there)."""

    bluesky: str = bluesky.DEFAULT_BASE
    telegram: str = telegram.DEFAULT_BASE
    x: str = x.DEFAULT_BASE
    x_token: str | None = None


def platform_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.").removeprefix("m.")
    for domain, platform in HOST_PLATFORMS.items():
        if host == domain or host.endswith("." + domain):
            return platform
    return "web"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _youtube_video(url: str) -> str | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host.endswith("youtu.be"):
        return parts.path.strip("/").split("/")[0] or None
    if parts.path.startswith("/shorts/"):
        return parts.path.split("/")[2] or None
    return (parse_qs(parts.query).get("v") or [None])[0]


def natural_id(url: str, platform: str) -> str:
    """The id a scraper gives the post behind this address, where it can be told from the URL."""
    parts = urlsplit(url)
    if platform == "youtube" and (video := _youtube_video(url)):
        return f"yt:video:{video}"
    if platform == "telegram" and (match := TELEGRAM_PATH.match(parts.path)):
        return f"{match[1].lower()}/{match[2]}"  # as the telegram kind writes it
    if platform == "x" and (match := X_PATH.match(parts.path)):
        return match[1]
    return parts._replace(fragment="").geturl()


async def _mastodon(http: HttpClient, url: str, status_id: str) -> ScrapedPost | None:
    origin = _origin(url)
    fetched = await http.get(f"{origin}/api/v1/statuses/{status_id}", headers=JSON)
    return mastodon.parse_status(fetched.json(), base=origin, source_id="manual")


async def _bluesky(http: HttpClient, apis: Apis, actor: str, rkey: str) -> ScrapedPost | None:
    api = apis.bluesky.rstrip("/")
    if not actor.startswith("did:"):  # post links name the handle; at:// URIs want the DID
        fetched = await http.get(
            f"{api}/xrpc/com.atproto.identity.resolveHandle", headers=JSON, params={"handle": actor}
        )
        answer = fetched.json()
        did = answer.get("did") if isinstance(answer, dict) else None
        if not isinstance(did, str) or not did.startswith("did:"):
            raise FetchError(f"{api}: the handle {actor!r} did not resolve to a DID")
        actor = did
    uri = f"at://{actor}/app.bsky.feed.post/{rkey}"
    endpoint = f"{api}/xrpc/app.bsky.feed.getPostThread"
    fetched = await http.get(
        endpoint, headers=JSON, params={"uri": uri, "depth": 0, "parentHeight": 0}
    )
    data = fetched.json()
    thread = data.get("thread") if isinstance(data, dict) else None
    view = thread.get("post") if isinstance(thread, dict) else None
    return bluesky.parse_post_view(view, source_id="manual")


async def _reddit(
    http: HttpClient, url: str, post_id: str, comment: str | None
) -> ScrapedPost | None:
    parts = urlsplit(url)
    endpoint = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}.json"
    fetched = await http.get(endpoint, headers=JSON, params={"raw_json": 1})
    wanted = f"t1_{comment}" if comment else f"t3_{post_id}"
    for post in reddit.parse_thread(fetched.json(), source_id="manual", url=endpoint):
        if post.external_id == wanted:
            return post
    return None


async def _telegram(http: HttpClient, apis: Apis, channel: str, number: str) -> ScrapedPost | None:
    """The channel's preview page that ends at this message, parsed by the telegram kind."""
    page_url = f"{apis.telegram.rstrip('/')}/s/{channel}"
    fetched = await http.get(page_url, params={"before": int(number) + 1})
    page = telegram.parse_channel_page(fetched.text(), url=fetched.url, source_id="manual")
    wanted = f"{channel.lower()}/{number}"
    return next((post for post in page.posts if post.external_id == wanted), None)


async def _x(http: HttpClient, apis: Apis, tweet_id: str) -> ScrapedPost | None:
    if not apis.x_token:
        return None
    fetched = await http.get(
        f"{apis.x.rstrip('/')}/2/tweets/{tweet_id}",
        headers={"Authorization": f"Bearer {apis.x_token}", **JSON},
        params={
            "tweet.fields": x.TWEET_FIELDS,
            "expansions": x.EXPANSIONS,
            "user.fields": "username,name",
        },
    )
    posts = x.parse_page(fetched.json(), source_id="manual")
    return posts[0] if posts else None


async def fetch_platform_post(http: HttpClient, url: str, apis: Apis) -> ScrapedPost | None:
    """The post through its platform's API, or None when the address is not one of those."""
    parts = urlsplit(url)
    platform = platform_of(url)
    if platform == "telegram" or _origin(url) == _origin(apis.telegram):
        match = TELEGRAM_PATH.match(parts.path)
        return await _telegram(http, apis, match[1], match[2]) if match else None
    if platform == "x":
        match = X_PATH.match(parts.path)
        return await _x(http, apis, match[1]) if match else None
    if platform in ("web", "bluesky") and (match := BLUESKY_PATH.match(parts.path)):
        return await _bluesky(http, apis, match[1], match[2])
    if platform in ("web", "reddit") and (match := REDDIT_PATH.match(parts.path)):
        return await _reddit(http, url, match[1], match[2])
    if platform == "web" and (match := MASTODON_PATH.match(parts.path)):
        return await _mastodon(http, url, match[1])
    return None


def _meta(soup: BeautifulSoup, *names: str) -> str:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if isinstance(tag, Tag) and tag.get("content"):
            return tidy(str(tag["content"]))
    return ""


def parse_page_summary(
    html: str, *, url: str, platform: str, source_id: str = "manual"
) -> ScrapedPost | None:
    """Any page: og:title / <title>, og:description, and the visible text of its main part."""
    soup = soup_of(html)
    title = _meta(soup, "og:title", "twitter:title")
    if not title and soup.title is not None:
        title = tidy(soup.title.get_text(" "))
    description = _meta(soup, "og:description", "twitter:description", "description")
    main = soup.find("article") or soup.find("main") or soup.body
    body = element_text(main) if isinstance(main, Tag) else ""
    parts: list[str] = []
    for part in (title, description, body[:MAX_PAGE_TEXT]):
        if part and not any(part in earlier for earlier in parts):
            parts.append(part)
    text = "\n\n".join(parts)
    if not text:
        return None
    canonical = soup.find("link", rel="canonical")
    href = str(canonical.get("href") or "") if isinstance(canonical, Tag) else ""
    href = href or _meta(soup, "og:url")
    page_url = urljoin(url, href) if href.startswith(("http", "/")) else url
    author = _meta(soup, "author", "article:author")
    root = soup.find("html")
    lang = str(root.get("lang") or "") if isinstance(root, Tag) else ""
    return ScrapedPost(
        source_id=source_id,
        platform=platform,
        external_id=natural_id(page_url, platform),
        url=page_url,
        text=text,
        author=author,
        author_name=author,
        published_at=parse_date(_meta(soup, "article:published_time", "og:published_time")),
        lang=lang.split("-")[0].lower() or None,
    )


def as_given(url: str, text: str, platform: str) -> ScrapedPost:
    return ScrapedPost(
        source_id="manual",
        platform=platform,
        external_id=natural_id(url, platform),
        url=url,
        text=tidy(text),
    )


async def resolve(
    http: HttpClient,
    url: str,
    *,
    text: str | None = None,
    platform: str | None = None,
    apis: Apis | None = None,
) -> tuple[ScrapedPost, str]:
    """The post behind `url` and how it was found ("api", "page" or "given").

    The platform's API wins; the page itself is read only when no `text` was given (a login
    wall's "Log in to continue" is not the post); `text` is the last resort.
    """
    apis = apis or Apis()
    problems: list[str] = []
    try:
        post = await fetch_platform_post(http, url, apis)
        if post is not None:
            return post, "api"
    except (FetchError, ValueError) as exc:  # ValueError: a page that is not what it should be
        problems.append(str(exc))
    chosen = platform or platform_of(url)
    if text is not None and text.strip():
        return as_given(url, text, chosen), "given"
    try:
        fetched = await http.get(url, headers={"Accept": "text/html,*/*;q=0.5"})
        post = parse_page_summary(fetched.text(), url=fetched.url, platform=chosen)
        if post is not None:
            return post, "page"
        problems.append(f"{url}: the page has no readable text")
    except FetchError as exc:
        problems.append(str(exc))
    raise SubmitError(
        "could not read the post ("
        + "; ".join(problems)
        + "); copy its text and submit it again with --text"
    )


def apis_from_sources(sources: list[Any]) -> Apis:
    """API addresses and the X token from the configured sources, if any set them."""
    found: dict[str, Any] = {}
    for source in sources:
        kind = getattr(source, "kind", "")
        if kind in ("bluesky", "telegram") and source.base_url and kind not in found:
            found[kind] = str(source.base_url)
        if kind == "x" and "x" not in found:
            if source.base_url:
                found["x"] = str(source.base_url)
            found["x_token"] = source.token()
    if "x_token" not in found:
        found["x_token"] = os.environ.get(x.DEFAULT_TOKEN_ENV) or None
    return Apis(**found)
