"""Near-duplicate groups for a batch of new posts: a few queries per batch, not per post.

A post joins the group of a stored near-duplicate (the earliest group, if several) or of an
earlier post in the same batch, or starts its own. Candidates come from the LSH band keys
(classifiers/neardup.py); each candidate group is checked against its first post's text. Copies
of one text share their group, so a campaign text posted 10,000 times costs one candidate.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlmodel import Session

from classifiers.neardup import SIMILARITY, band_keys, jaccard, shingles
from classifiers.normalize import normalize
from models.tables import Post

BAND_COLUMNS = (Post.dup_band_0, Post.dup_band_1, Post.dup_band_2, Post.dup_band_3)
IN_CHUNK = 500


def fingerprint(text: str) -> tuple[frozenset[str], tuple[int, ...]]:
    """A post's word bigrams and its LSH band keys."""
    bigrams = shingles(normalize(text))
    return bigrams, band_keys(bigrams)


def band_fields(keys: tuple[int, ...]) -> dict[str, int]:
    return {column.key: key for column, key in zip(BAND_COLUMNS, keys, strict=True)}


class GroupPlan:
    """Each new post's group: a stored group id, or the batch position of the post that leads it."""

    def __init__(self) -> None:
        self._stored: list[int | None] = []
        self._leader: list[int] = []

    def add(self, stored_group: int | None, leader: int) -> None:
        self._stored.append(stored_group)
        self._leader.append(leader)

    def join(self, earlier: int) -> None:
        """Join the group of an earlier post of the same batch, stored or new."""
        self.add(self._stored[earlier], self._leader[earlier])

    def resolve(self, ids: list[int]) -> list[int]:
        """Once the batch has ids: a new group is named after the id of its first post."""
        return [
            stored if stored is not None else ids[leader]
            for stored, leader in zip(self._stored, self._leader, strict=True)
        ]


def plan_groups(
    session: Session, bigrams: list[frozenset[str]], keys: list[tuple[int, ...]]
) -> GroupPlan:
    stored_groups = _stored_groups(session, keys)
    leaders = _leader_bigrams(session, {g for groups in stored_groups.values() for g in groups})
    in_batch: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
    plan = GroupPlan()
    for position, (own, own_keys) in enumerate(zip(bigrams, keys, strict=True)):
        slots = list(enumerate(own_keys))
        stored = {g for slot in slots for g in stored_groups.get(slot, ())}
        similar = [g for g in stored if jaccard(own, leaders[g]) >= SIMILARITY]
        if similar:
            plan.add(min(similar), position)
        else:
            earlier = sorted({p for slot in slots for p in in_batch.get(slot, ())})
            match = next((p for p in earlier if jaccard(own, bigrams[p]) >= SIMILARITY), None)
            if match is None:
                plan.add(None, position)
            else:
                plan.join(match)
        for slot in slots:
            in_batch[slot].append(position)
    return plan


def _stored_groups(
    session: Session, keys: list[tuple[int, ...]]
) -> dict[tuple[int, int], set[int]]:
    """(band, key) → the groups of stored posts with that key."""
    groups: defaultdict[tuple[int, int], set[int]] = defaultdict(set)
    for band, column in enumerate(BAND_COLUMNS):
        values = sorted({post_keys[band] for post_keys in keys})
        for start in range(0, len(values), IN_CHUNK):
            rows = session.execute(
                select(column, func.coalesce(Post.dup_group, Post.id))
                .where(column.in_(values[start : start + IN_CHUNK]))
                .distinct()
            )
            for value, group in rows:
                groups[(band, value)].add(group)
    return groups


def _leader_bigrams(session: Session, groups: set[int]) -> dict[int, frozenset[str]]:
    """A group is judged by its first post, whose id names it."""
    found: dict[int, frozenset[str]] = {}
    ordered = sorted(groups)
    for start in range(0, len(ordered), IN_CHUNK):
        rows = session.execute(
            select(Post.id, Post.text).where(Post.id.in_(ordered[start : start + IN_CHUNK]))
        )
        found.update({post_id: shingles(normalize(text)) for post_id, text in rows})
    return {group: found.get(group, frozenset()) for group in groups}
