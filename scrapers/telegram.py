"""Telegram public channels, read from their web preview pages (`https://t.me/s/CHANNEL`).

No account, no API id, no MTProto session: the preview pages are public HTML, and tools that log
in break whenever Telegram changes its login rules. A page shows the ~20 newest messages; older
ones come from `?before=ID`. Each run pages backwards from the newest message until it reaches
the cursor's last seen id (or `max_pages`), and the next cursor is the highest id seen. A
"before" that does not go down (a broken page or a loop) stops the paging.

Per message (`div.tgme_widget_message[data-post="channel/123"]`):

- `external_id` is `channel/123` with the channel lowercased (usernames are case-insensitive and
  `data-post` keeps whatever capitalisation the owner chose), `url` is `https://t.me/channel/123`.
- `text` is the message text (`.tgme_widget_message_text`, not the quoted message of a reply),
  links kept as their text and `<br>` as newlines, then a poll's question and options, then a
  link preview's site, title and description.
- `author` is the channel's username, `author_name` its title, with "(vidarebefordrat från X)"
  for a forwarded message; `reply_to` is the link to the message replied to.
- `published_at` comes from `time[datetime]` (UTC); `media_urls` lists photos, videos and video
  thumbnails.

A message without an id, a date or any text (a photo without a caption, a block cut off by a
truncated page) is dropped; a cut-off block never advances the cursor.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urljoin, urlsplit

from bs4.element import Tag
from pydantic import Field, field_validator

from models.posts import FetchResult, ScrapedPost
from scrapers.http import FetchError, HttpClient
from scrapers.markup import element_text, soup_of
from scrapers.settings import SourceBase
from scrapers.text import parse_date, tidy

DEFAULT_BASE = "https://t.me"
PLATFORM = "telegram"
_DATA_POST = re.compile(r"^([A-Za-z0-9_]{1,64})/(\d{1,12})$")
_CHANNEL_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:t\.me|telegram\.me)/(?:s/)?@?([A-Za-z0-9_]+)/?$", re.I
)
_BACKGROUND = re.compile(r"background-image\s*:\s*url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", re.I)

log = logging.getLogger(__name__)


class TelegramSettings(SourceBase):
    """`{id: tg-x, kind: telegram, channel: somechannel, every: 15m}`

    `channel` is the public username (`somechannel`, `@somechannel` or a t.me link);
    `max_pages` (default 5) bounds how far back one run pages; `base_url` defaults to t.me.
    """

    kind: Literal["telegram"]
    channel: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
    max_pages: int = Field(5, ge=1, le=50)

    @field_validator("channel", mode="before")
    @classmethod
    def _username(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip()
            match = _CHANNEL_URL.match(value)
            if match:
                return match.group(1)
            return value.removeprefix("@")
        return value


class TelegramPageError(ValueError):
    """The page is not a channel preview page; the message names the page."""


@dataclass
class ChannelPage:
    posts: list[ScrapedPost] = field(default_factory=list)
    # Ids of every complete message on the page (with a date), kept as a post or not.
    ids: list[int] = field(default_factory=list)
    # The "older messages" link's id, if the page has one.
    before: int | None = None


def _absolute(href: str | None, base: str) -> str:
    if not href:
        return ""
    absolute = urljoin(base, href.strip())
    return absolute if urlsplit(absolute).scheme in ("http", "https") else ""


def _own_text(message: Tag) -> str:
    """The message's own text: the outermost text block that is not inside a quoted reply."""
    for block in message.select(".tgme_widget_message_text"):
        if block.find_parent(class_="tgme_widget_message_reply") is not None:
            continue
        if block.find_parent(class_="tgme_widget_message_text") is not None:
            continue
        return element_text(block)
    return ""


def _poll_text(message: Tag) -> str:
    poll = message.select_one(".tgme_widget_message_poll")
    if poll is None:
        return ""
    question = element_text(poll.select_one(".tgme_widget_message_poll_question"))
    lines = [question] if question else []
    for option in poll.select(".tgme_widget_message_poll_option"):
        label = element_text(option.select_one(".tgme_widget_message_poll_option_text"))
        percent = element_text(option.select_one(".tgme_widget_message_poll_option_percent"))
        if label:
            lines.append(f"- {label} ({percent})" if percent else f"- {label}")
    return "\n".join(lines)


def _preview_text(message: Tag) -> str:
    preview = message.select_one(".tgme_widget_message_link_preview")
    if preview is None:
        return ""
    parts = [
        element_text(preview.select_one(f".link_preview_{name}"))
        for name in ("site_name", "title", "description")
    ]
    return "\n".join(part for part in parts if part)


