"""`socialvakt`: one command, with a sub-command per task (see `socialvakt --help`)."""

import typer

from monitor.cli import (
    data_commands,
    digest_command,
    model_commands,
    notice_command,
    ops_commands,
    service_commands,
    staff_commands,
    submit_command,
    user_commands,
)

app = typer.Typer(
    name="socialvakt",
    help=(
        "Socialvakt watches public social media for LVU-campaign disinformation, doxxing of "
        "social-services staff and threats. Start with `socialvakt init`, then `socialvakt run`."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
service_commands.register(app)
data_commands.register(app)
model_commands.register(app)
staff_commands.register(app)
user_commands.register(app)
submit_command.register(app)
notice_command.register(app)
ops_commands.register(app)  # doctor, purge, backup, export, import
digest_command.register(app)
