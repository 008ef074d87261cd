"""RSS 2.0 and Atom feeds (news sites, blogs, YouTube channel feeds, forum feeds).

Parsed with lxml in a locked-down mode (no entities, no network, no huge trees), so a hostile feed
cannot read files or expand into gigabytes.
"""

from __future__ import annotations

import hashlib
from typing import Literal
from urllib.parse import urljoin

from lxml import etree
from pydantic import Field, HttpUrl

from models.posts import FetchResult, ScrapedPost
from scrapers.http import HttpClient, NotModified, conditional_headers
from scrapers.settings import SourceBase
from scrapers.text import html_to_text, parse_date, tidy

ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
DC_DATE = "{http://purl.org/dc/elements/1.1/}date"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
YT_VIDEO_ID = "{http://www.youtube.com/xml/schemas/2015}videoId"
MAX_ITEMS = 500


class RssSettings(SourceBase):
    """`{id: svt, kind: rss, url: "https://www.svt.se/nyheter/rss.xml", every: 30m}`"""

    kind: Literal["rss"]
    url: HttpUrl
    platform: str = Field("rss", pattern=r"^[a-z0-9_-]{1,32}$")


class FeedError(ValueError):
    """The document is not a feed we can read; the message says why and where."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        recover=False,
    )


def _parse_xml(body: bytes, charset: str | None, url: str) -> etree._Element:
    """Honour the XML declaration; without one, try the HTTP charset, then UTF-8, then Latin-1."""
    body = body.lstrip()  # real feeds sometimes put a blank line before the declaration
    head = body[:200]
    try:
        if head.startswith(b"<?xml") and b"encoding" in head.split(b"?>", 1)[0]:
            return etree.fromstring(body, _parser())
        for encoding in dict.fromkeys(filter(None, [charset, "utf-8", "cp1252"])):
            try:
                text = body.decode(encoding)
                break
            except (UnicodeDecodeError, LookupError):
                continue
        else:
            text = body.decode("latin-1")
        if text.startswith("<?xml"):
            text = text.split("?>", 1)[1]
        return etree.fromstring(text.encode("utf-8"), _parser())
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"{url}: malformed XML at line {exc.lineno}: {exc.msg}") from exc


def _text(element: etree._Element | None) -> str:
    return "".join(element.itertext()) if element is not None else ""


def _external_id(candidate: str, feed_url: str, fallback: str) -> str:
    """Prefer the item's own id; a bare id ('1234') is qualified by the feed so it stays unique."""
    candidate = candidate.strip()
    if not candidate:
        return "sha256:" + hashlib.sha256(fallback.encode()).hexdigest()
    if "://" in candidate or candidate.startswith(("urn:", "tag:", "yt:")):
        return candidate[:500]
    return f"{feed_url}#{candidate}"[:500]


def _compose(title: str, body: str) -> str:
    title, body = tidy(title), html_to_text(body)
    if title and body and not body.startswith(title):
        return f"{title}\n\n{body}"
    return body or title


def parse_feed(
    body: bytes, *, url: str, source_id: str, platform: str, charset: str | None = None
) -> list[ScrapedPost]:
    root = _parse_xml(body, charset, url)
    tag = etree.QName(root).localname
    if tag == "rss" or tag == "RDF":
        return _parse_rss(root, url, source_id, platform)
    if tag == "feed":
        return _parse_atom(root, url, source_id, platform)
    raise FeedError(f"{url}: not an RSS or Atom feed (root element <{tag}>)")


def _parse_rss(root: etree._Element, url: str, source_id: str, platform: str) -> list[ScrapedPost]:
    items = root.findall("./channel/item") or root.findall(".//{*}item")
    posts = []
    for item in items[:MAX_ITEMS]:
        link = urljoin(url, tidy(_text(item.find("link")) or _text(item.find("{*}link"))))
        title = _text(item.find("title")) or _text(item.find("{*}title"))
        body = (
            _text(item.find(CONTENT_ENCODED))
            or _text(item.find("description"))
            or _text(item.find("{*}description"))
        )
        text = _compose(title, body)
        if not text:
            continue
        author = tidy(_text(item.find(DC_CREATOR)) or _text(item.find("author")))
        posts.append(
            ScrapedPost(
                source_id=source_id,
                platform=platform,
                external_id=_external_id(_text(item.find("guid")) or link, url, text),
                url=link,
                text=text,
                author=author,
                author_name=author,
                published_at=parse_date(_text(item.find("pubDate")) or _text(item.find(DC_DATE))),
                media_urls=[
                    m.get("url") for m in item.iter(f"{MEDIA}content", "enclosure") if m.get("url")
                ],
            )
        )
    return posts


def _atom_link(entry: etree._Element, base: str) -> str:
    for link in entry.findall(f"{ATOM}link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return urljoin(base, link.get("href"))
    return ""


def _parse_atom(root: etree._Element, url: str, source_id: str, platform: str) -> list[ScrapedPost]:
    feed_author = tidy(_text(root.find(f"{ATOM}author/{ATOM}name")))
    posts = []
    for entry in root.findall(f"{ATOM}entry")[:MAX_ITEMS]:
        link = _atom_link(entry, url)
        title = _text(entry.find(f"{ATOM}title"))
        body = (
            _text(entry.find(f"{ATOM}content"))
            or _text(entry.find(f"{ATOM}summary"))
            or _text(entry.find(f"{MEDIA}group/{MEDIA}description"))
        )
        text = _compose(title, body)
        if not text:
            continue
        author = tidy(_text(entry.find(f"{ATOM}author/{ATOM}name"))) or feed_author
        video_id = _text(entry.find(YT_VIDEO_ID))
        posts.append(
            ScrapedPost(
                source_id=source_id,
                platform=platform,
                external_id=_external_id(_text(entry.find(f"{ATOM}id")) or link, url, text),
                url=link,
                text=text,
                author=author,
                author_name=author,
                published_at=parse_date(
                    _text(entry.find(f"{ATOM}published")) or _text(entry.find(f"{ATOM}updated"))
                ),
                media_urls=[f"https://www.youtube.com/watch?v={video_id}"] if video_id else [],
            )
        )
    return posts


async def fetch_posts(http: HttpClient, source: RssSettings, cursor: dict) -> FetchResult:
    """One conditional GET of the feed; an unchanged feed returns no posts and the same cursor."""
    try:
        fetched = await http.get(str(source.url), headers=conditional_headers(cursor))
    except NotModified:
        return FetchResult([], cursor)
    posts = parse_feed(
        fetched.body,
        url=fetched.url,
        source_id=source.id,
        platform=source.platform,
        charset=fetched.charset,
    )
    return FetchResult(posts, {**cursor, **fetched.validators()})
