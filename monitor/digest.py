"""The daily digest: one e-mail each morning to the communications list, counts and links only.

It says how much was flagged since the last digest, what is still open, which sources fail and
which alerts could not be delivered. It never carries post text, names or exposed details: an
e-mail is forwarded and read on phones, and communications staff see doxxing only masked. The
details stay in Socialvakt behind the links.

A sent digest is recorded as an audit event (`digest_sent`), so the service knows after a restart
whether today's has gone out: at most one a day (local date in `digest.timezone`), at `digest.at`
or, when the service was down then, at start-up.
"""

from __future__ import annotations

import html
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from models.enums import DeliveryStatus, Label, ReviewStatus, Severity, SourceHealth
from models.tables import Alert, AuditEvent, ReviewItem, Source
from monitor.config import DigestSettings, Settings, SmtpServerSettings
from monitor.db import session_scope
from monitor.mailserver import connect

log = logging.getLogger(__name__)

ACTION = "digest_sent"
ACTOR = "system"
TOP_ITEMS = 5
# A digest covers at least the last day and at most this far back (after a long outage).
LONGEST_WINDOW = timedelta(days=7)
# Failed alert deliveries are listed while the alert is this young.
FAILED_ALERTS_WINDOW = timedelta(days=7)
MAX_LISTED = 20
MAX_ERROR_CHARS = 200

CLOSED = frozenset({ReviewStatus.DISMISSED, ReviewStatus.REMOVED, ReviewStatus.REFUSED})
OPEN_STATUSES = [status for status in ReviewStatus if status not in CLOSED]

# The review UI's words (monitor/web/context.py), repeated so mail needs no web imports.
LABEL_SV = {"lvu_disinfo": "LVU-desinformation", "threat": "Hot", "doxxing": "Doxning"}
SEVERITY_SV = {
    "none": "Ingen",
    "low": "Låg",
    "medium": "Medel",
    "high": "Hög",
    "critical": "Kritisk",
}
STATUS_SV = {
    "new": "Ny",
    "in_review": "Granskas",
    "confirmed": "Bekräftad",
    "dismissed": "Avfärdad",
    "notice_sent": "Anmäld",
    "removed": "Borttagen",
    "refused": "Nekad",
    "still_online": "Ligger kvar",
    "escalated": "Eskalerad",
}
SEVERITIES = [s.value for s in reversed(Severity)]  # critical first
LABELS = [label.value for label in Label]


@dataclass(frozen=True, slots=True)
class TopItem:
    id: int
    link: str
    labels: tuple[str, ...]
    severity: str
    score: float
    platform: str
    source_id: str
    status: str


@dataclass(frozen=True, slots=True)
class FailingSource:
    id: str
    kind: str
    failures: int
    last_success_at: datetime | None
    last_error: str


@dataclass(frozen=True, slots=True)
class FailedAlert:
    id: int
    item_id: int
    link: str
    channel: str
    attempts: int
    last_error: str


