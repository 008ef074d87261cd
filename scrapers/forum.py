"""Discussion forums: thread pages and sub-forum pages, Flashback built in, others by selectors.

`preset: flashback` knows Flashback's markup (vBulletin-derived, old and current layouts); any
other forum is described with CSS selectors in the same vocabulary as the `web` kind:

    selectors: {post: "article.message", text: ".bbWrapper", author: ".username",
                date: "time@datetime", id: "@data-content", next_page: "a.pageNav-jump--next@href",
                quote: "blockquote"}

`css@attr` takes an attribute instead of the text, a bare `@attr` reads the post element's own
attribute. With a preset, `selectors` may override single entries (a quick fix when the site
changes its markup before the code does).

**Threads** are followed as they grow: the cursor keeps the last page read (its URL and number)
and the highest post id, the next run starts on that page and follows "next page" links, at most
`max_pages` pages. A next-page link that points back to a page already read this run (a loop, or
the same page) or off the site stops the paging. **Sub-forum pages** (Flashback's thread lists)
give one post per thread: its title, linked to the thread, so a new thread naming a social worker
is seen at once.

**Quotes** ("Citat:" blocks) are taken out of the post's own words and appended after them, each
as "Citat från NAME:" followed by the quoted lines prefixed with "> " (e-mail style). The
classifier, and a reviewer, read the poster's own words first; what was quoted stays visible but
is marked as someone else's.

Dates: Flashback writes "Idag, 14:03", "Igår, 21:10" or "2023-05-01, 12:34" in Swedish local
time; these (and "1 maj 2023 12:34", ISO 8601, RFC 822) are converted to UTC from `timezone`
(default Europe/Stockholm). Flashback posts get `external_id` `flashback:p<postid>` and a URL to
the post's anchor on its page; other forums `<host>:<id>`.

A post without an id or without text is dropped. A page that looks cut off (no `</html>`) has its
last post left out, since that one may be incomplete; it is read again on the next run.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Literal
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import soupsieve
from bs4 import BeautifulSoup
from bs4.element import Tag
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

from models.posts import FetchResult, ScrapedPost
from scrapers.http import FetchError, HttpClient
from scrapers.markup import element_text, soup_of
from scrapers.settings import SourceBase, TimeZoneName
from scrapers.text import parse_date, tidy

log = logging.getLogger(__name__)

MAX_POSTS_PER_PAGE = 500
_ATTR = re.compile(r"^(?P<css>.*?)\s*@(?P<attr>[A-Za-z_:][-A-Za-z0-9_:.]*)$")
_NUMERIC_ID = re.compile(r"^[A-Za-z_#:/.-]*?(\d{1,18})$")


def split_selector(spec: str) -> tuple[str, str | None]:
    """`"time@datetime"` → ("time", "datetime"); `"a"` → ("a", None); `"@id"` → ("", "id")."""
    match = _ATTR.match(spec.strip())
    if match:
        return match["css"].strip(), match["attr"]
    return spec.strip(), None


class ForumSelectors(BaseModel):
    """CSS selectors, each optionally `css@attr`; all looked up inside one post except
    `post` (the posts on the page) and `next_page` (the link to the next page)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    post: str | None = None
    text: str | None = None
    author: str | None = None
    date: str | None = None
    id: str | None = None
    next_page: str | None = None
    quote: str | None = None
    link: str | None = None

    @model_validator(mode="after")
    def _check(self) -> ForumSelectors:
        for name, spec in self.model_dump().items():
            if spec is None:
                continue
            css, attr = split_selector(spec)
            if name in ("post", "quote") and attr:
                raise ValueError(f"{name}: picks elements; no @attribute here")
            if not css and not attr:
                raise ValueError(f"{name}: empty selector")
            if css:
                try:
                    soupsieve.compile(css)
                except soupsieve.SelectorSyntaxError as exc:
                    reason = str(exc).splitlines()[0]
                    raise ValueError(f"{name}: not a valid CSS selector {css!r}: {reason}") from exc
        return self


