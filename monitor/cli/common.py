"""What every command shares: the --config option, loading settings, and friendly failures."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from monitor.config import (
    DEFAULT_CONFIG_PATH,
    ConfigError,
    LoggingSettings,
    Settings,
    load_config,
)
from monitor.logs import formatter

ConfigOption = Annotated[
    Path,
    typer.Option(
        "--config",
        "-c",
        help="The settings file (default: config.yaml here, or $SOCIALVAKT_CONFIG).",
        show_default=False,
    ),
]
DEFAULT_CONFIG = DEFAULT_CONFIG_PATH


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def settings_from(path: Path) -> Settings:
    try:
        settings = load_config(path)
    except ConfigError as exc:
        fail(str(exc))
    if _our_handler() is not None:  # the command logs: now config.yaml says how
        setup_logging(settings=settings.logging)
    return settings


def _our_handler() -> logging.Handler | None:
    return next((h for h in logging.getLogger().handlers if getattr(h, "socialvakt", False)), None)


def setup_logging(verbose: bool = False, settings: LoggingSettings | None = None) -> None:
    """Log to stderr as text or JSON lines (`logging:` in config.yaml; settings_from applies it).

    Left alone when something else (a test runner, a program embedding us) set up logging first.
    """
    root = logging.getLogger()
    handler = _our_handler()
    if handler is None:
        if root.handlers:
            return
        handler = logging.StreamHandler(sys.stderr)
        handler.socialvakt = True  # type: ignore[attr-defined]
        handler.verbose = verbose  # type: ignore[attr-defined]
        root.addHandler(handler)
    settings = settings or LoggingSettings()
    handler.setFormatter(formatter(settings.format))
    verbose = verbose or handler.verbose  # type: ignore[attr-defined]
    root.setLevel(logging.DEBUG if verbose else settings.level)
    for noisy in (
        "httpx",
        "httpcore",
        "apscheduler.executors.default",
        "alembic.runtime.migration",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)