@dataclass
class Digest:
    generated_at: datetime  # UTC
    since: datetime  # UTC
    zone: ZoneInfo
    public_url: str
    new_total: int = 0
    # (label, severity) → items; an item with two labels counts under both.
    new_by_label_severity: Counter = field(default_factory=Counter)
    open_by_status: dict[str, int] = field(default_factory=dict)
    top: list[TopItem] = field(default_factory=list)
    failing_sources: list[FailingSource] = field(default_factory=list)
    failed_alerts: list[FailedAlert] = field(default_factory=list)
    failed_alerts_total: int = 0
    retrying_alerts: int = 0

    def local(self, moment: datetime | None) -> str:
        if moment is None:
            return "aldrig"
        return as_utc(moment).astimezone(self.zone).strftime("%Y-%m-%d %H:%M")

    @property
    def day(self) -> str:
        return self.generated_at.astimezone(self.zone).strftime("%Y-%m-%d")

    @property
    def subject(self) -> str:
        flagged = "nytt flaggat ärende" if self.new_total == 1 else "nya flaggade ärenden"
        return f"[Socialvakt] Daglig sammanfattning {self.day}: {self.new_total} {flagged}"

    def label_total(self, label: str) -> int:
        return sum(n for (lab, _), n in self.new_by_label_severity.items() if lab == label)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back without a zone; we store UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _cap(text: str | None, limit: int = MAX_ERROR_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- when ----------------------------------------------------------------------------------------


def last_sent(engine: Engine) -> datetime | None:
    with session_scope(engine) as session:
        moment = session.execute(
            select(func.max(AuditEvent.at)).where(AuditEvent.action == ACTION)
        ).scalar_one_or_none()
    return as_utc(moment) if moment is not None else None


def is_due(settings: DigestSettings, last: datetime | None, now: datetime) -> bool:
    """At most one digest per local day: due once today's `at` has passed, or earlier when the
    last one is more than a day old (the service was down at that time). A first installation
    waits for `at`."""
    local_now = now.astimezone(settings.zone)
    if last is not None and last.astimezone(settings.zone).date() == local_now.date():
        return False
    if local_now.time() >= settings.at:
        return True
    return last is not None and now - last > timedelta(days=1)


def window_start(last: datetime | None, now: datetime) -> datetime:
    """The last day, or back to the previous digest when that is older (never past a week)."""
    start = now - timedelta(days=1)
    if last is not None and last < start:
        start = max(last, now - LONGEST_WINDOW)
    return start


# --- what ----------------------------------------------------------------------------------------


def build_digest(engine: Engine, settings: Settings, now: datetime | None = None) -> Digest:
    now = now or datetime.now(UTC)
    zone = settings.digest.zone if settings.digest else ZoneInfo("Europe/Stockholm")
    digest = Digest(now, window_start(last_sent(engine), now), zone, settings.public_url)
    link = f"{settings.public_url}/items/"
    configured = {source.id for source in settings.sources if source.enabled}
    with session_scope(engine) as session:
        new = ReviewItem.created_at >= digest.since
        for labels, severity, count in session.execute(
            select(ReviewItem.labels, ReviewItem.severity, func.count())
            .where(new)
            .group_by(ReviewItem.labels, ReviewItem.severity)
        ).all():
            digest.new_total += count
            for label in filter(None, labels.split(",")):
                digest.new_by_label_severity[(label, severity)] += count
        by_status = dict(
            session.execute(
                select(ReviewItem.status, func.count()).group_by(ReviewItem.status)
            ).all()
        )
        digest.open_by_status = {s.value: by_status.get(s.value, 0) for s in OPEN_STATUSES}
        digest.top = [
            TopItem(
                item.id,
                f"{link}{item.id}",
                tuple(filter(None, item.labels.split(","))),
                item.severity,
                item.score,
                item.platform,
                item.source_id,
                item.status,
            )
            for item in session.execute(
                select(ReviewItem)
                .where(new)
                .order_by(ReviewItem.score.desc(), ReviewItem.id.desc())
                .limit(TOP_ITEMS)
            ).scalars()
        ]
        digest.failing_sources = [
            FailingSource(
                row.id,
                row.kind,
                row.consecutive_failures,
                row.last_success_at,
                _cap(row.last_error),
            )
            for row in session.execute(
                select(Source)
                .where(Source.health == SourceHealth.FAILING.value)
                .order_by(Source.id)
            ).scalars()
            if row.id in configured
        ]
        failed = (Alert.status == DeliveryStatus.FAILED.value) & (
            Alert.created_at >= now - FAILED_ALERTS_WINDOW
        )
        digest.failed_alerts_total = session.execute(
            select(func.count()).select_from(Alert).where(failed)
        ).scalar_one()
        digest.failed_alerts = [
            FailedAlert(
                row.id,
                row.item_id,
                f"{link}{row.item_id}",
                row.channel,
                row.attempts,
                _cap(row.last_error),
            )
            for row in session.execute(
                select(Alert).where(failed).order_by(Alert.id.desc()).limit(MAX_LISTED)
            ).scalars()
        ]
        digest.retrying_alerts = session.execute(
            select(func.count())
            .select_from(Alert)
            .where(Alert.status == DeliveryStatus.PENDING.value, Alert.attempts > 0)
        ).scalar_one()
    return digest


def _labels_sv(labels: tuple[str, ...]) -> str:
    return ", ".join(LABEL_SV.get(label, label) for label in labels) or "–"


def _severity_sv(severity: str) -> str:
    return SEVERITY_SV.get(severity, severity)


def _describe(item: TopItem) -> str:
    """E.g. "Doxning, kritisk allvarlighetsgrad, telegram, poäng 0.97, ny"; no text, no names."""
    parts = [_labels_sv(item.labels)]
    if item.severity != Severity.NONE.value:
        parts.append(f"{_severity_sv(item.severity).lower()} allvarlighetsgrad")
    status = STATUS_SV.get(item.status, item.status).lower()
    parts += [item.platform, f"poäng {item.score:.2f}", status]
    return ", ".join(parts)


def render_text(digest: Digest) -> str:
    lines = [
        f"Socialvakt – daglig sammanfattning {digest.day}",
        "",
        f"Nya flaggade ärenden sedan {digest.local(digest.since)}: {digest.new_total}",
    ]
    for label in LABELS:
        parts = [
            f"{_severity_sv(sev)} {digest.new_by_label_severity[(label, sev)]}"
            for sev in SEVERITIES
            if digest.new_by_label_severity[(label, sev)] and sev != Severity.NONE.value
        ]
        detail = f" ({', '.join(parts)})" if parts else ""
        lines.append(f"  {LABEL_SV[label]}: {digest.label_total(label)}{detail}")
    lines += ["", "Öppna ärenden per status:"]
    lines += [f"  {STATUS_SV[s]}: {n}" for s, n in digest.open_by_status.items()]
    lines += ["", f"De {TOP_ITEMS} nya ärendena med högst poäng:"]
    if not digest.top:
        lines.append("  Inga nya ärenden.")
    for item in digest.top:
        lines.append(f"  #{item.id} {_describe(item)}")
        lines.append(f"    {item.link}")
    lines += ["", "Källor som inte fungerar:"]
    if not digest.failing_sources:
        lines.append("  Alla källor fungerar.")
    for source in digest.failing_sources:
        lines.append(
            f"  {source.id} ({source.kind}): {source.failures} misslyckade försök i rad, "
            f"senast lyckad {digest.local(source.last_success_at)}"
        )
        if source.last_error:
            lines.append(f"    Fel: {source.last_error}")
    lines += ["", "Larm som inte kunde levereras (senaste 7 dygnen):"]
    if not digest.failed_alerts_total:
        lines.append("  Inga.")
    for alert in digest.failed_alerts:
        lines.append(
            f"  Ärende #{alert.item_id} via {alert.channel}, {alert.attempts} försök: "
            f"{alert.last_error}"
        )
        lines.append(f"    {alert.link}")
    if digest.failed_alerts_total > len(digest.failed_alerts):
        lines.append(f"  … och {digest.failed_alerts_total - len(digest.failed_alerts)} till.")
    if digest.retrying_alerts:
        lines.append(f"  {digest.retrying_alerts} larm väntar på ett nytt leveransförsök.")
    lines += [
        "",
        f"Granskningskön: {digest.public_url}/queue",
        "Innehåll och personuppgifter visas bara i Socialvakt för behörig personal.",
        "",
    ]
    return "\n".join(lines)


def render_html(digest: Digest) -> str:
    """A plain HTML part; every value is escaped, links included."""
    e = html.escape

    def row(*cells: object, head: bool = False) -> str:
        tag = "th" if head else "td"
        return "<tr>" + "".join(f"<{tag}>{e(str(cell))}</{tag}>" for cell in cells) + "</tr>"

    def link(url: str, text: str) -> str:
        return f'<a href="{e(url)}">{e(text)}</a>'

    parts = [
        "<!DOCTYPE html>",
        '<html lang="sv"><head><meta charset="utf-8">',
        f"<title>{e(digest.subject)}</title></head><body>",
        f"<h1>Socialvakt – daglig sammanfattning {e(digest.day)}</h1>",
        f"<h2>Nya flaggade ärenden sedan {e(digest.local(digest.since))}: {digest.new_total}</h2>",
        '<table border="1" cellpadding="4" cellspacing="0">',
        row("Etikett", *(_severity_sv(s) for s in SEVERITIES), "Totalt", head=True),
    ]
    for label in LABELS:
        counts = [digest.new_by_label_severity[(label, sev)] for sev in SEVERITIES]
        parts.append(row(LABEL_SV[label], *counts, digest.label_total(label)))
    parts += ["</table>", "<h2>Öppna ärenden per status</h2>"]
    parts.append('<table border="1" cellpadding="4" cellspacing="0">')
    parts += [row(STATUS_SV[s], n) for s, n in digest.open_by_status.items()]
    parts += ["</table>", f"<h2>De {TOP_ITEMS} nya ärendena med högst poäng</h2>"]
    if digest.top:
        parts.append("<ol>")
        for item in digest.top:
            parts.append(f"<li>{link(item.link, f'Ärende #{item.id}')}: {e(_describe(item))}</li>")
        parts.append("</ol>")
    else:
        parts.append("<p>Inga nya ärenden.</p>")
    parts.append("<h2>Källor som inte fungerar</h2>")
    if digest.failing_sources:
        parts.append("<ul>")
        for source in digest.failing_sources:
            parts.append(
                f"<li>{e(source.id)} ({e(source.kind)}): {source.failures} misslyckade försök i "
                f"rad, senast lyckad {e(digest.local(source.last_success_at))}"
                + (f"<br>Fel: {e(source.last_error)}" if source.last_error else "")
                + "</li>"
            )
        parts.append("</ul>")
    else:
        parts.append("<p>Alla källor fungerar.</p>")
    parts.append("<h2>Larm som inte kunde levereras (senaste 7 dygnen)</h2>")
    if digest.failed_alerts:
        parts.append("<ul>")
        for alert in digest.failed_alerts:
            parts.append(
                f"<li>{link(alert.link, f'Ärende #{alert.item_id}')} via {e(alert.channel)}, "
                f"{alert.attempts} försök: {e(alert.last_error)}</li>"
            )
        parts.append("</ul>")
        if digest.failed_alerts_total > len(digest.failed_alerts):
            more = digest.failed_alerts_total - len(digest.failed_alerts)
            parts.append(f"<p>… och {more} till.</p>")
    else:
        parts.append("<p>Inga.</p>")
    if digest.retrying_alerts:
        parts.append(f"<p>{digest.retrying_alerts} larm väntar på ett nytt leveransförsök.</p>")
    parts += [
        f"<p>{link(digest.public_url + '/queue', 'Öppna granskningskön')}</p>",
        "<p>Innehåll och personuppgifter visas bara i Socialvakt för behörig personal.</p>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def build_email(digest: Digest, server: SmtpServerSettings, to: list[str]) -> EmailMessage:
    email = EmailMessage()
    email["Subject"] = digest.subject
    email["From"] = server.sender
    email["To"] = ", ".join(to)
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid("socialvakt-digest", domain=server.sender.split("@")[-1])
    email.set_content(render_text(digest))
    email.add_alternative(render_html(digest), subtype="html")
    return email


def _send(email: EmailMessage, server: SmtpServerSettings) -> None:
    with connect(server) as smtp:
        smtp.send_message(email)


# --- sending -------------------------------------------------------------------------------------


class DigestNotConfigured(Exception):  # noqa: N818  (reads better at the call site)
    """There is no `digest:` section (or no mail server) in config.yaml."""


def send_digest(engine: Engine, settings: Settings, now: datetime | None = None) -> Digest:
    """Build, send and record the digest now, whatever the time."""
    server = settings.digest_smtp
    if settings.digest is None or server is None:
        raise DigestNotConfigured("no digest: section in config.yaml (digest.to, digest.at …)")
    digest = build_digest(engine, settings, now)
    _send(build_email(digest, server, settings.digest.to), server)
    with session_scope(engine) as session:
        session.add(
            AuditEvent(
                at=digest.generated_at,
                actor=ACTOR,
                action=ACTION,
                note=f"{len(settings.digest.to)} mottagare, {digest.new_total} nya ärenden",
            )
        )
    log.info(
        "digest sent to %d recipient(s): %d new item(s)", len(settings.digest.to), digest.new_total
    )
    return digest


def send_if_due(engine: Engine, settings: Settings, now: datetime | None = None) -> bool:
    """The scheduled path: send unless today's digest has gone out (or is not yet due)."""
    if settings.digest is None:
        return False
    now = now or datetime.now(UTC)
    last = last_sent(engine)
    if not is_due(settings.digest, last, now):
        if last is not None and last.astimezone(settings.digest.zone).date() == (
            now.astimezone(settings.digest.zone).date()
        ):
            log.info("daily digest: today's was already sent at %s", last.isoformat())
        return False
    send_digest(engine, settings, now)
    return True
