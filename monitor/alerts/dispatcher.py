"""Delivering queued alerts: due ones are sent, failures retried with backoff, nothing dropped.

The pipeline writes one Alert row per (item, channel) in the same transaction as the item, and the
unique key on that pair is what stops a second alert for the same item.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
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

# Staff ids → how the security unit knows them ("Åsa Lindqvist, socialsekreterare").
StaffNames = Callable[[list[str]], list[str]]


@dataclass(slots=True)
class DeliveryStats:
    sent: int = 0
    failed: int = 0


def retry_delay(attempts: int) -> timedelta:
    delay = min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)
    return delay + timedelta(seconds=random.uniform(0, delay.total_seconds() / 10))


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

    def _deliver(self, channel: str, message: AlertMessage, alert_id: int) -> None:
        alerts = self.settings.alerts
        if channel == "email" and alerts.email is not None:
            send_email(message, alerts.email, alert_id)
            return
        for hook in alerts.webhooks:
            if channel == f"webhook:{hook.name}":
                send_webhook(message, hook, alert_id)
                return
        raise LookupError(f"channel {channel!r} is no longer configured")

    def deliver_due(self, now: datetime | None = None) -> DeliveryStats:
        now = now or datetime.now(UTC)
        stats = DeliveryStats()
        with session_scope(self.engine) as session:
            due = (
                session.execute(
                    select(Alert.id)
                    .where(
                        Alert.status == DeliveryStatus.PENDING.value, Alert.next_attempt_at <= now
                    )
                    .order_by(Alert.id)
                    .limit(BATCH)
                )
                .scalars()
                .all()
            )
        for alert_id in due:
            if self._deliver_one(alert_id):
                stats.sent += 1
            else:
                stats.failed += 1
        return stats

    def _deliver_one(self, alert_id: int) -> bool:
        with session_scope(self.engine) as session:
            alert = session.get(Alert, alert_id)
            item = session.get(ReviewItem, alert.item_id)
            post = session.get(Post, item.post_id)
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
            message = compose(item, post, json.loads(result_json or "{}"), link, self.staff_names)
            try:
                self._deliver(alert.channel, message, alert.id)
            except Exception as exc:  # every failure is kept on the row and retried
                alert.attempts += 1
                alert.last_error = f"{type(exc).__name__}: {exc}"[:1000]
                if alert.attempts >= self.settings.alerts.max_attempts:
                    alert.status = DeliveryStatus.FAILED.value
                outcome = "failed" if alert.status == DeliveryStatus.FAILED.value else "retry"
                metrics.ALERT_DELIVERIES.inc(channel=alert.channel, status=outcome)
                alert.next_attempt_at = datetime.now(UTC) + retry_delay(alert.attempts)
                log.warning(
                    "alert %d via %s failed (attempt %d): %s",
                    alert.id,
                    alert.channel,
                    alert.attempts,
                    alert.last_error,
                )
                return False
            alert.attempts += 1
            alert.status = DeliveryStatus.SENT.value
            alert.sent_at = datetime.now(UTC)
            alert.last_error = None
            metrics.ALERT_DELIVERIES.inc(channel=alert.channel, status="sent")
            log.info("alert %d for item %d sent via %s", alert.id, item.id, alert.channel)
            return True
