"""The one place scrapers and classifiers meet: scraped posts in, stored and triaged posts out.

normalise → deduplicate on (platform, external_id) → classify → store → review item for anything
flagged → alert rows for doxxing and threats. Everything for one fetch, the source's new cursor
included, is one transaction: a crash before the commit re-fetches, never loses or half-stores.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import or_, select, tuple_
from sqlalchemy.engine import Engine
from sqlmodel import Session

from classifiers.engine import Classifier
from classifiers.neardup import MAX_DISTANCE, bands, hamming, simhash, to_signed, to_unsigned
from classifiers.normalize import normalize
from models.enums import Label, ReviewStatus, Severity
from models.posts import ScrapedPost
from models.tables import Alert, AuditEvent, Classification, Post, ReviewItem, Source
from monitor import metrics
from monitor.db import session_scope

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 100_000
MAX_FIELD_CHARS = 256
LOOKUP_CHUNK = 200


@dataclass(slots=True)
class IngestStats:
    new: int = 0
    seen: int = 0
    flagged: int = 0
    alerts: int = 0
    # New flagged posts per label, for /metrics.
    by_label: dict[str, int] = field(default_factory=dict)


def clean(value: str | None, limit: int) -> str:
    """Untrusted text: capped, without NUL (PostgreSQL refuses it) or surrogates."""
    if not value:
        return ""
    value = value[:limit].replace("\x00", "")
    return value.encode("utf-8", "replace").decode("utf-8")


def clean_post(post: ScrapedPost) -> ScrapedPost:
    post.text = clean(post.text, MAX_TEXT_CHARS)
    post.external_id = clean(post.external_id, 500)
    post.url = clean(post.url, 4096)
    post.author = clean(post.author, MAX_FIELD_CHARS)
    post.author_name = clean(post.author_name, MAX_FIELD_CHARS)
    post.media_urls = [clean(u, 4096) for u in post.media_urls[:20]]
    if post.published_at is not None and post.published_at.tzinfo is None:
        post.published_at = post.published_at.replace(tzinfo=UTC)
    return post


@dataclass(frozen=True, slots=True)
class AlertPolicy:
    channels: tuple[str, ...]
    min_severity: Severity = Severity.HIGH

    def wants(self, result: dict) -> bool:
        if result["threat"]["flagged"]:
            return True
        doxxing = result["doxxing"]
        return bool(doxxing["flagged"]) and Severity(doxxing["severity"]).at_least(
            self.min_severity
        )


def flagged_labels(result: dict) -> list[str]:
    return [label.value for label in Label if result.get(label.value, {}).get("flagged")]


class Pipeline:
    def __init__(self, engine: Engine, classifier: Classifier, alerts: AlertPolicy) -> None:
        self.engine = engine
        self.classifier = classifier
        self.alerts = alerts

    def ingest(
        self, source_id: str, posts: list[ScrapedPost], next_cursor: dict | None
    ) -> IngestStats:
        """Store one fetch's posts and, in the same transaction, the source's next cursor."""
        unique: dict[tuple[str, str], ScrapedPost] = {}
        for post in posts:
            post = clean_post(post)
            if post.external_id and post.text.strip():
                unique[(post.platform, post.external_id)] = post
        with session_scope(self.engine) as session:
            stats = self._store(session, list(unique.values()))
            if next_cursor is not None:
                self._save_cursor(session, source_id, next_cursor)
        # Counted after the commit, so a rolled-back fetch is not counted.
        metrics.POSTS_INGESTED.inc(stats.new)
        for label, count in stats.by_label.items():
            metrics.POSTS_FLAGGED.inc(count, label=label)
        return stats

    def _store(self, session: Session, posts: list[ScrapedPost]) -> IngestStats:
        stats = IngestStats()
        existing = self._existing(session, [(p.platform, p.external_id) for p in posts])
        now = datetime.now(UTC)
        fresh: list[ScrapedPost] = []
        for post in posts:
            stored = existing.get((post.platform, post.external_id))
            if stored is None:
                fresh.append(post)
                continue
            stats.seen += 1
            stored.last_seen_at = now
            stored.times_seen += 1
            session.add(stored)
        started = time.perf_counter()
        results = self.classifier.classify([p.text for p in fresh])
        if fresh:
            metrics.CLASSIFICATION_SECONDS.observe(time.perf_counter() - started)
            metrics.CLASSIFIED_POSTS.inc(len(fresh))
        for post, result in zip(fresh, results, strict=True):
            stats.new += 1
            row = self._add_post(session, post, result)
            if row.flagged:
                stats.flagged += 1
                for label in flagged_labels(result):
                    stats.by_label[label] = stats.by_label.get(label, 0) + 1
                stats.alerts += self._open_item(session, row, result)
        return stats

    def _existing(
        self, session: Session, keys: list[tuple[str, str]]
    ) -> dict[tuple[str, str], Post]:
        found: dict[tuple[str, str], Post] = {}
        for start in range(0, len(keys), LOOKUP_CHUNK):
            chunk = keys[start : start + LOOKUP_CHUNK]
            rows = session.execute(
                select(Post).where(tuple_(Post.platform, Post.external_id).in_(chunk))
            ).scalars()
            found.update({(row.platform, row.external_id): row for row in rows})
        return found

    def _add_post(self, session: Session, post: ScrapedPost, result: dict) -> Post:
        fingerprint = simhash(normalize(post.text))
        b0, b1, b2, b3 = bands(fingerprint)
        row = Post(
            source_id=post.source_id,
            platform=post.platform,
            external_id=post.external_id,
            url=post.url,
            author=post.author,
            author_name=post.author_name,
            text=post.text,
            lang=post.lang,
            published_at=post.published_at,
            fetched_at=post.fetched_at,
            reply_to=post.reply_to,
            thread_url=post.thread_url,
            media_urls_json=json.dumps(post.media_urls),
            flagged=bool(flagged_labels(result)),
            simhash=to_signed(fingerprint),
            simhash_b0=b0,
            simhash_b1=b1,
            simhash_b2=b2,
            simhash_b3=b3,
        )
        session.add(row)
        session.flush()
        row.dup_group = self._dup_group(session, row, fingerprint)
        doxxing = result["doxxing"]
        session.add(
            Classification(
                post_id=row.id,
                model_version=self.classifier.version,
                lvu_score=result["lvu_disinfo"]["score"],
                lvu_flagged=result["lvu_disinfo"]["flagged"],
                threat_score=result["threat"]["score"],
                threat_flagged=result["threat"]["flagged"],
                doxxing_score=doxxing["score"],
                doxxing_flagged=doxxing["flagged"],
                severity=doxxing.get("severity", "none"),
                result_json=json.dumps(result, ensure_ascii=False),
            )
        )
        return row

    def _dup_group(self, session: Session, row: Post, fingerprint: int) -> int:
        """Join the group of an earlier near-identical post, or start a group of one's own."""
        candidates = session.execute(
            select(Post.id, Post.simhash, Post.dup_group)
            .where(Post.id != row.id)
            .where(
                or_(
                    Post.simhash_b0 == row.simhash_b0,
                    Post.simhash_b1 == row.simhash_b1,
                    Post.simhash_b2 == row.simhash_b2,
                    Post.simhash_b3 == row.simhash_b3,
                )
            )
            .order_by(Post.id)
            .limit(500)
        ).all()
        for candidate_id, candidate_hash, group in candidates:
            if hamming(fingerprint, to_unsigned(candidate_hash)) <= MAX_DISTANCE:
                return group or candidate_id
        return row.id

    def _open_item(self, session: Session, post: Post, result: dict) -> int:
        labels = flagged_labels(result)
        item = ReviewItem(
            post_id=post.id,
            status=ReviewStatus.NEW.value,
            labels=",".join(labels),
            severity=result["doxxing"].get("severity", "none"),
            score=max(result[label]["score"] for label in labels),
            platform=post.platform,
            source_id=post.source_id,
        )
        session.add(item)
        session.flush()
        session.add(
            AuditEvent(
                actor="system",
                action="flagged",
                item_id=item.id,
                to_status=item.status,
                note=",".join(labels),
            )
        )
        if not self.alerts.wants(result):
            return 0
        for channel in self.alerts.channels:
            session.add(Alert(item_id=item.id, channel=channel))
        return len(self.alerts.channels)

    @staticmethod
    def _save_cursor(session: Session, source_id: str, cursor: dict) -> None:
        source = session.get(Source, source_id)
        if source is None:
            raise LookupError(f"source {source_id!r} is not registered in the database")
        source.cursor_json = json.dumps(cursor)
        session.add(source)
