"""What every command shares: the --config option, loading settings, and friendly failures."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from monitor.config import DEFAULT_CONFIG_PATH, ConfigError, Settings, load_config

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
        return load_config(path)
    except ConfigError as exc:
        fail(str(exc))


def setup_logging(verbose: bool = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in (
        "httpx",
        "httpcore",
        "apscheduler.executors.default",
        "alembic.runtime.migration",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)
