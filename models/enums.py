"""Shared vocabularies, kept as str enums so they read naturally in the database and in JSON."""

from enum import StrEnum


class Label(StrEnum):
    LVU_DISINFO = "lvu_disinfo"
    THREAT = "threat"
    DOXXING = "doxxing"


class Severity(StrEnum):
    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return SEVERITY_ORDER.index(self)

    def at_least(self, other: "Severity") -> bool:
        return self.rank >= other.rank


SEVERITY_ORDER = [Severity.NONE, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]


class ReviewStatus(StrEnum):
    NEW = "new"
    IN_REVIEW = "in_review"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    NOTICE_SENT = "notice_sent"
    REMOVED = "removed"
    REFUSED = "refused"
    STILL_ONLINE = "still_online"
    ESCALATED = "escalated"


# DESIGN.md's workflow; any state may also move to ESCALATED.
ALLOWED_TRANSITIONS: dict[ReviewStatus, frozenset[ReviewStatus]] = {
    ReviewStatus.NEW: frozenset(
        {ReviewStatus.IN_REVIEW, ReviewStatus.CONFIRMED, ReviewStatus.DISMISSED}
    ),
    ReviewStatus.IN_REVIEW: frozenset(
        {ReviewStatus.CONFIRMED, ReviewStatus.DISMISSED, ReviewStatus.NEW}
    ),
    ReviewStatus.CONFIRMED: frozenset({ReviewStatus.NOTICE_SENT, ReviewStatus.DISMISSED}),
    ReviewStatus.DISMISSED: frozenset({ReviewStatus.CONFIRMED, ReviewStatus.IN_REVIEW}),
    ReviewStatus.NOTICE_SENT: frozenset(
        {ReviewStatus.REMOVED, ReviewStatus.REFUSED, ReviewStatus.STILL_ONLINE}
    ),
    ReviewStatus.STILL_ONLINE: frozenset(
        {ReviewStatus.REMOVED, ReviewStatus.REFUSED, ReviewStatus.NOTICE_SENT}
    ),
    ReviewStatus.REFUSED: frozenset({ReviewStatus.NOTICE_SENT}),
    ReviewStatus.REMOVED: frozenset({ReviewStatus.STILL_ONLINE}),
    ReviewStatus.ESCALATED: frozenset(
        {ReviewStatus.IN_REVIEW, ReviewStatus.CONFIRMED, ReviewStatus.DISMISSED}
    ),
}


def can_transition(current: ReviewStatus, target: ReviewStatus) -> bool:
    if target == ReviewStatus.ESCALATED:
        return current != ReviewStatus.ESCALATED
    return target in ALLOWED_TRANSITIONS[current]


class Role(StrEnum):
    COMMUNICATIONS = "communications"
    SECURITY = "security"
    ADMIN = "admin"


class SourceHealth(StrEnum):
    UNKNOWN = "unknown"
    OK = "ok"
    FAILING = "failing"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    # Claimed and committed before the network call: if the process dies now, the outcome is
    # unknown and the delivery is sent again with the same Message-ID / delivery id.
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
