"""The database schema. Every table has a retention rule (see README, Privacy)."""

from datetime import UTC, datetime

from sqlalchemy import Column, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Source(SQLModel, table=True):
    """A configured source's run state; its settings live in config.yaml."""

    id: str = Field(primary_key=True, max_length=64)
    kind: str = Field(max_length=32)
    cursor_json: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
    health: str = Field(default="unknown", max_length=16)
    last_run_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    consecutive_failures: int = 0
    paused_until: datetime | None = None


class Post(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("platform", "external_id", name="uq_post_platform_external_id"),
        Index("ix_post_dup_band_0", "dup_band_0", "dup_group"),
        Index("ix_post_dup_band_1", "dup_band_1", "dup_group"),
        Index("ix_post_dup_band_2", "dup_band_2", "dup_group"),
        Index("ix_post_dup_band_3", "dup_band_3", "dup_group"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source_id: str = Field(index=True, max_length=64)
    platform: str = Field(max_length=32)
    external_id: str = Field(max_length=512)
    url: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    author: str = Field(default="", max_length=256)
    author_name: str = Field(default="", max_length=256)
    text: str = Field(sa_column=Column(Text, nullable=False))
    lang: str | None = Field(default=None, max_length=16)
    published_at: datetime | None = Field(default=None, index=True)
    fetched_at: datetime = Field(default_factory=utcnow)
    first_seen_at: datetime = Field(default_factory=utcnow, index=True)
    last_seen_at: datetime = Field(default_factory=utcnow)
    times_seen: int = 1
    reply_to: str | None = Field(default=None, sa_column=Column(Text))
    thread_url: str | None = Field(default=None, sa_column=Column(Text))
    media_urls_json: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))
    flagged: bool = Field(default=False, index=True)
    # Near-duplicate grouping (classifiers/neardup.py): four MinHash LSH band keys for lookup.
    dup_band_0: int = 0
    dup_band_1: int = 0
    dup_band_2: int = 0
    dup_band_3: int = 0
    dup_group: int | None = Field(default=None, index=True)


class Classification(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="post.id", index=True, ondelete="CASCADE")
    model_version: str = Field(max_length=64)
    lvu_score: float = 0.0
    lvu_flagged: bool = False
    threat_score: float = 0.0
    threat_flagged: bool = False
    doxxing_score: float = 0.0
    doxxing_flagged: bool = False
    severity: str = Field(default="none", max_length=16)
    result_json: str = Field(sa_column=Column(Text, nullable=False))
    classified_at: datetime = Field(default_factory=utcnow)


class ReviewItem(SQLModel, table=True):
    __table_args__ = (
        Index("ix_review_status_created", "status", "created_at"),
        Index("ix_review_score", "score"),
    )

    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="post.id", unique=True, ondelete="CASCADE")
    status: str = Field(default="new", max_length=16)
    labels: str = Field(default="", max_length=128)  # comma-separated Label values
    severity: str = Field(default="none", max_length=16)
    score: float = 0.0
    platform: str = Field(default="", max_length=32, index=True)
    source_id: str = Field(default="", max_length=64, index=True)
    assignee_id: int | None = Field(default=None, foreign_key="user.id")
    dismiss_reason: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    resolved_at: datetime | None = None


class AuditEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=128)
    action: str = Field(max_length=64)
    item_id: int | None = Field(default=None, index=True)
    from_status: str | None = Field(default=None, max_length=16)
    to_status: str | None = Field(default=None, max_length=16)
    note: str | None = Field(default=None, sa_column=Column(Text))


class ScrapeRun(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    source_id: str = Field(index=True, max_length=64)
    started_at: datetime = Field(default_factory=utcnow, index=True)
    finished_at: datetime | None = None
    posts_new: int = 0
    posts_seen: int = 0
    posts_flagged: int = 0
    error: str | None = Field(default=None, sa_column=Column(Text))


class Alert(SQLModel, table=True):
    """One delivery of one item to one channel; the unique key is what stops a second alert."""

    __table_args__ = (UniqueConstraint("item_id", "channel", name="uq_alert_item_channel"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="reviewitem.id", index=True, ondelete="CASCADE")
    channel: str = Field(max_length=64)
    status: str = Field(default="pending", max_length=16, index=True)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


class TakedownNotice(SQLModel, table=True):
    __table_args__ = (Index("ix_takedownnotice_sent_outcome", "sent_at", "outcome"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="reviewitem.id", index=True, ondelete="CASCADE")
    reason: str = Field(max_length=32)
    platform: str = Field(max_length=32)
    lang: str = Field(default="sv", max_length=8)
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_by: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
    channel: str | None = Field(default=None, max_length=128)
    outcome: str | None = Field(default=None, max_length=16)
    last_checked_at: datetime | None = None
    removed_at: datetime | None = None
    # Added by migration 0002 (monitor/notices): what the notice quoted and relied on, and the
    # follow-up check's last finding ("HTTP 404", "nätverksfel …").
    subject: str = Field(default="", max_length=200)
    urls_json: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))
    facts_json: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
    updated_at: datetime | None = None
    last_check_note: str | None = Field(default=None, max_length=200)


class StaffMember(SQLModel, table=True):
    """A protected person. Every personal field is encrypted; `lookup_hash` is keyed (HMAC)."""

    id: str = Field(primary_key=True, max_length=64)
    lookup_hash: str = Field(max_length=64, index=True)
    payload: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, max_length=128)
    password_hash: str = Field(max_length=256)
    role: str = Field(max_length=16)
    disabled: bool = False
    must_change_password: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None
