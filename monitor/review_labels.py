"""Reviewers' decisions as training examples: confirmed = the flag was right, dismissed = wrong."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine

from classifiers.corpus import LABELS, Example
from models.enums import ReviewStatus
from models.tables import Post, ReviewItem
from monitor.db import session_scope

CONFIRMED_STATES = {
    ReviewStatus.CONFIRMED.value,
    ReviewStatus.NOTICE_SENT.value,
    ReviewStatus.REMOVED.value,
    ReviewStatus.REFUSED.value,
    ReviewStatus.STILL_ONLINE.value,
}


def review_examples(engine: Engine) -> list[Example]:
    examples = []
    query = (
        select(ReviewItem, Post)
        .join(Post, Post.id == ReviewItem.post_id)
        .where(ReviewItem.status.in_(CONFIRMED_STATES | {ReviewStatus.DISMISSED.value}))
    )
    with session_scope(engine) as session:
        for item, post in session.execute(query):
            confirmed = item.status in CONFIRMED_STATES
            flagged = set(item.labels.split(","))
            labels = {label: int(confirmed and label in flagged) for label in LABELS}
            kind = "review:confirmed" if confirmed else "review:dismissed"
            examples.append(
                Example(f"review-{item.id}", post.text, post.lang or "sv", kind, labels)
            )
    return examples
