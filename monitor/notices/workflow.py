"""Notices in the database: make one from an item, edit it, mark it sent, record what happened.

Every step is an audit event on the item, and status changes go through monitor/review.py, so
the workflow of models/enums.py holds: an item is marked `notice_sent` only from `confirmed` (or
again from `still_online` / `refused`, a second notice), and moves to `removed` or
`still_online` from there.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from models.enums import ReviewStatus, can_transition
from models.tables import AuditEvent, Classification, Post, ReviewItem, TakedownNotice
from monitor.config import Settings
from monitor.notices.facts import Facts, NoticeError, default_reason, facts_from_result
from monitor.notices.platforms import LANGS, Platform, PlatformTable
from monitor.notices.render import (
    MAX_BODY_CHARS,
    NoticeTemplates,
    Organisation,
    RenderedNotice,
    clean_urls,
    missing_elements,
)
from monitor.review import change_status

OUTCOMES = ("pending", "removed", "still_online", "refused")
# Items in these states may get a notice; `new`/`in_review` must be confirmed first.
NOTICE_STATES = {
    ReviewStatus.CONFIRMED,
    ReviewStatus.NOTICE_SENT,
    ReviewStatus.STILL_ONLINE,
    ReviewStatus.REFUSED,
    ReviewStatus.REMOVED,
    ReviewStatus.ESCALATED,
}
SPREAD_LIMIT = 500
SAME_SENDER_LIMIT = 50


@dataclass
class NoticeKit:
    """The platform table, the templates and the organisation, read from the settings.

    Built per use so an administrator's edits to templates or platforms.yaml apply at once.
    """

    table: PlatformTable
    templates: NoticeTemplates
    org: Organisation

    @classmethod
    def from_settings(cls, settings: Settings) -> NoticeKit:
        override = Path(settings.notices.template_dir) if settings.notices.template_dir else None
        org = settings.organisation
        return cls(
            PlatformTable.load(override),
            NoticeTemplates(override),
            Organisation(org.name, org.notifier_name, org.notifier_email),
        )

    def platform(self, key: str, lang: str, url: str) -> Platform:
        try:
            return self.table.get(key, lang, url)
        except KeyError as exc:
            raise NoticeError(f"Okänd plattform: {key!r}.") from exc


@dataclass
class ItemContext:
    """One item with what a notice needs: its post, classification and spread."""

    item: ReviewItem
    post: Post
    result: dict[str, Any]
    copies: int = 1
    accounts: int = 1
    duplicates: list[Post] = field(default_factory=list)
    same_sender_items: int = 0

    def default_facts(self) -> Facts:
        return facts_from_result(
            self.result,
            copies=self.copies,
            accounts=self.accounts,
            same_sender_items=self.same_sender_items,
        )

    def default_reason(self) -> str:
        return default_reason(self.item.labels, self.result)

    def duplicate_urls(self, table: PlatformTable, platform_key: str) -> list[str]:
        """Near-identical posts on the platform the notice goes to (others need their own)."""
        urls = [
            post.url
            for post in self.duplicates
            if table.default_for(post.platform, post.url) == platform_key
        ]
        return [url for url in clean_urls(urls) if url != self.post.url]


def latest_result(session: Session, post_id: int) -> dict[str, Any]:
    raw = session.execute(
        select(Classification.result_json)
        .where(Classification.post_id == post_id)
        .order_by(Classification.id.desc())
        .limit(1)
    ).scalar()
    try:
        return json.loads(raw) if raw else {}
    except ValueError:
        return {}


def load_context(session: Session, item_id: int) -> ItemContext:
    item = session.get(ReviewItem, item_id)
    if item is None:
        raise LookupError(item_id)
    post = session.get(Post, item.post_id)
    result = latest_result(session, post.id)
    context = ItemContext(item, post, result)
    if post.dup_group is not None:
        group = list(
            session.execute(
                select(Post)
                .where(Post.dup_group == post.dup_group, Post.id != post.id)
                .order_by(Post.id)
                .limit(SPREAD_LIMIT)
            ).scalars()
        )
        context.duplicates = group
        context.copies = 1 + len(group)
        authors = {(p.platform, p.author) for p in group + [post] if p.author}
        context.accounts = max(1, len(authors))
    staff = set((result.get("doxxing") or {}).get("staff_ids") or [])
    if post.author and staff:
        others = session.execute(
            select(Post.id)
            .join(ReviewItem, ReviewItem.post_id == Post.id)
            .where(
                Post.platform == post.platform,
                Post.author == post.author,
                Post.id != post.id,
                ReviewItem.status != ReviewStatus.DISMISSED.value,
            )
            .limit(SAME_SENDER_LIMIT)
        ).scalars()
        context.same_sender_items = sum(
            1
            for other in others
            if staff
            & set((latest_result(session, other).get("doxxing") or {}).get("staff_ids") or [])
        )
    return context


def render_for(
    kit: NoticeKit,
    context: ItemContext,
    *,
    reason: str,
    platform_key: str,
    lang: str,
    facts: Facts,
    extra_urls: list[str] | None = None,
) -> tuple[RenderedNotice, list[str]]:
    """The notice text for an item, and the URLs it quotes (the post's first)."""
    if lang not in LANGS:
        raise NoticeError(f"Okänt språk: {lang!r} (sv eller en).")
    allowed = set(context.duplicate_urls(kit.table, platform_key))
    urls = clean_urls([context.post.url] + [u for u in extra_urls or [] if u in allowed])
    if not urls:
        raise NoticeError(
            "Inlägget saknar en webbadress (http/https). En anmälan måste ange innehållets "
            "exakta adress."
        )
    platform = kit.platform(platform_key, lang, urls[0])
    rendered = kit.templates.render(
        reason=reason,
        lang=lang,
        urls=urls,
        platform=platform,
        org=kit.org,
        facts=facts,
        published_at=context.post.published_at,
        seen_at=context.post.last_seen_at,
    )
    return rendered, urls


def _event(session: Session, item_id: int, actor: str, action: str, note: str) -> None:
    session.add(AuditEvent(actor=actor, action=action, item_id=item_id, note=note[:5000]))


def create_notice(
    session: Session,
    kit: NoticeKit,
    context: ItemContext,
    *,
    reason: str,
    platform_key: str,
    lang: str,
    facts: Facts,
    actor: str,
    extra_urls: list[str] | None = None,
) -> TakedownNotice:
    if ReviewStatus(context.item.status) not in NOTICE_STATES:
        raise NoticeError("Bekräfta ärendet innan du skapar en anmälan.")
    rendered, urls = render_for(
        kit,
        context,
        reason=reason,
        platform_key=platform_key,
        lang=lang,
        facts=facts,
        extra_urls=extra_urls,
    )
    notice = TakedownNotice(
        item_id=context.item.id,
        reason=reason,
        platform=platform_key,
        lang=lang,
        body=rendered.body,
        subject=rendered.subject,
        urls_json=json.dumps(urls),
        facts_json=json.dumps(facts.to_dict(), ensure_ascii=False),
        created_by=actor[:128],
    )
    session.add(notice)
    session.flush()
    _event(
        session,
        context.item.id,
        actor,
        "notice_created",
        f"Anmälan {notice.id} ({reason}, {platform_key}, {lang})",
    )
    return notice


def regenerate(
    session: Session,
    kit: NoticeKit,
    context: ItemContext,
    notice: TakedownNotice,
    *,
    facts: Facts,
    lang: str,
    actor: str,
    extra_urls: list[str] | None = None,
) -> RenderedNotice:
    """A new text from changed facts; the reviewer's manual edits are replaced."""
    _require_draft(notice)
    rendered, urls = render_for(
        kit,
        context,
        reason=notice.reason,
        platform_key=notice.platform,
        lang=lang,
        facts=facts,
        extra_urls=extra_urls,
    )
    notice.body, notice.subject, notice.lang = rendered.body, rendered.subject, lang
    notice.urls_json = json.dumps(urls)
    notice.facts_json = json.dumps(facts.to_dict(), ensure_ascii=False)
    notice.updated_at = datetime.now(UTC)
    session.add(notice)
    _event(session, notice.item_id, actor, "notice_regenerated", f"Anmälan {notice.id}")
    return rendered


def save_body(session: Session, notice: TakedownNotice, body: str, actor: str) -> None:
    _require_draft(notice)
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise NoticeError("Anmälan får inte vara tom.")
    if len(body) > MAX_BODY_CHARS:
        raise NoticeError(f"Anmälan är för lång (högst {MAX_BODY_CHARS} tecken).")
    if body + "\n" == notice.body:
        return
    notice.body = body + "\n"
    notice.updated_at = datetime.now(UTC)
    session.add(notice)
    _event(session, notice.item_id, actor, "notice_edited", f"Anmälan {notice.id}")


def _require_draft(notice: TakedownNotice) -> None:
    if notice.sent_at is not None:
        raise NoticeError("Anmälan är redan skickad och kan inte ändras. Skapa en ny vid behov.")


def urls_of(notice: TakedownNotice) -> list[str]:
    try:
        return [u for u in json.loads(notice.urls_json or "[]") if isinstance(u, str)]
    except ValueError:
        return []


def facts_of(notice: TakedownNotice) -> Facts:
    try:
        return Facts.from_dict(json.loads(notice.facts_json or "{}"))
    except (ValueError, TypeError):
        return Facts()


def missing(notice: TakedownNotice, kit: NoticeKit) -> list[str]:
    return missing_elements(notice.body, urls_of(notice), kit.org, notice.lang)


def mark_sent(
    session: Session, notice: TakedownNotice, *, when: datetime, channel: str, actor: str
) -> None:
    """Record that the notice went out; the item moves to `notice_sent`."""
    _require_draft(notice)
    channel = " ".join(channel.split())[:128]
    if not channel:
        raise NoticeError("Ange vilken kanal anmälan skickades via.")
    now = datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if when > now + timedelta(minutes=5):
        raise NoticeError("Datumet för när anmälan skickades kan inte ligga i framtiden.")
    item = session.get(ReviewItem, notice.item_id)
    current = ReviewStatus(item.status)
    note = f"Anmälan {notice.id} till {notice.platform} skickad via {channel}"
    if current == ReviewStatus.NOTICE_SENT:
        _event(session, item.id, actor, "notice_sent", note)
    elif can_transition(current, ReviewStatus.NOTICE_SENT):
        change_status(session, item, ReviewStatus.NOTICE_SENT, actor, note)
    else:
        raise NoticeError(
            "Ärendet måste vara bekräftat innan en anmälan markeras som skickad "
            f"(nu: {current.value})."
        )
    notice.sent_at = when
    notice.channel = channel
    notice.outcome = "pending"
    session.add(notice)


TARGET = {
    "removed": ReviewStatus.REMOVED,
    "still_online": ReviewStatus.STILL_ONLINE,
    "refused": ReviewStatus.REFUSED,
}


def record_outcome(
    session: Session,
    notice: TakedownNotice,
    outcome: str,
    *,
    actor: str,
    note: str,
    now: datetime | None = None,
) -> str | None:
    """Set a sent notice's outcome and move its item; returns the item's new status, if any."""
    if outcome not in TARGET:
        raise NoticeError(f"Okänt utfall: {outcome!r}.")
    if notice.sent_at is None:
        raise NoticeError("Anmälan är inte markerad som skickad.")
    now = now or datetime.now(UTC)
    notice.outcome = outcome
    if outcome == "removed":
        notice.removed_at = notice.removed_at or now
    else:
        notice.removed_at = None
    session.add(notice)
    item = session.get(ReviewItem, notice.item_id)
    current, target = ReviewStatus(item.status), TARGET[outcome]
    if current != target and can_transition(current, target):
        change_status(session, item, target, actor, note)
        return target.value
    _event(session, item.id, actor, "notice_outcome", f"Anmälan {notice.id}: {outcome}. {note}")
    return None


# --- overview --------------------------------------------------------------------------------


@dataclass
class PlatformStats:
    platform: str
    drafts: int = 0
    sent: int = 0
    pending: int = 0
    removed: int = 0
    still_online: int = 0
    refused: int = 0
    removal_times: list[timedelta] = field(default_factory=list)

    @property
    def median_removal(self) -> timedelta | None:
        if not self.removal_times:
            return None
        return timedelta(seconds=statistics.median(t.total_seconds() for t in self.removal_times))

    @property
    def removal_rate(self) -> float | None:
        decided = self.removed + self.still_online + self.refused
        return self.removed / decided if decided else None


def removal_time(notice: TakedownNotice) -> timedelta | None:
    if notice.sent_at is None or notice.removed_at is None:
        return None
    return max(timedelta(0), _aware(notice.removed_at) - _aware(notice.sent_at))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def overview(
    session: Session, recent: int = 100
) -> tuple[list[PlatformStats], PlatformStats, list]:
    """Notices by platform and outcome with median removal time, a total, and the latest."""
    by_platform: dict[str, PlatformStats] = {}
    total = PlatformStats("Alla")
    for notice in session.execute(select(TakedownNotice)).scalars():
        for stats in (
            by_platform.setdefault(notice.platform, PlatformStats(notice.platform)),
            total,
        ):
            if notice.sent_at is None:
                stats.drafts += 1
                continue
            stats.sent += 1
            outcome = notice.outcome if notice.outcome in OUTCOMES else "pending"
            setattr(stats, outcome, getattr(stats, outcome) + 1)
            if (took := removal_time(notice)) is not None:
                stats.removal_times.append(took)
    latest = list(
        session.execute(
            select(TakedownNotice, ReviewItem.status)
            .join(ReviewItem, ReviewItem.id == TakedownNotice.item_id)
            .order_by(func.coalesce(TakedownNotice.sent_at, TakedownNotice.created_at).desc())
            .limit(recent)
        ).all()
    )
    return sorted(by_platform.values(), key=lambda s: (-s.sent, s.platform)), total, latest


def format_duration(value: timedelta | None) -> str:
    """'3 d 4 h', '5 h 10 min', '12 min': how long removal took, in Swedish units."""
    if value is None:
        return "–"
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"
