"""`socialvakt notice ITEM_ID`: print a takedown notice; `socialvakt recheck-notices`: follow up.

The notice is printed, not stored: the web interface is where notices are saved, edited and
marked as sent. Where to send it and what to check first go to stderr, so stdout can be piped.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from monitor.cli.common import DEFAULT_CONFIG, ConfigOption, fail, settings_from, setup_logging
from monitor.db import make_engine, session_scope
from monitor.notices.facts import REASONS, NoticeError
from monitor.notices.followup import recheck_notices
from monitor.notices.platforms import LANGS, PlatformTableError
from monitor.notices.workflow import NoticeKit, load_context, render_for
from monitor.runtime import make_http_client


def notice(
    item_id: Annotated[int, typer.Argument(help="The review item's number (see `queue`).")],
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            help=f"{', '.join(REASONS)} (default: from the item's labels).",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="sv or en (default: the platform's usual language)."),
    ] = None,
    platform: Annotated[
        str | None,
        typer.Option(
            "--platform",
            help="facebook, instagram, tiktok, youtube, x, telegram, reddit, bluesky, "
            "mastodon, flashback or web (default: from the post's address).",
            show_default=False,
        ),
    ] = None,
    duplicates: Annotated[
        bool,
        typer.Option(
            "--duplicates/--no-duplicates",
            help="Also quote near-identical copies of the post on the same platform.",
        ),
    ] = False,
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Print a takedown notice for a review item, filled from the item and config.yaml."""
    settings = settings_from(config)
    if reason is not None and reason not in REASONS:
        fail(f"--reason {reason!r}: use one of {', '.join(REASONS)}")
    if lang is not None and lang not in LANGS:
        fail(f"--lang {lang!r}: use sv or en")
    try:
        kit = NoticeKit.from_settings(settings)
    except PlatformTableError as exc:
        fail(str(exc))
    if platform is not None and platform not in kit.table.entries:
        fail(f"--platform {platform!r}: use one of {', '.join(kit.table.keys)}")
    engine = make_engine(settings.database_url)
    try:
        with session_scope(engine) as session:
            try:
                context = load_context(session, item_id)
            except LookupError:
                fail(f"no review item {item_id}", code=1)
            key = platform or kit.table.default_for(context.post.platform, context.post.url)
            chosen_lang = lang or kit.table.entries[key].default_lang
            extra = context.duplicate_urls(kit.table, key) if duplicates else []
            rendered, urls = render_for(
                kit,
                context,
                reason=reason or context.default_reason(),
                platform_key=key,
                lang=chosen_lang,
                facts=context.default_facts(),
                extra_urls=extra,
            )
    except NoticeError as exc:
        fail(str(exc), code=1)
    finally:
        engine.dispose()
    target = kit.platform(key, chosen_lang, urls[0])
    typer.echo(f"# to: {target.name} via {target.channel}", err=True)
    if target.report_url:
        typer.echo(f"# form: {target.report_url}", err=True)
    if target.abuse_email:
        typer.echo(f"# e-mail: {target.abuse_email}", err=True)
    typer.echo(f"# subject: {rendered.subject}", err=True)
    typer.echo(f"# grounds: {', '.join(rendered.grounds)}", err=True)
    for warning in rendered.warnings:
        typer.echo(f"# note: {warning}", err=True)
    typer.echo(rendered.body, nl=False)


def recheck(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Check every sent notice's address once now (the service does this on a schedule)."""
    setup_logging()
    settings = settings_from(config)
    engine = make_engine(settings.database_url)

    async def run():
        async with make_http_client(settings) as http:
            return await recheck_notices(engine, http, settings)

    try:
        stats = asyncio.run(run())
    finally:
        engine.dispose()
    typer.echo(
        f"{stats.checked} checked: {stats.removed} removed, {stats.still_online} still online, "
        f"{stats.unavailable} could not be checked (tried again next round)"
    )


def register(app: typer.Typer) -> None:
    app.command()(notice)
    app.command("recheck-notices")(recheck)
