"""`socialvakt submit URL`: a post a staff member found by hand, stored like any scraped post."""

from __future__ import annotations

import asyncio
import getpass
import re
from typing import Annotated

import typer
from sqlalchemy import select

from models.tables import AuditEvent, Post, ReviewItem
from monitor.cli.common import DEFAULT_CONFIG, ConfigOption, fail, settings_from, setup_logging
from monitor.db import session_scope
from monitor.runtime import build_runtime, make_http_client
from scrapers.manual import SubmitError, apis_from_sources, resolve

MANUAL_SOURCE = "manual"
PLATFORM = re.compile(r"^[a-z0-9_-]{1,32}$")
HOW = {
    "api": "read through the platform's API",
    "page": "read from the page",
    "given": "stored with the text given",
}


def _who() -> str:
    try:
        return f"cli:{getpass.getuser()}"[:128]
    except (KeyError, OSError):  # no user name in this environment
        return "cli"


def submit(
    url: Annotated[str, typer.Argument(help="The post's address (https://…).")],
    note: Annotated[
        str | None,
        typer.Option("--note", help="Why it was submitted; kept in the audit log."),
    ] = None,
    platform: Annotated[
        str | None,
        typer.Option(
            "--platform",
            help="facebook, tiktok, … when the address does not say (pages and --text only).",
        ),
    ] = None,
    text: Annotated[
        str | None,
        typer.Option(
            "--text",
            help="The post's text as you saw it: used when the platform's API cannot give it "
            "(a login wall, a deleted post).",
        ),
    ] = None,
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Add a post found by hand: fetched and parsed when possible, classified and queued."""
    setup_logging()
    url = url.strip()
    if not re.match(r"^https?://[^\s/]+", url):
        fail(f"not a web address: {url!r} (it must start with http:// or https://)")
    if platform is not None and not PLATFORM.match(platform):
        fail(f"--platform {platform!r}: use a short lower-case name such as facebook or tiktok")
    settings = settings_from(config)
    runtime = build_runtime(settings)

    async def fetch():
        async with make_http_client(settings) as http:
            return await resolve(
                http, url, text=text, platform=platform, apis=apis_from_sources(settings.sources)
            )

    try:
        post, how = asyncio.run(fetch())
    except SubmitError as exc:
        fail(str(exc), code=1)
    post.source_id = MANUAL_SOURCE
    # No cursor: the manual source has no schedule and needs no row of its own.
    stats = runtime.pipeline.ingest(MANUAL_SOURCE, [post], next_cursor=None)
    with session_scope(runtime.engine) as session:
        row = session.execute(
            select(Post).where(Post.platform == post.platform, Post.external_id == post.external_id)
        ).scalar_one_or_none()
        if row is None:
            fail("the post was not stored (it had no text)", code=1)
        item = session.execute(
            select(ReviewItem).where(ReviewItem.post_id == row.id)
        ).scalar_one_or_none()
        session.add(
            AuditEvent(
                actor=_who(),
                action="submitted",
                item_id=item.id if item else None,
                note=f"post {row.id}: {url}" + (f" | {note}" if note else ""),
            )
        )
        post_id, item_id = row.id, item.id if item else None
        labels = item.labels if item else ""
        severity = item.severity if item else "none"
    state = "new" if stats.new else "already stored (seen again)"
    typer.echo(f"post {post_id} ({post.platform} {post.external_id}): {state}, {HOW[how]}")
    if item_id is not None:
        typer.echo(
            f"flagged: {labels.replace(',', ', ')} (severity {severity}); review item {item_id}"
        )
    else:
        typer.echo("not flagged by the classifiers; it is stored and can be found with `posts`")


def register(app: typer.Typer) -> None:
    app.command()(submit)
