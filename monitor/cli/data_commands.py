"""Reading what is stored: posts and the review queue, as JSON lines for other tools."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from sqlalchemy import select

from models.enums import ReviewStatus
from models.tables import Post, ReviewItem
from monitor.cli.common import DEFAULT_CONFIG, ConfigOption, fail, settings_from
from monitor.db import make_engine, session_scope

BATCH = 1000


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def posts(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    source: Annotated[str | None, typer.Option("--source", help="Only this source id.")] = None,
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Print stored posts, oldest first."""
    engine = make_engine(settings_from(config).database_url)
    query = select(Post).order_by(Post.id)
    if source:
        query = query.where(Post.source_id == source)
    with session_scope(engine) as session:
        for post in session.execute(query.execution_options(yield_per=BATCH)).scalars():
            record = {
                "id": post.id,
                "source_id": post.source_id,
                "platform": post.platform,
                "external_id": post.external_id,
                "url": post.url,
                "author": post.author,
                "published_at": _iso(post.published_at),
                "text": post.text,
            }
            if as_json:
                typer.echo(json.dumps(record, ensure_ascii=False))
            else:
                first_line = post.text.splitlines()[0][:80] if post.text else ""
                typer.echo(f"{post.id:>7} {post.source_id:<16} {first_line}")


def queue(
    status: Annotated[
        str, typer.Option("--status", help="new, in_review, confirmed, dismissed, …")
    ] = "new",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Print review items with the given status, newest first."""
    try:
        wanted = ReviewStatus(status)
    except ValueError:
        fail(f"unknown status {status!r}; use one of: {', '.join(s.value for s in ReviewStatus)}")
    engine = make_engine(settings_from(config).database_url)
    query = (
        select(ReviewItem, Post)
        .join(Post, Post.id == ReviewItem.post_id)
        .where(ReviewItem.status == wanted.value)
        .order_by(ReviewItem.created_at.desc(), ReviewItem.id.desc())
    )
    with session_scope(engine) as session:
        for item, post in session.execute(query.execution_options(yield_per=BATCH)):
            record = {
                "item_id": item.id,
                "post_id": post.id,
                "url": post.url,
                "text": post.text,
                "labels": item.labels.split(",") if item.labels else [],
                "severity": item.severity,
                "score": item.score,
                "status": item.status,
                "created_at": _iso(item.created_at),
            }
            if as_json:
                typer.echo(json.dumps(record, ensure_ascii=False))
            else:
                typer.echo(f"{item.id:>7} {item.labels:<24} {item.severity:<9} {post.url}")


def register(app: typer.Typer) -> None:
    app.command()(posts)
    app.command()(queue)