# Flashback: the layout of the captured pages (table.post#post<id> inside div#edit<id>, 2015)
# and the current one (div.post#post<id>, .post-heading, .post-user-username) alike.
FLASHBACK = ForumSelectors(
    post='.post[id^="post"]',
    text='.post_message, [id^="post_message_"]',
    author="a.bigusername, .post-user-username, .post-user .dropdown-header",
    date=".post-date, .post-heading",
    id="@id",
    next_page=(
        'a[rel="next"], link[rel="next"], a[title^="Nästa sida"], a[title^="Next Page"], '
        'a[title^="Visa nästa sida"]'
    ),
    quote=".post-quote-holder",
)
PRESETS = {"flashback": FLASHBACK}


class ForumSettings(SourceBase):
    """`{id: fb-soc, kind: forum, preset: flashback, url: "https://www.flashback.org/t1234567",
    every: 1h}`

    `url` is a thread or a sub-forum page. Either `preset: flashback` or `selectors` (at least
    `post`); `max_pages` (default 5) bounds one run; `timezone` is for dates without an offset;
    `platform` defaults to `flashback` for the preset and `forum` otherwise.
    """

    kind: Literal["forum"]
    url: HttpUrl
    preset: Literal["flashback"] | None = None
    selectors: ForumSelectors | None = None
    max_pages: int = Field(5, ge=1, le=50)
    timezone: TimeZoneName = "Europe/Stockholm"
    platform: str | None = Field(None, pattern=r"^[a-z0-9_-]{1,32}$")

    @model_validator(mode="after")
    def _check(self) -> ForumSettings:
        if self.preset is None and (self.selectors is None or not self.selectors.post):
            raise ValueError("set preset: flashback, or selectors with at least `post`")
        return self

    @property
    def start_url(self) -> str:
        """`url`, moved to `base_url` when one is set (a mirror or a test server)."""
        url = str(self.url)
        if self.base_url is None:
            return url
        parts = urlsplit(url)
        return self.api_base("") + urlunsplit(("", "", parts.path or "/", parts.query, ""))

    @property
    def effective_selectors(self) -> ForumSelectors:
        base = PRESETS[self.preset] if self.preset else ForumSelectors()
        overrides = self.selectors.model_dump(exclude_none=True) if self.selectors else {}
        return base.model_copy(update=overrides)

    @property
    def effective_platform(self) -> str:
        return self.platform or (self.preset or "forum")


class ForumPageError(ValueError):
    """The page has none of the posts the settings describe; the message names the page."""


def _pick(element: Tag, spec: str | None) -> str:
    if not spec:
        return ""
    css, attr = split_selector(spec)
    found = element.select_one(css) if css else element
    if found is None:
        return ""
    if attr:
        value = found.get(attr)
        return tidy(" ".join(value) if isinstance(value, list) else str(value or ""))
    return element_text(found)


def _absolute(href: str, base: str) -> str:
    href = href.strip()
    if not href or href.startswith(("javascript:", "mailto:", "tel:", "data:", "#")):
        return ""
    absolute = urljoin(base, href)
    return absolute if urlsplit(absolute).scheme in ("http", "https") else ""


def page_key(url: str) -> str:
    """A page's identity for loop detection: no fragment, lowercase scheme and host."""
    parts = urlsplit(urldefrag(url)[0])
    return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()).geturl()


# --- dates --------------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mar": 3, "mars": 3, "apr": 4, "april": 4,
    "maj": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "augusti": 8, "sep": 9,
    "sept": 9, "september": 9, "okt": 10, "oktober": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}  # fmt: skip
