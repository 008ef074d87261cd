"""Reviewers' decisions as training examples: confirmed = the flag was right, dismissed = wrong."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine

from classifiers.corpus import LABELS, Example
from models.enums import Label, ReviewStatus
from models.tables import Post, ReviewItem
from monitor.db import session_scope

CONFIRMED_STATES = {
    ReviewStatus.CONFIRMED.value,
    ReviewStatus.NOTICE_SENT.value,
    ReviewStatus.REMOVED.value,
    ReviewStatus.REFUSED.value,
    ReviewStatus.STILL_ONLINE.value,
}


@dataclass(frozen=True, slots=True)
class Decision:
    item_id: int
    confirmed: bool
    flagged: frozenset[str]
    text: str
    lang: str


def review_decisions(engine: Engine) -> list[Decision]:
    """Every confirmed or dismissed item, read once for all the models that learn from them."""
    query = (
        select(ReviewItem.id, ReviewItem.status, ReviewItem.labels, Post.text, Post.lang)
        .join(Post, Post.id == ReviewItem.post_id)
        .where(ReviewItem.status.in_(CONFIRMED_STATES | {ReviewStatus.DISMISSED.value}))
    )
    with session_scope(engine) as session:
        return [
            Decision(item_id, status in CONFIRMED_STATES, frozenset(labels.split(",")), text, lang)
            for item_id, status, labels, text, lang in session.execute(query)
        ]


def review_examples(decisions: list[Decision]) -> list[Example]:
    """For the disinformation and threat models: a dismissed item was wrong on every label."""
    return [
        Example(
            f"review-{d.item_id}",
            d.text,
            d.lang or "sv",
            "review:confirmed" if d.confirmed else "review:dismissed",
            {label: int(d.confirmed and label in d.flagged) for label in LABELS},
        )
        for d in decisions
    ]


def review_doxxing_rows(decisions: list[Decision]) -> list[dict]:
    """For the doxxing detector's aim model: items flagged as doxxing, confirmed or dismissed."""
    return [
        {"text": d.text, "doxxing": int(d.confirmed)}
        for d in decisions
        if Label.DOXXING.value in d.flagged
    ]
