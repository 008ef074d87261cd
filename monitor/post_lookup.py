"""Stored posts by their platform key, for a whole fetch or import batch at once."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from models.tables import Post

CHUNK = 200


def find_posts(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Post]:
    """(platform, external_id) → stored post, for the keys that are stored.

    One platform at a time: a row-value IN over (platform, external_id) made SQLite scan the
    whole unique index (linear in stored posts); `platform = ? AND external_id IN (…)` seeks.
    """
    by_platform: dict[str, list[str]] = {}
    for platform, external_id in dict.fromkeys(keys):
        by_platform.setdefault(platform, []).append(external_id)
    found: dict[tuple[str, str], Post] = {}
    for platform, external_ids in by_platform.items():
        for start in range(0, len(external_ids), CHUNK):
            rows = session.execute(
                select(Post).where(
                    Post.platform == platform,
                    Post.external_id.in_(external_ids[start : start + CHUNK]),
                )
            ).scalars()
            found.update({(row.platform, row.external_id): row for row in rows})
    return found