def _media(message: Tag, base: str) -> list[str]:
    found: list[str] = []
    for element in message.select(
        ".tgme_widget_message_photo_wrap[style], .tgme_widget_message_video_thumb[style]"
    ):
        match = _BACKGROUND.search(str(element.get("style", "")))
        if match:
            found.append(_absolute(match.group(1), base))
    for video in message.select("video[src]"):
        found.append(_absolute(str(video.get("src")), base))
    return [url for url in dict.fromkeys(found) if url]


def _author_name(message: Tag) -> str:
    owner = tidy(element_text(message.select_one(".tgme_widget_message_owner_name")))
    forwarded = tidy(element_text(message.select_one(".tgme_widget_message_forwarded_from_name")))
    if forwarded and forwarded != owner:
        return f"{owner} (vidarebefordrat från {forwarded})" if owner else forwarded
    return owner


def parse_channel_page(html: str, *, url: str, source_id: str) -> ChannelPage:
    """The messages on one t.me/s page; raise TelegramPageError if it is not such a page."""
    soup = soup_of(html)
    messages = soup.select(".tgme_widget_message[data-post]")
    if not messages and soup.select_one(".tgme_channel_info, .tgme_channel_history") is None:
        raise TelegramPageError(
            f"{url}: not a Telegram channel preview page (no messages and no channel header)"
        )
    page = ChannelPage()
    for message in messages:
        match = _DATA_POST.match(str(message.get("data-post", "")).strip())
        if not match:
            continue
        channel, number = match.group(1), int(match.group(2))
        stamp = message.select_one(
            ".tgme_widget_message_date time[datetime]"
        ) or message.select_one("time[datetime]")
        published = parse_date(str(stamp.get("datetime"))) if stamp is not None else None
        if published is None:
            continue  # cut off before its footer (truncated page) or not a message at all
        page.ids.append(number)
        text = "\n\n".join(
            part
            for part in (_own_text(message), _poll_text(message), _preview_text(message))
            if part
        )
        if not text:
            continue
        reply = message.select_one("a.tgme_widget_message_reply[href]")
        page.posts.append(
            ScrapedPost(
                source_id=source_id,
                platform=PLATFORM,
                external_id=f"{channel.lower()}/{number}",
                url=f"https://t.me/{channel}/{number}",
                text=text,
                author=channel,
                author_name=_author_name(message) or channel,
                published_at=published,
                reply_to=(_absolute(str(reply.get("href")), url) or None) if reply else None,
                media_urls=_media(message, url),
            )
        )
    more = soup.select_one(".tme_messages_more[data-before]")
    if more is not None and str(more.get("data-before", "")).isdigit():
        page.before = int(str(more.get("data-before")))
    return page


def _cursor_id(cursor: dict, channel: str) -> int:
    if str(cursor.get("channel", "")).lower() != channel.lower():
        return 0  # a cursor from another channel means nothing here
    value = cursor.get("last_id")
    return value if isinstance(value, int) and value > 0 else 0


async def fetch_posts(http: HttpClient, source: TelegramSettings, cursor: dict) -> FetchResult:
    """Page backwards from the newest message to the cursor's last id, at most max_pages pages."""
    last_id = _cursor_id(cursor, source.channel)
    page_url = f"{source.api_base(DEFAULT_BASE)}/s/{source.channel}"
    posts: dict[str, ScrapedPost] = {}
    seen: set[int] = set()
    highest = last_id
    before: int | None = None
    for page_number in range(1, source.max_pages + 1):
        fetched = await http.get(page_url, params={"before": before} if before else None)
        if "/s/" not in urlsplit(fetched.url).path:
            raise FetchError(
                f"{page_url}: channel {source.channel!r} has no public web preview "
                f"(redirected to {fetched.url})"
            )
        page = parse_channel_page(fetched.text(), url=fetched.url, source_id=source.id)
        new_ids = set(page.ids) - seen
        if not new_ids:
            break  # an empty page (the start of the channel) or the same page again
        seen |= new_ids
        highest = max(highest, *new_ids)
        for post in page.posts:
            if int(post.external_id.rsplit("/", 1)[1]) > last_id:
                posts[post.external_id] = post
        oldest = min(new_ids)
        if oldest <= last_id + 1:
            break  # reached what the previous run saw
        following = page.before if page.before is not None and page.before <= oldest else oldest
        if before is not None and following >= before:
            log.warning(
                "%s: the older-messages link does not go back (before=%s after before=%s); "
                "stopped paging",
                page_url,
                following,
                before,
            )
            break
        before = following
        if page_number == source.max_pages and last_id:
            log.info(
                "%s: stopped after %d pages before reaching message %d; the ones between are "
                "skipped",
                page_url,
                page_number,
                last_id,
            )
    ordered = sorted(posts.values(), key=lambda p: int(p.external_id.rsplit("/", 1)[1]))
    return FetchResult(ordered, {"channel": source.channel.lower(), "last_id": highest})
