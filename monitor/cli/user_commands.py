"""`socialvakt users …`: accounts for the review interface."""

from __future__ import annotations

from typing import Annotated

import typer

from models.enums import Role
from monitor.cli.common import DEFAULT_CONFIG, ConfigOption, fail, settings_from
from monitor.db import make_engine
from monitor.users import UserError, add_user, list_users, one_time_password, set_disabled

users_app = typer.Typer(help="Accounts for the review interface.", no_args_is_help=True)


@users_app.command("add")
def add_command(
    username: Annotated[str, typer.Argument(help="The login name, e.g. anna.k")],
    role: Annotated[Role, typer.Option("--role", help="communications, security or admin")],
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Create an account with a one-time password (changed at first login)."""
    engine = make_engine(settings_from(config).database_url)
    password = one_time_password()
    try:
        add_user(engine, username, role, password, must_change=True)
    except UserError as exc:
        fail(str(exc))
    typer.echo(f"created {username} ({role.value}); one-time password, shown once: {password}")


@users_app.command("list")
def list_command(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Show every account with its role and state."""
    for user in list_users(make_engine(settings_from(config).database_url)):
        state = "disabled" if user.disabled else "active"
        last = f"{user.last_login_at:%Y-%m-%d %H:%M}" if user.last_login_at else "never"
        typer.echo(f"{user.username:<24} {user.role:<15} {state:<9} last login {last}")


@users_app.command("disable")
def disable_command(
    username: Annotated[str, typer.Argument(help="The login name.")],
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Block an account from logging in (its history is kept)."""
    try:
        set_disabled(make_engine(settings_from(config).database_url), username)
    except UserError as exc:
        fail(str(exc))
    typer.echo(f"disabled {username}")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
