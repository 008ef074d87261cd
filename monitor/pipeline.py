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

from sqlalchemy import insert, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from classifiers.engine import Classifier
from models.enums import Label, ReviewStatus, Severity
from models.posts import ScrapedPost
from models.tables import Alert, AuditEvent, Classification, Post, ReviewItem, Source
from monitor import metrics
from monitor.db import session_scope
from monitor.near_duplicates import band_fields, fingerprint, plan_groups
from monitor.post_lookup import find_posts

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 100_000
MAX_FIELD_CHARS = 256
MAX_PLATFORM_CHARS = 32
MAX_LANG_CHARS = 16


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
    # Columns PostgreSQL enforces (SQLite does not): a cut-off language tag means nothing.
    post.platform = clean(post.platform, MAX_PLATFORM_CHARS)
    lang = clean(post.lang, MAX_LANG_CHARS + 1).strip()
    post.lang = lang if 0 < len(lang) <= MAX_LANG_CHARS else None
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
        existing = find_posts(session, [(p.platform, p.external_id) for p in posts])
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
        if not fresh:
            return stats
        started = time.perf_counter()
        results = self.classifier.classify([p.text for p in fresh])
        metrics.CLASSIFICATION_SECONDS.observe(time.perf_counter() - started)
        metrics.CLASSIFIED_POSTS.inc(len(fresh))
        ids = self._add_posts(session, fresh, results)
        stats.new = len(fresh)
        flagged = [
            (post_id, post, result)
            for post_id, post, result in zip(ids, fresh, results, strict=True)
            if flagged_labels(result)
        ]
        stats.flagged = len(flagged)
        for _, _, result in flagged:
            for label in flagged_labels(result):
                stats.by_label[label] = stats.by_label.get(label, 0) + 1
        stats.alerts = self._open_items(session, flagged)
        return stats

    def _add_posts(
        self, session: Session, posts: list[ScrapedPost], results: list[dict]
    ) -> list[int]:
        """Bulk inserts: posts, their near-duplicate groups, their classifications."""
        bigrams, keys = zip(*(fingerprint(post.text) for post in posts), strict=True)
        groups = plan_groups(session, list(bigrams), list(keys))
        rows = [
            _post_row(post, result, post_keys)
            for post, result, post_keys in zip(posts, results, keys, strict=True)
        ]
        ids = _insert_returning_ids(session, Post, rows)
        session.execute(
            update(Post),
            [{"id": i, "dup_group": g} for i, g in zip(ids, groups.resolve(ids), strict=True)],
        )
        version = self.classifier.version
        session.execute(
            insert(Classification),
            [_classification_row(i, r, version) for i, r in zip(ids, results, strict=True)],
        )
        return ids

    def _open_items(self, session: Session, flagged: list[tuple[int, ScrapedPost, dict]]) -> int:
        """A review item, its audit event and its alert rows for every flagged post."""
        if not flagged:
            return 0
        items = [
            {
                "post_id": post_id,
                "status": ReviewStatus.NEW.value,
                "labels": ",".join(flagged_labels(result)),
                "severity": result["doxxing"].get("severity", "none"),
                "score": max(result[label]["score"] for label in flagged_labels(result)),
                "platform": post.platform,
                "source_id": post.source_id,
            }
            for post_id, post, result in flagged
        ]
        item_ids = _insert_returning_ids(session, ReviewItem, items)
        session.execute(
            insert(AuditEvent),
            [
                {
                    "actor": "system",
                    "action": "flagged",
                    "item_id": item_id,
                    "to_status": item["status"],
                    "note": item["labels"],
                }
                for item_id, item in zip(item_ids, items, strict=True)
            ],
        )
        alerts = [
            {"item_id": item_id, "channel": channel}
            for item_id, (_, _, result) in zip(item_ids, flagged, strict=True)
            if self.alerts.wants(result)
            for channel in self.alerts.channels
        ]
        if alerts:
            session.execute(insert(Alert), alerts)
        return len(alerts)

    @staticmethod
    def _save_cursor(session: Session, source_id: str, cursor: dict) -> None:
        source = session.get(Source, source_id)
        if source is None:
            raise LookupError(f"source {source_id!r} is not registered in the database")
        source.cursor_json = json.dumps(cursor)
        session.add(source)


def _insert_returning_ids(session: Session, table: type, rows: list[dict]) -> list[int]:
    """One multi-row INSERT; the ids come back in the order of `rows`."""
    statement = insert(table).returning(table.id, sort_by_parameter_order=True)
    return list(session.execute(statement, rows).scalars())


def _post_row(post: ScrapedPost, result: dict, keys: tuple[int, ...]) -> dict:
    return {
        "source_id": post.source_id,
        "platform": post.platform,
        "external_id": post.external_id,
        "url": post.url,
        "author": post.author,
        "author_name": post.author_name,
        "text": post.text,
        "lang": post.lang,
        "published_at": post.published_at,
        "fetched_at": post.fetched_at,
        "reply_to": post.reply_to,
        "thread_url": post.thread_url,
        "media_urls_json": json.dumps(post.media_urls),
        "flagged": bool(flagged_labels(result)),
        **band_fields(keys),
    }


def _classification_row(post_id: int, result: dict, model_version: str) -> dict:
    doxxing = result["doxxing"]
    return {
        "post_id": post_id,
        "model_version": model_version,
        "lvu_score": result["lvu_disinfo"]["score"],
        "lvu_flagged": result["lvu_disinfo"]["flagged"],
        "threat_score": result["threat"]["score"],
        "threat_flagged": result["threat"]["flagged"],
        "doxxing_score": doxxing["score"],
        "doxxing_flagged": doxxing["flagged"],
        "severity": doxxing.get("severity", "none"),
        "result_json": json.dumps(result, ensure_ascii=False),
    }
