"""Delivering queued alerts: every alert reaches its channel, and a resend counts as one.

The pipeline writes one Alert row per (item, channel) in the same transaction as the item, and the
unique key on that pair is what stops a second alert for the same item.

One delivery is a small state machine, each step its own short transaction:

    pending --claim--> sending --network call--> sent | pending (retry with backoff) | failed

The claim (status `sending`, attempts + 1, a lease in `next_attempt_at`) is committed before the
network call, as a compare-and-set on status and attempts, so two dispatchers (the scheduled job
and the one after a scrape, or two processes) never send one alert at the same time. The outcome
is stored only by the claim that made the call. If the process dies between claim and outcome,
nobody knows whether the receiver got it: at the next start (or when the lease runs out) the alert
is claimed again and sent with the same e-mail Message-ID and webhook delivery id, on which the
receiver de-duplicates. Killed before its claim, an alert is still pending and is sent once.
"""

from __future__ import annotations

import json
import logging
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from models.enums import DeliveryStatus, Label, Severity
from models.tables import Alert, Classification, Post, ReviewItem
from monitor import metrics
from monitor.alerts.email import send_email
from monitor.alerts.message import AlertMessage, exposed_kinds
from monitor.alerts.webhook import send_webhook
from monitor.config import Settings
from monitor.db import session_scope

log = logging.getLogger(__name__)

FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
BATCH = 100
# How long a claim is held before another dispatcher may take the alert over. Far longer than a
# delivery takes (SMTP and webhook timeouts are 15 s a step); a restart does not wait for it.
LEASE = timedelta(minutes=10)
PENDING, SENDING = DeliveryStatus.PENDING.value, DeliveryStatus.SENDING.value
SENT, FAILED = DeliveryStatus.SENT.value, DeliveryStatus.FAILED.value

# Staff ids → how the security unit knows them ("Åsa Lindqvist, socialsekreterare").
StaffNames = Callable[[list[str]], list[str]]


@dataclass(slots=True)
class DeliveryStats:
    sent: int = 0
    failed: int = 0


@dataclass(frozen=True, slots=True)
class _Claim:
    alert_id: int
    channel: str
    # The attempts count this claim wrote: only the claim holding it may store the outcome.
    attempt: int


def retry_delay(attempts: int) -> timedelta:
    delay = min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)
    return delay + timedelta(seconds=random.uniform(0, delay.total_seconds() / 10))


def interrupted_note(attempt: int) -> str:
    return (
        f"attempt {attempt} was interrupted (the process stopped during the delivery); "
        "whether it arrived is unknown"
    )


def compose(
    item: ReviewItem, post: Post, result: dict, link: str, staff_names: StaffNames
) -> AlertMessage:
    labels = set(item.labels.split(","))
    kind = "+".join(k for k in (Label.DOXXING.value, Label.THREAT.value) if k in labels) or "threat"
    doxxing = result.get("doxxing", {})
    severity = Severity(doxxing.get("severity", "none"))
    if Label.THREAT.value in labels and not severity.at_least(Severity.HIGH):
        severity = Severity.HIGH
    affected = staff_names(list(doxxing.get("staff_ids", [])))
    for person in doxxing.get("persons", []):
        if person.get("staff_id") is None and person.get("name_span"):
            start, end = person["name_span"]
            affected.append(f"{post.text[start:end][:80]} (inte i personalregistret)")
    return AlertMessage(
        item_id=item.id,
        link=link,
        kind=kind,
        severity=severity,
        platform=post.platform,
        affected=tuple(dict.fromkeys(affected)),
        exposed=exposed_kinds(doxxing.get("pii", [])),
    )


