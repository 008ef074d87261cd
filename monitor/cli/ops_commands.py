"""Running an installation for years: doctor, purge, backup, and export/import of review history."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from monitor.backup import BackupError, backup_sqlite, sqlite_path
from monitor.cli.common import DEFAULT_CONFIG, ConfigOption, fail, settings_from, setup_logging
from monitor.db import make_engine
from monitor.doctor import DEFAULT_TIMEOUT, FAIL, run_checks
from monitor.history import HistoryError, export_history, import_history, validate
from monitor.retention import purge as run_purge


def doctor(
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds to wait for each server that is checked.")
    ] = DEFAULT_TIMEOUT,
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Check config, database, secret key, model, sources, SMTP and webhooks; say what to fix."""
    checks = run_checks(config, timeout=timeout)
    for check in checks:
        typer.echo(check.line())
    failed = sum(check.status == FAIL for check in checks)
    if failed:
        typer.echo(f"\n{failed} problem(s) to fix (FAIL lines above).", err=True)
        raise typer.Exit(1)


def purge(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only count what would be deleted, per table.")
    ] = False,
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Delete what the retention rules (`retention:` in config.yaml) say is old enough."""
    setup_logging()
    settings = settings_from(config)
    retention = settings.retention
    engine = make_engine(settings.database_url)
    report = run_purge(engine, retention, dry_run=dry_run)
    engine.dispose()
    typer.echo(
        f"retention: unflagged posts {retention.unflagged_days} d, resolved items "
        f"{retention.resolved_days} d, scrape runs {retention.scrape_runs_days} d, audit events "
        f"{retention.audit_days} d"
    )
    for line in report.lines():
        typer.echo(line)
    if dry_run:
        typer.echo("dry run: nothing was deleted")
    elif report.interrupted:
        typer.echo("stopped early; run purge again to finish")


def backup(
    target: Annotated[Path, typer.Argument(help="The backup file to write (must not exist).")],
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Copy the SQLite database while the service runs (online backup). Back up the key too."""
    settings = settings_from(config)
    try:
        result = backup_sqlite(sqlite_path(settings.database_url), target)
    except BackupError as exc:
        fail(str(exc), code=1)
    typer.echo(
        f"backup written: {result.path} ({result.bytes / 1e6:.1f} MB, {result.posts:,} posts, "
        f"{result.review_items:,} review items, {result.audit_events:,} audit events)"
    )
    typer.echo(
        f"remember the secret key file {settings.secret_key_path}: without it the staff "
        "registry in this backup cannot be read. Keep it apart from the database backup."
    )


def export(
    target: Annotated[Path, typer.Argument(help="JSON-lines file to write, or - for stdout.")],
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Write the review history (items, posts, classifications, notices, audit trail)."""
    settings = settings_from(config)
    engine = make_engine(settings.database_url)
    if str(target) == "-":
        count = export_history(engine, sys.stdout)
    else:
        if target.exists():
            fail(f"{target} exists already: choose a new name", code=1)
        # The file holds post texts and reviewers' notes: readable by its owner only.
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as sink:
                count = export_history(engine, sink)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            raise
    engine.dispose()
    typer.echo(f"{count:,} review item(s) exported", err=True)


def import_(
    source: Annotated[Path, typer.Argument(help="A file written by `socialvakt export`.")],
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Read a review history into this database; items already here are skipped."""
    settings = settings_from(config)
    try:
        with source.open(encoding="utf-8") as lines:
            total = validate(lines, str(source))
        engine = make_engine(settings.database_url)
        with source.open(encoding="utf-8") as lines:
            stats = import_history(engine, lines, str(source))
        engine.dispose()
    except HistoryError as exc:
        fail(f"{exc}; nothing was imported", code=1)
    except OSError as exc:
        fail(f"{source}: cannot read: {exc}", code=1)
    typer.echo(
        f"{stats.items:,} of {total:,} item(s) imported ({stats.skipped:,} already here), "
        f"{stats.audit_events:,} audit event(s), {stats.notices:,} takedown notice(s)"
    )
    if stats.unassigned:
        typer.echo(
            f"{stats.unassigned:,} item(s) imported unassigned: their assignee has no account "
            "here (create it with `socialvakt users add` and assign again)"
        )


def register(app: typer.Typer) -> None:
    app.command()(doctor)
    app.command()(purge)
    app.command()(backup)
    app.command()(export)
    app.command("import")(import_)
