"""The review workflow (DESIGN.md): status changes, assignment and notes, each an audit event."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from models.enums import ReviewStatus, can_transition
from models.tables import AuditEvent, ReviewItem, User

RESOLVED = {
    ReviewStatus.DISMISSED,
    ReviewStatus.REMOVED,
    ReviewStatus.REFUSED,
}
MAX_NOTE_CHARS = 5000


class WorkflowError(ValueError):
    """A change the workflow does not allow; the message says which and why."""


def _note(text: str | None) -> str | None:
    return text.strip()[:MAX_NOTE_CHARS] or None if text else None


def change_status(
    session: Session, item: ReviewItem, target: ReviewStatus, actor: str, note: str | None = None
) -> AuditEvent:
    current = ReviewStatus(item.status)
    if current == target:
        raise WorkflowError(f"item {item.id} is already {target.value}")
    if not can_transition(current, target):
        raise WorkflowError(f"item {item.id} cannot go from {current.value} to {target.value}")
    if target == ReviewStatus.DISMISSED and not _note(note):
        raise WorkflowError("a dismissal needs a reason")
    now = datetime.now(UTC)
    item.status = target.value
    item.updated_at = now
    item.resolved_at = now if target in RESOLVED else None
    if target == ReviewStatus.DISMISSED:
        item.dismiss_reason = _note(note)
    event = AuditEvent(
        actor=actor,
        action="status",
        item_id=item.id,
        from_status=current.value,
        to_status=target.value,
        note=_note(note),
    )
    session.add(item)
    session.add(event)
    return event


def assign(session: Session, item: ReviewItem, assignee: User | None, actor: str) -> AuditEvent:
    item.assignee_id = assignee.id if assignee else None
    item.updated_at = datetime.now(UTC)
    event = AuditEvent(
        actor=actor,
        action="assign",
        item_id=item.id,
        note=assignee.username if assignee else "(ingen)",
    )
    session.add(item)
    session.add(event)
    return event


def add_note(session: Session, item: ReviewItem, actor: str, text: str) -> AuditEvent:
    note = _note(text)
    if not note:
        raise WorkflowError("the note is empty")
    event = AuditEvent(actor=actor, action="note", item_id=item.id, note=note)
    session.add(event)
    return event


def record_view(session: Session, item: ReviewItem, actor: str, masked: bool) -> AuditEvent:
    """Every view of a doxxing item is logged: who saw which exposed details, and when."""
    event = AuditEvent(
        actor=actor, action="view_masked" if masked else "view_full", item_id=item.id
    )
    session.add(event)
    return event