class AlertDispatcher:
    def __init__(self, engine: Engine, settings: Settings, staff_names: StaffNames) -> None:
        self.engine = engine
        self.settings = settings
        self.staff_names = staff_names

    # -- the state machine ---------------------------------------------------------------------

    def recover_interrupted(self) -> int:
        """At start-up: what a dead process left `sending` is due now, not after its lease.

        Only one service runs per database; if a second one did, its in-flight delivery would be
        sent once more with the same ids, which the receiver counts as one.
        """
        with session_scope(self.engine) as session:
            count = session.execute(
                update(Alert)
                .where(Alert.status == SENDING)
                .values(next_attempt_at=datetime.now(UTC))
                .execution_options(synchronize_session=False)
            ).rowcount
        if count:
            log.warning(
                "%d alert deliveries were interrupted by a stop; sending them again with the "
                "same Message-ID / delivery id",
                count,
            )
        return count

    def deliver_due(self, now: datetime | None = None) -> DeliveryStats:
        now = now or datetime.now(UTC)
        stats = DeliveryStats()
        with session_scope(self.engine) as session:
            due = (
                session.execute(
                    select(Alert.id)
                    .where(Alert.status.in_((PENDING, SENDING)), Alert.next_attempt_at <= now)
                    .order_by(Alert.id)
                    .limit(BATCH)
                )
                .scalars()
                .all()
            )
        for alert_id in due:
            try:
                outcome = self._deliver_one(alert_id, now)
            except Exception:  # the database, not the channel: the lease brings the alert back
                log.exception("alert %d: its delivery state could not be stored", alert_id)
                stats.failed += 1
                continue
            if outcome is True:
                stats.sent += 1
            elif outcome is False:
                stats.failed += 1
        return stats

    def _deliver_one(self, alert_id: int, now: datetime) -> bool | None:
        """True when sent, False when it failed (and will be retried), None when not ours."""
        claim = self._claim(alert_id, now)
        if claim is None:
            return None
        try:
            message = self._compose(alert_id)
            self._deliver(claim.channel, message, alert_id)
        except Exception as exc:  # every failure is kept on the row and retried
            self._record_failure(claim, exc)
            return False
        self._store(claim, status=SENT, sent_at=datetime.now(UTC), last_error=None)
        metrics.ALERT_DELIVERIES.inc(channel=claim.channel, status="sent")
        log.info("alert %d for item %d sent via %s", alert_id, message.item_id, claim.channel)
        return True

    def _claim(self, alert_id: int, now: datetime) -> _Claim | None:
        """Mark the alert `sending` (committed) before any network call; None if not due/ours."""
        max_attempts = self.settings.alerts.max_attempts
        with session_scope(self.engine) as session:
            row = session.execute(
                select(Alert.status, Alert.attempts, Alert.channel).where(Alert.id == alert_id)
            ).one_or_none()
            if row is None or row.status not in (PENDING, SENDING):
                return None
            interrupted = row.status == SENDING
            values: dict = {
                "status": SENDING,
                "attempts": row.attempts + 1,
                "next_attempt_at": now + LEASE,
            }
            if interrupted:
                values["last_error"] = interrupted_note(row.attempts)
                if row.attempts >= max_attempts:
                    values = {"status": FAILED, "last_error": interrupted_note(row.attempts)}
            claimed = session.execute(
                update(Alert)
                .where(
                    Alert.id == alert_id,
                    Alert.status == row.status,
                    Alert.attempts == row.attempts,
                    Alert.next_attempt_at <= now,
                )
                .values(**values)
                .execution_options(synchronize_session=False)
            ).rowcount
        if claimed != 1:
            return None
        if values["status"] == FAILED:
            metrics.ALERT_DELIVERIES.inc(channel=row.channel, status="failed")
            log.warning(
                "alert %d via %s: %s; no attempts left",
                alert_id,
                row.channel,
                interrupted_note(row.attempts),
            )
            return None
        if interrupted:
            log.warning(
                "alert %d via %s: %s; sending it again with the same Message-ID / delivery id",
                alert_id,
                row.channel,
                interrupted_note(row.attempts),
            )
        return _Claim(alert_id, row.channel, row.attempts + 1)

    def _record_failure(self, claim: _Claim, exc: Exception) -> None:
        error = self._scrub(f"{type(exc).__name__}: {exc}")[:1000]
        gave_up = claim.attempt >= self.settings.alerts.max_attempts
        self._store(
            claim,
            status=FAILED if gave_up else PENDING,
            last_error=error,
            next_attempt_at=datetime.now(UTC) + retry_delay(claim.attempt),
        )
        outcome = "failed" if gave_up else "retry"
        metrics.ALERT_DELIVERIES.inc(channel=claim.channel, status=outcome)
        log.warning(
            "alert %d via %s failed (attempt %d): %s",
            claim.alert_id,
            claim.channel,
            claim.attempt,
            error,
        )

    def _store(self, claim: _Claim, **values) -> None:
        """The outcome, if the claim is still ours (a lease that ran out was taken over)."""
        with session_scope(self.engine) as session:
            stored = session.execute(
                update(Alert)
                .where(
                    Alert.id == claim.alert_id,
                    Alert.status == SENDING,
                    Alert.attempts == claim.attempt,
                )
                .values(**values)
                .execution_options(synchronize_session=False)
            ).rowcount
        if stored != 1:
            log.warning(
                "alert %d: attempt %d outlived its claim; the attempt that took over records "
                "the outcome",
                claim.alert_id,
                claim.attempt,
            )

    # -- composing and sending -----------------------------------------------------------------

    def _compose(self, alert_id: int) -> AlertMessage:
        with session_scope(self.engine) as session:
            alert = session.get(Alert, alert_id)
            item = session.get(ReviewItem, alert.item_id) if alert else None
            post = session.get(Post, item.post_id) if item else None
            if post is None:
                raise LookupError(f"alert {alert_id}: its item or post is no longer stored")
            result_json = (
                session.execute(
                    select(Classification.result_json)
                    .where(Classification.post_id == post.id)
                    .order_by(Classification.id.desc())
                )
                .scalars()
                .first()
            )
            link = f"{self.settings.public_url}/items/{item.id}"
            return compose(item, post, json.loads(result_json or "{}"), link, self.staff_names)

    def _deliver(self, channel: str, message: AlertMessage, alert_id: int) -> None:
        alerts = self.settings.alerts
        if channel == "email" and alerts.email is not None:
            send_email(message, alerts.email, alert_id)
            return
        for hook in alerts.webhooks:
            if channel == f"webhook:{hook.name}":
                send_webhook(message, hook, alert_id, self.delivery_id(alert_id))
                return
        raise LookupError(f"channel {channel!r} is no longer configured")

    def delivery_id(self, alert_id: int) -> str:
        """Stable per alert and unique across installations that post to one receiver."""
        host = urlsplit(self.settings.public_url).hostname or "socialvakt"
        return f"socialvakt-alert-{alert_id}@{host}"

    def _scrub(self, text: str) -> str:
        alerts = self.settings.alerts
        secrets = [alerts.email.password] if alerts.email else []
        secrets += [os.environ.get(hook.token_env) for hook in alerts.webhooks if hook.token_env]
        return scrub(text, secrets)


def scrub(text: str, secrets: list[str | None]) -> str:
    """Failure texts are stored, logged and shown: never with a password or token in them."""
    for secret in filter(None, secrets):
        # As given, trimmed, and as Python escapes it in a repr ("b'tok\\n'", "'l\\xf6s'").
        forms = {secret, secret.strip(), repr(secret)[1:-1], repr(secret.encode())[2:-1]}
        for form in sorted(forms, key=len, reverse=True):
            if len(form) >= 4:  # a shorter one would blank out ordinary words
                text = text.replace(form, "***")
    return text
