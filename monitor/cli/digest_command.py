"""`socialvakt digest`: the daily digest now, printed (--dry-run) or sent to `digest.to`."""

from __future__ import annotations

from typing import Annotated

import typer

from monitor.cli.common import DEFAULT_CONFIG, ConfigOption, fail, settings_from, setup_logging
from monitor.db import make_engine
from monitor.digest import DigestNotConfigured, build_digest, render_text, send_digest


def digest(
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print it instead of sending it; nothing is recorded."),
    ] = False,
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Send the daily digest (counts and links) to the communications list now.

    A digest sent this way counts as the day's: the service will not send another today.
    """
    setup_logging()
    settings = settings_from(config)
    engine = make_engine(settings.database_url)
    try:
        if dry_run:
            built = build_digest(engine, settings)
            typer.echo(f"Subject: {built.subject}\n")
            typer.echo(render_text(built))
            return
        try:
            built = send_digest(engine, settings)
        except DigestNotConfigured as exc:
            fail(str(exc))
        except OSError as exc:  # smtplib's errors are OSErrors too
            fail(f"digest not sent: {type(exc).__name__}: {exc}", code=1)
        typer.echo(f"digest sent to {', '.join(settings.digest.to)}: {built.new_total} new item(s)")
    finally:
        engine.dispose()


def register(app: typer.Typer) -> None:
    app.command()(digest)
