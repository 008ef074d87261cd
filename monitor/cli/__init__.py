"""The `socialvakt` command."""

from monitor.cli.main import app

__all__ = ["app"]