_TIME = r"(?:kl\.?\s*)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
_RELATIVE = re.compile(r"\b(?P<day>idag|i dag|igår|i går)\b\s*,?\s*" + _TIME, re.I)
_ISO_DAY = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:\s*,?\s*" + _TIME + ")?")
_NAMED = re.compile(
    r"\b(?P<d>\d{1,2})\s+(?P<month>[a-zåäö]{3,9})\.?\s+(?P<y>\d{4})(?:\s*,?\s*" + _TIME + ")?",
    re.I,
)
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d")
_OFFSET = re.compile(r"(Z|[+-]\d\d:?\d\d|GMT|UTC)\s*$", re.I)


def _local(day: date, hour: int, minute: int, zone: ZoneInfo) -> datetime | None:
    try:
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).astimezone(UTC)
    except ValueError:
        return None


def parse_forum_date(
    value: str, zone: str = "Europe/Stockholm", now: datetime | None = None
) -> datetime | None:
    """Swedish forum dates ("Idag, 14:03", "Igår, 21:10", "2023-05-01, 12:34",
    "1 maj 2023 12:34"), ISO 8601 or RFC 822, as UTC; a date without an offset is in `zone`.
    None when nothing in the value reads as a date."""
    value = tidy(value or "")
    if not value:
        return None
    tz = ZoneInfo(zone)
    today = (now or datetime.now(UTC)).astimezone(tz).date()
    if match := _RELATIVE.search(value):
        day = today if match["day"].lower().replace(" ", "") == "idag" else today - timedelta(1)
        return _local(day, int(match["hour"]), int(match["minute"]), tz)
    if not _ISO_DATETIME.search(value) and (match := _ISO_DAY.search(value)):
        try:
            day = date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            return None
        return _local(day, int(match["hour"] or 0), int(match["minute"] or 0), tz)
    if (match := _NAMED.search(value)) and match["month"].lower() in _MONTHS:
        try:
            day = date(int(match["y"]), _MONTHS[match["month"].lower()], int(match["d"]))
        except ValueError:
            return None
        return _local(day, int(match["hour"] or 0), int(match["minute"] or 0), tz)
    parsed = parse_date(value)
    if parsed is None:
        return None
    if not _OFFSET.search(value) and not re.search(r"[+-]\d{4}$", value):
        parsed = parsed.replace(tzinfo=tz).astimezone(UTC)  # the wall-clock time was local
    return parsed


# --- parsing ------------------------------------------------------------------------------


@dataclass
class ForumPage:
    posts: list[ScrapedPost] = field(default_factory=list)
    next_url: str | None = None
    listing: bool = False  # a sub-forum's thread list rather than a thread
    truncated: bool = False


def _top_level(elements: list[Tag]) -> list[Tag]:
    chosen = set(map(id, elements))
    return [e for e in elements if not any(id(p) in chosen for p in e.parents)]


_QUOTE_HEADER = re.compile(r"^\s*(?:Citat|Quote)\s*:\s*", re.I)
_QUOTE_AUTHOR = re.compile(
    r"^\s*(?:Ursprungligen postat av|Originally Posted by)\s+(?P<name>[^\n]+?)\s*(?:\n|$)", re.I
)


def _quote_block(quote: Tag) -> str:
    raw = _QUOTE_HEADER.sub("", element_text(quote))
    author = ""
    if match := _QUOTE_AUTHOR.match(raw):
        author, raw = match["name"].strip(), raw[match.end() :]
    lines = tidy(raw).split("\n")
    if not any(lines):
        return ""
    head = f"Citat från {author}:" if author else "Citat:"
    return head + "\n" + "\n".join(f"> {line}".rstrip() for line in lines)


def _post_text(element: Tag, selectors: ForumSelectors) -> str:
    """The post's own words first, then each quote marked as such."""
    if selectors.text:
        css, attr = split_selector(selectors.text)
        if attr:
            return _pick(element, selectors.text)
        body = element.select_one(css) if css else element
    else:
        body = element
    if body is None:
        return ""
    quotes: list[str] = []
    if selectors.quote:
        for quote in _top_level(body.select(selectors.quote)):
            quotes.append(_quote_block(quote))
            quote.decompose()
    own = element_text(body)
    return "\n\n".join(part for part in (own, *quotes) if part)


