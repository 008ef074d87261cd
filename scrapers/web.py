"""Any web page (blogs, news sites, comment sections) read with CSS selectors from the settings.

`selectors.post` picks each post on the page; `text`, `title`, `author`, `date` and `link` are
looked up inside it. `css@attr` takes an attribute instead of the text (`time@datetime`,
`a@href`), and a bare `@attr` reads the post element's own attribute. Links are made absolute
against the page; a post without a link gets a stable id from a hash of its text. Text keeps
words whole and right-to-left scripts exactly as written, so Arabic-language news sites read
correctly. Each page is fetched with a conditional GET; a selector that matches nothing is an
error (the site's layout has probably changed), not a silent empty result.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import soupsieve
from bs4 import BeautifulSoup
from bs4.element import Tag
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

from models.posts import FetchResult, ScrapedPost
from scrapers.http import HttpClient, NotModified, conditional_headers
from scrapers.markup import element_text, soup_of
from scrapers.settings import SourceBase, TimeZoneName
from scrapers.text import parse_date, tidy

MAX_POSTS_PER_PAGE = 500
_ATTR = re.compile(r"^(?P<css>.*?)\s*@(?P<attr>[A-Za-z_:][-A-Za-z0-9_:.]*)$")
# Arabic-Indic and Eastern Arabic-Indic digits, so "١٢/٠٥/٢٠٢٤" parses like "12/05/2024".
_OFFSET = re.compile(r"(Z|[+-]\d\d:?\d\d|GMT|UTC|[ECMP][SD]T)$", re.IGNORECASE)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


class WebParseError(ValueError):
    """The page did not have what the selectors describe; the message names the page."""


def split_selector(spec: str) -> tuple[str, str | None]:
    """`"time@datetime"` → ("time", "datetime"); `"a"` → ("a", None); `"@href"` → ("", "href")."""
    match = _ATTR.match(spec.strip())
    if match:
        return match["css"].strip(), match["attr"]
    return spec.strip(), None


class Selectors(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    post: str = Field(min_length=1)
    text: str | None = None
    title: str | None = None
    author: str | None = None
    date: str | None = None
    link: str | None = None

    @model_validator(mode="after")
    def _compile(self) -> Selectors:
        for name in ("post", "text", "title", "author", "date", "link"):
            spec = getattr(self, name)
            if spec is None:
                continue
            css, attr = split_selector(spec)
            if name == "post" and attr:
                raise ValueError("post: the post selector picks elements; no @attribute here")
            if not css and not attr:
                raise ValueError(f"{name}: empty selector")
            if css:
                try:
                    soupsieve.compile(css)
                except soupsieve.SelectorSyntaxError as exc:
                    reason = str(exc).splitlines()[0]
                    raise ValueError(f"{name}: not a valid CSS selector {css!r}: {reason}") from exc
        return self


class WebPageSettings(SourceBase):
    """`{id: site, kind: web, url: "https://…", selectors: {post: "article", text: ".body",
    date: "time@datetime"}, every: 1h}`

    `url` or `urls` (a list); optional `platform` (default `web`), `lang` (else the page's
    `<html lang>`), `date_format` (a strptime format for dates that are not ISO 8601 or RFC 822)
    and `timezone` (for dates without an offset, e.g. `Europe/Stockholm`; default UTC).
    """

    kind: Literal["web"]
    url: HttpUrl | None = None
    urls: list[HttpUrl] = Field(default_factory=list, max_length=100)
    selectors: Selectors
    platform: str = Field("web", pattern=r"^[a-z0-9_-]{1,32}$")
    lang: str | None = Field(None, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]+)?$")
    date_format: str | None = None
    timezone: TimeZoneName = "UTC"

    @model_validator(mode="after")
    def _pages(self) -> WebPageSettings:
        if not self.url and not self.urls:
            raise ValueError("set url or urls")
        return self

    @property
    def pages(self) -> list[str]:
        return list(dict.fromkeys(str(u) for u in ([self.url] if self.url else []) + self.urls))


def _pick(element: Tag, spec: str | None) -> str:
    """The text (or attribute) of the first match of `spec` inside `element`."""
    if not spec:
        return ""
    css, attr = split_selector(spec)
    found = element.select_one(css) if css else element
    if found is None:
        return ""
    if attr:
        value = found.get(attr)
        return " ".join(value) if isinstance(value, list) else str(value or "").strip()
    return element_text(found)


def _strptime_within(value: str, date_format: str) -> datetime | None:
    """strptime on the whole value, else on any run of words as long as the format
    ("Publicerad 2024-05-12 10:00" with "%Y-%m-%d %H:%M")."""
    words = value.split()
    width = max(1, len(date_format.split()))
    for start in range(0, max(1, len(words) - width + 1)):
        try:
            return datetime.strptime(" ".join(words[start : start + width]), date_format)
        except ValueError:
            continue
    return None


def parse_date_with(value: str, date_format: str | None, zone: str) -> datetime | None:
    """ISO 8601 or RFC 822 (or `date_format`); a date without an offset is in `zone`."""
    value = tidy(value.translate(_DIGITS))
    if not value:
        return None
    parsed: datetime | None = None
    if date_format:
        parsed = _strptime_within(value, date_format)
    if parsed is None:
        parsed = parse_date(value)
        if parsed is None:
            return None
        if zone != "UTC" and not _OFFSET.search(value):
            parsed = parsed.replace(tzinfo=ZoneInfo(zone))  # the wall-clock time was local
    elif parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(zone))
    return parsed.astimezone(UTC)


def _absolute(href: str, page_url: str) -> str:
    href = href.strip()
    if not href or href.startswith(("javascript:", "mailto:", "tel:", "data:")):
        return ""
    absolute = urljoin(page_url, href)
    return absolute if urlsplit(absolute).scheme in ("http", "https") else ""


def text_id(text: str) -> str:
    """A stable id for a post without a link: the same words give the same id on every run."""
    return "sha256:" + hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def parse_page(
    html: str | BeautifulSoup, *, url: str, source_id: str, settings: WebPageSettings
) -> list[ScrapedPost]:
    soup = html if isinstance(html, BeautifulSoup) else soup_of(html)
    selectors = settings.selectors
    root = soup.find("html")
    page_lang = settings.lang or (str(root.get("lang") or "") if isinstance(root, Tag) else "")
    lang = page_lang.split("-")[0].lower() or None
    elements = soup.select(selectors.post)
    if not elements:
        raise WebParseError(f"{url}: the post selector {selectors.post!r} matched nothing")
    posts: dict[str, ScrapedPost] = {}
    for element in elements[:MAX_POSTS_PER_PAGE]:
        if selectors.text:
            css, attr = split_selector(selectors.text)
            if attr:
                text = tidy(_pick(element, selectors.text))
            else:
                text = "\n\n".join(filter(None, (element_text(e) for e in element.select(css))))
        else:
            text = element_text(element)
        title = tidy(_pick(element, selectors.title))
        if title and not text.startswith(title):
            text = f"{title}\n\n{text}" if text else title
        if not text:
            continue
        link = _absolute(_pick(element, selectors.link), url) if selectors.link else ""
        author = tidy(_pick(element, selectors.author))
        published = _pick(element, selectors.date)
        post = ScrapedPost(
            source_id=source_id,
            platform=settings.platform,
            external_id=link or text_id(text),
            url=link or url,
            text=text,
            author=author,
            author_name=author,
            published_at=parse_date_with(published, settings.date_format, settings.timezone),
            lang=lang,
            # Comments linked by an anchor on the page itself belong to the page's thread.
            thread_url=url if link and link.split("#")[0] == url.split("#")[0] else None,
        )
        posts.setdefault(post.external_id, post)
    return list(posts.values())


async def fetch_posts(http: HttpClient, source: WebPageSettings, cursor: dict) -> FetchResult:
    """Every page, each with its own conditional GET; any page failing fails the run."""
    validators = cursor.get("pages") if isinstance(cursor.get("pages"), dict) else {}
    next_validators: dict[str, dict] = {}
    posts: dict[str, ScrapedPost] = {}
    for page in source.pages:
        known = validators.get(page) if isinstance(validators.get(page), dict) else {}
        try:
            fetched = await http.get(page, headers=conditional_headers(known))
        except NotModified:
            next_validators[page] = known
            continue
        # text() decodes by BOM, HTTP charset, the page's <meta charset>, then UTF-8.
        for post in parse_page(
            fetched.text(), url=fetched.url, source_id=source.id, settings=source
        ):
            posts.setdefault(post.external_id, post)
        next_validators[page] = fetched.validators()
    return FetchResult(list(posts.values()), {"pages": next_validators})
