"""Setting up and running the service: init, run, scrape, sources, check-config."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from sqlalchemy import select

from models.enums import Role
from models.tables import Source
from monitor.cli.common import DEFAULT_CONFIG, ConfigOption, fail, settings_from, setup_logging
from monitor.db import migrate, session_scope
from monitor.instance_lock import AnotherServiceRunning, single_service
from monitor.modelstore import ensure_model
from monitor.runtime import build_runtime, make_http_client
from monitor.scraping import register_sources, run_source
from monitor.secretkey import create_secret_key
from monitor.users import add_user, count_users, one_time_password


def init(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Set up or upgrade everything: database, secret key, model, first admin. Safe to repeat."""
    setup_logging()
    settings = settings_from(config)
    migrate(settings.database_url)
    typer.echo(f"database ready: {settings.database_url}")
    if create_secret_key(settings.secret_key_path):
        typer.echo(f"secret key created: {settings.secret_key_path} (keep a backup; mode 0600)")
    ensure_model(settings.model_path)
    typer.echo(f"model ready: {settings.model_path}")
    runtime = build_runtime(settings)
    register_sources(runtime.engine, settings)
    if count_users(runtime.engine) == 0:
        password = one_time_password()
        add_user(runtime.engine, "admin", Role.ADMIN, password, must_change=True)
        typer.echo("")
        typer.echo("First administrator created. Write this down now; it is shown only once:")
        typer.echo("  user:     admin")
        typer.echo(f"  password: {password}   (you must change it at first login)")
        typer.echo("")


def run(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Start the service: scheduled scraping and the web interface, until stopped (Ctrl+C)."""
    setup_logging()
    settings = settings_from(config)
    runtime = build_runtime(settings)
    from monitor.service import Service  # web server and scheduler: only `run` needs them

    try:
        with single_service(runtime.engine):
            asyncio.run(Service(runtime).serve())
    except AnotherServiceRunning as exc:
        fail(str(exc), code=1)


def scrape(
    source_ids: Annotated[
        list[str] | None, typer.Argument(help="Source ids; all enabled if none.")
    ] = None,
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Fetch the given sources once, now, store what they have, and exit."""
    setup_logging()
    settings = settings_from(config)
    try:
        sources = (
            [settings.source(i) for i in source_ids]
            if source_ids
            else [s for s in settings.sources if s.enabled]
        )
    except Exception as exc:
        fail(str(exc))
    runtime = build_runtime(settings)
    register_sources(runtime.engine, settings)

    async def scrape_all() -> list:
        async with make_http_client(settings) as http:
            return [await run_source(runtime.engine, runtime.pipeline, http, s) for s in sources]

    failures = 0
    for run_ in asyncio.run(scrape_all()):
        status = f"error: {run_.error}" if run_.error else "ok"
        counts = f"{run_.posts_new} new, {run_.posts_seen} seen, {run_.posts_flagged} flagged"
        typer.echo(f"{run_.source_id}: {counts}, {status}")
        failures += bool(run_.error)
    if failures:
        raise typer.Exit(1)


def sources(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """List the configured sources with their last run and health."""
    settings = settings_from(config)
    runtime_engine = build_runtime(settings).engine
    with session_scope(runtime_engine) as session:
        rows = {row.id: row for row in session.execute(select(Source)).scalars()}
    typer.echo(
        f"{'id':<20} {'kind':<10} {'every':>8}  {'health':<8} {'last run (UTC)':<17} last error"
    )
    for source in settings.sources:
        row = rows.get(source.id)
        last_run = f"{row.last_run_at:%Y-%m-%d %H:%M}" if row and row.last_run_at else "never"
        health = (row.health if row else "unknown") if source.enabled else "disabled"
        error = (row.last_error or "")[:80] if row else ""
        every = f"{int(source.every.total_seconds() // 60)}m"
        typer.echo(
            f"{source.id:<20} {source.kind:<10} {every:>8}  {health:<8} {last_run:<17} {error}"
        )


def check_config(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Check the settings file and say what is wrong, with the line, without starting anything."""
    settings = settings_from(config)
    typer.echo(
        f"{config}: OK ({len(settings.sources)} source(s), database {settings.database_url})"
    )


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(run)
    app.command()(scrape)
    app.command()(sources)
    app.command("check-config")(check_config)
