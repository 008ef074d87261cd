"""Follow-up: is a noticed post still online? Checked on a schedule, through the polite client.

For each sent notice whose item waits for an outcome (`notice_sent` or `still_online`), the post's
address is fetched again:

- **removed**: HTTP 404, 410 or 451, or a page that says the content is gone (a marker from
  platforms.yaml, or a common "page not found" text) and no longer shows the post. The notice
  gets `removed_at` and the item moves to `removed`.
- **online**: HTTP 200 and the post's own words still on the page. After
  `notices.still_online_after` (the platform's time to act) the item moves to `still_online`.
- **unavailable**: anything else (network errors, 5xx, a login wall, robots.txt, a page that
  cannot be read). Nothing changes; the next run tries again.

Status changes are audit events by the actor "system". Nothing personal is logged.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bs4 import BeautifulSoup
from sqlalchemy import or_, select
from sqlalchemy.engine import Engine

from models.enums import ReviewStatus
from models.tables import Post, ReviewItem, TakedownNotice
from monitor.config import Settings
from monitor.db import session_scope
from monitor.notices.render import clean_urls
from monitor.notices.workflow import NoticeKit, record_outcome, urls_of
from scrapers.http import FetchError, HttpClient, NotModified, RobotsDisallowed

log = logging.getLogger(__name__)

ACTOR = "system"
CHECK_MAX_BYTES = 4 * 1024 * 1024
CONCURRENCY = 4
PROBE_WORDS = 6
# Soft-404 wording of many sites; only believed when the post's own words are gone too.
GENERIC_MARKERS = (
    "Page not found",
    "This page could not be found",
    "This content is no longer available",
    "Sidan kunde inte hittas",
    "Sidan finns inte",
    "Sidan hittades inte",
    "Innehållet har tagits bort",
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class CheckResult:
    state: str  # "online", "removed" or "unavailable"
    note: str


@dataclass(frozen=True)
class Due:
    notice_id: int
    item_id: int
    platform: str
    lang: str
    url: str
    text: str


@dataclass
class RecheckStats:
    checked: int = 0
    removed: int = 0
    still_online: int = 0
    unavailable: int = 0


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def page_text(body: str, content_type: str) -> str:
    """The visible text of a page plus its preview tags (og:description carries a post's text)."""
    if "json" in content_type:
        try:
            return " ".join(_strings(json.loads(body)))
        except ValueError:
            return body
    soup = BeautifulSoup(body, "lxml")
    previews = [
        tag.get("content", "")
        for tag in soup.find_all("meta")
        if (tag.get("property") or tag.get("name") or "").lower()
        in ("og:description", "og:title", "description", "twitter:description")
    ]
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    return " ".join([soup.get_text(" ")] + [p for p in previews if isinstance(p, str)])


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def content_present(post_text: str, page: str) -> bool | None:
    """Whether the post's words are on the page: a run of six words from its start, middle or
    end. None when the post is too short to tell."""
    words = _words(post_text)
    if len(words) < 3:
        return None
    size = min(PROBE_WORDS, len(words))
    starts = {0, max(0, (len(words) - size) // 2), len(words) - size}
    haystack = " " + " ".join(_words(page)) + " "
    return any(" " + " ".join(words[s : s + size]) + " " in haystack for s in starts)


def _marker(page: str, markers: tuple[str, ...]) -> str | None:
    folded = page.casefold()
    for marker in tuple(markers) + GENERIC_MARKERS:
        if marker and marker.casefold() in folded:
            return marker
    return None


def _check_target(url: str, check_query: str | None) -> str:
    if not check_query:
        return url
    return url + ("&" if "?" in url else "?") + check_query


async def check_url(
    http: HttpClient,
    url: str,
    post_text: str,
    markers: tuple[str, ...] = (),
    check_query: str | None = None,
) -> CheckResult:
    try:
        fetched = await http.get(_check_target(url, check_query), max_bytes=CHECK_MAX_BYTES)
    except RobotsDisallowed as exc:
        if "could not be read" in str(exc):  # the host did not answer at all (scrapers/http.py)
            return CheckResult("unavailable", "nätverksfel; försöker igen senare")
        return CheckResult("unavailable", "robots.txt tillåter inte kontrollen; kontrollera själv")
    except FetchError as exc:
        if exc.status in (404, 410):
            return CheckResult("removed", f"HTTP {exc.status}")
        if exc.status == 451:
            return CheckResult("removed", "HTTP 451: spärrat av rättsliga skäl")
        if exc.status is not None:
            return CheckResult("unavailable", f"HTTP {exc.status}; försöker igen senare")
        return CheckResult("unavailable", "nätverksfel; försöker igen senare")
    except NotModified:
        return CheckResult("unavailable", "oväntat svar (304); försöker igen senare")
    page = page_text(fetched.text(), fetched.headers.get("content-type", "").lower())
    present = content_present(post_text, page)
    if present:
        return CheckResult("online", f"HTTP {fetched.status}: inlägget ligger kvar")
    if (marker := _marker(page, markers)) is not None:
        return CheckResult("removed", f'HTTP {fetched.status}: sidan säger "{marker[:60]}"')
    return CheckResult(
        "unavailable", f"HTTP {fetched.status}, men inlägget kunde inte hittas på sidan"
    )


def due_checks(engine: Engine, now: datetime, every: timedelta) -> list[Due]:
    """The latest sent notice of each item that still waits for an outcome, if not just checked."""
    recent = now - every / 2
    waiting = (ReviewStatus.NOTICE_SENT.value, ReviewStatus.STILL_ONLINE.value)
    with session_scope(engine) as session:
        rows = session.execute(
            select(TakedownNotice, Post.text, Post.url)
            .join(ReviewItem, ReviewItem.id == TakedownNotice.item_id)
            .join(Post, Post.id == ReviewItem.post_id)
            .where(
                TakedownNotice.sent_at.is_not(None),
                or_(
                    TakedownNotice.outcome.in_(("pending", "still_online")),
                    TakedownNotice.outcome.is_(None),  # sent before migration 0002
                ),
                ReviewItem.status.in_(waiting),
            )
            .order_by(TakedownNotice.sent_at.desc(), TakedownNotice.id.desc())
        ).all()
        due: list[Due] = []
        seen_items: set[int] = set()
        for notice, text, post_url in rows:
            if notice.item_id in seen_items:
                continue
            seen_items.add(notice.item_id)
            checked = notice.last_checked_at
            if checked is not None and _aware(checked) > recent:
                continue
            # a notice from before migration 0002 has no stored URLs: its post's address
            url = (urls_of(notice) or clean_urls([post_url]) or [None])[0]
            if url:
                due.append(Due(notice.id, notice.item_id, notice.platform, notice.lang, url, text))
        return due


def apply_check(
    engine: Engine, due: Due, result: CheckResult, now: datetime, grace: timedelta
) -> str | None:
    """Store one check's finding; returns the item's new status when it moved."""
    with session_scope(engine) as session:
        notice = session.get(TakedownNotice, due.notice_id)
        if notice is None or notice.outcome not in (None, "pending", "still_online"):
            return None  # a reviewer decided while the check ran
        notice.last_checked_at = now
        notice.last_check_note = result.note[:200]
        session.add(notice)
        if result.state == "removed":
            return record_outcome(
                session, notice, "removed", actor=ACTOR, note=f"Kontroll: {result.note}", now=now
            )
        waited = now - _aware(notice.sent_at) >= grace
        if result.state == "online" and notice.outcome in (None, "pending") and waited:
            return record_outcome(
                session,
                notice,
                "still_online",
                actor=ACTOR,
                note=f"Kontroll: {result.note}",
                now=now,
            )
        return None


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def recheck_notices(
    engine: Engine, http: HttpClient, settings: Settings, now: datetime | None = None
) -> RecheckStats:
    """One follow-up round over every notice that waits for an outcome."""
    now = now or datetime.now(UTC)
    due = await asyncio.to_thread(due_checks, engine, now, settings.notices.recheck_every)
    stats = RecheckStats()
    if not due:
        return stats
    kit = await asyncio.to_thread(NoticeKit.from_settings, settings)
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(item: Due) -> None:
        try:
            platform = kit.table.get(item.platform, item.lang, item.url)
            markers, query = platform.removed_markers, platform.check_query
        except KeyError:  # the platform was removed from platforms.yaml
            markers, query = (), None
        async with gate:
            result = await check_url(http, item.url, item.text, markers, query)
        moved = await asyncio.to_thread(
            apply_check, engine, item, result, now, settings.notices.still_online_after
        )
        stats.checked += 1
        if result.state == "unavailable":
            stats.unavailable += 1
        elif moved == ReviewStatus.REMOVED.value:
            stats.removed += 1
        elif moved == ReviewStatus.STILL_ONLINE.value:
            stats.still_online += 1

    await asyncio.gather(*(one(item) for item in due))
    log.info(
        "notice follow-up: %d checked, %d removed, %d still online, %d could not be checked",
        stats.checked,
        stats.removed,
        stats.still_online,
        stats.unavailable,
    )
    return stats