def _post_id(element: Tag, selectors: ForumSelectors, preset: str | None) -> str:
    if preset == "flashback":
        match = re.fullmatch(r"(?:post|edit)(\d+)", str(element.get("id", "")))
        return match.group(1) if match else ""
    if selectors.id:
        return _pick(element, selectors.id)
    return str(element.get("id") or element.get("data-post-id") or "").strip()


def _numeric(value: str) -> int | None:
    match = _NUMERIC_ID.match(value)
    return int(match.group(1)) if match else None


def _next_url(soup: BeautifulSoup, selectors: ForumSelectors, page_url: str) -> str | None:
    if not selectors.next_page:
        return None
    css, attr = split_selector(selectors.next_page)
    for link in soup.select(css):
        href = link.get(attr or "href")
        absolute = _absolute(str(href or ""), page_url)
        if absolute:
            return absolute
    return None


def _flashback_listing(soup: BeautifulSoup, url: str, source_id: str) -> list[ScrapedPost]:
    """One post per thread on a Flashback sub-forum page: the thread's title."""
    posts: dict[str, ScrapedPost] = {}
    for anchor in soup.select('a[id^="thread_title_"]')[:MAX_POSTS_PER_PAGE]:
        match = re.fullmatch(r"thread_title_(\d+)", str(anchor.get("id", "")))
        title = element_text(anchor)
        link = _absolute(str(anchor.get("href", "")), url)
        if not match or not title or not link:
            continue
        row = anchor.find_parent("tr") or anchor.parent
        author = ""
        if isinstance(row, Tag):
            poster = row.select_one(
                ".thread-poster span, .smallfont span[onclick], .smallfont span"
            )
            author = element_text(poster)
        posts[match.group(1)] = ScrapedPost(
            source_id=source_id,
            platform="flashback",
            external_id=f"flashback:t{match.group(1)}",
            url=link,
            text=title,
            author=author,
            author_name=author,
            thread_url=link,
        )
    return list(posts.values())


def looks_truncated(html: str) -> bool:
    """A whole page (it opens with a doctype or <html>) that never closes </html> was cut off."""
    head = html[:1024].lstrip().lower()
    whole_page = head.startswith(("<!doctype", "<html", "<?xml"))
    return whole_page and "</html>" not in html[-4096:].lower()


def parse_forum_page(
    html: str,
    *,
    url: str,
    source_id: str,
    settings: ForumSettings,
    now: datetime | None = None,
) -> ForumPage:
    soup = soup_of(html)
    selectors = settings.effective_selectors
    platform = settings.effective_platform
    page = ForumPage(truncated=looks_truncated(html))
    page.next_url = _next_url(soup, selectors, url)
    page_url = urldefrag(url)[0]
    elements = soup.select(selectors.post or "")
    if (
        not elements
        and settings.preset == "flashback"
        and soup.select_one('a[id^="thread_title_"]')
    ):
        page.listing = True
        page.posts = _flashback_listing(soup, page_url, source_id)
    elif not elements:
        raise ForumPageError(
            f"{url}: no posts matched {selectors.post!r}; the thread may be gone or the "
            "forum's layout changed"
        )
    host = urlsplit(page_url).hostname or "forum"
    thread_url = _thread_url(settings, page_url)
    posts: dict[str, ScrapedPost] = {}
    elements = elements[:MAX_POSTS_PER_PAGE]
    if page.truncated and elements:
        # The last post on a cut-off page may be incomplete: leave it out (read again next run).
        log.warning("%s: the page looks cut off (no </html>); its last post is left out", url)
        elements = elements[:-1]
    for element in elements:
        raw_id = _post_id(element, selectors, settings.preset)
        text = _post_text(element, selectors)
        if not raw_id or not text:
            continue
        if settings.preset == "flashback":
            external_id, link = f"flashback:p{raw_id}", f"{page_url}#p{raw_id}"
        else:
            external_id = f"{host}:{raw_id}"[:500]
            link = _absolute(_pick(element, selectors.link), page_url) if selectors.link else ""
            if not link:
                anchor = str(element.get("id") or "")
                link = f"{page_url}#{anchor}" if anchor else page_url
        author = tidy(_pick(element, selectors.author))
        posts[external_id] = ScrapedPost(
            source_id=source_id,
            platform=platform,
            external_id=external_id,
            url=link,
            text=text,
            author=author,
            author_name=author,
            published_at=parse_forum_date(_pick(element, selectors.date), settings.timezone, now),
            thread_url=thread_url,
        )
    if not page.listing:
        page.posts = list(posts.values())
    return page


def _thread_url(settings: ForumSettings, page_url: str) -> str:
    if settings.preset == "flashback":
        parts = urlsplit(page_url)
        return parts._replace(path=re.sub(r"(/t\d+)p\d+$", r"\1", parts.path)).geturl()
    return settings.start_url


def _page_number(url: str, fallback: int) -> int:
    match = re.search(r"/t\d+p(\d+)$", urlsplit(url).path)
    return int(match.group(1)) if match else fallback


def _id_number(post: ScrapedPost) -> int | None:
    return _numeric(post.external_id.rsplit(":", 1)[-1])


async def fetch_posts(http: HttpClient, source: ForumSettings, cursor: dict) -> FetchResult:
    """Read from the cursor's last page (else `url`) onwards, following next-page links."""
    start = source.start_url
    resume = cursor.get("thread") == start and isinstance(cursor.get("page_url"), str)
    page_url = cursor["page_url"] if resume else start
    page_number = int(cursor.get("page") or 1) if resume else 1
    last_post = cursor.get("last_post_id") if resume else None
    last_post = last_post if isinstance(last_post, int) else None
    now = datetime.now(UTC)

    posts: dict[str, ScrapedPost] = {}
    visited: set[str] = set()
    newest = last_post
    read_url, read_number = page_url, page_number
    listing = False
    for _ in range(source.max_pages):
        try:
            fetched = await http.get(page_url)
        except FetchError as exc:
            if resume and exc.status in (404, 410) and page_url != start and not visited:
                log.warning(
                    "%s: the saved page is gone (%s); starting again at %s", page_url, exc, start
                )
                page_url, page_number, last_post, resume = start, 1, None, False
                continue
            raise
        visited |= {page_key(page_url), page_key(fetched.url)}
        page = parse_forum_page(
            fetched.text(), url=fetched.url, source_id=source.id, settings=source, now=now
        )
        listing = page.listing
        page_number = _page_number(fetched.url, page_number)
        read_url, read_number = fetched.url, page_number
        for post in page.posts:
            number = _id_number(post)
            if last_post is not None and number is not None and number <= last_post:
                continue  # read on an earlier run
            posts[post.external_id] = post
            if number is not None and not listing:
                newest = number if newest is None else max(newest, number)
        if page.truncated or not page.next_url:
            break
        if urlsplit(page.next_url).hostname != urlsplit(fetched.url).hostname:
            log.warning(
                "%s: the next-page link leaves the site (%s); not followed", page_url, page.next_url
            )
            break
        if page_key(page.next_url) in visited:
            log.warning(
                "%s: the next-page link leads back to a page already read (%s); stopped paging",
                fetched.url,
                page.next_url,
            )
            break
        page_url, page_number = page.next_url, page_number + 1
    if listing:
        return FetchResult(list(posts.values()), {})
    cursor_out = {"thread": start, "page_url": read_url, "page": read_number}
    if newest is not None:
        cursor_out["last_post_id"] = newest
    return FetchResult(list(posts.values()), cursor_out)
