"""`socialvakt staff …`: the registry of the people the municipality protects.

Names are personal data: these commands print them only to the terminal that asked (`staff
list`), never to the log.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from classifiers.doxxing.staff import parse_staff_csv
from monitor.cli.common import DEFAULT_CONFIG, ConfigOption, fail, settings_from
from monitor.db import make_engine
from monitor.secretkey import SecretKeyError
from monitor.staff_registry import (
    RegistryCipher,
    RegistryKeyError,
    import_staff,
    list_staff,
    remove_staff,
)

staff_app = typer.Typer(
    help="The staff registry: import, list and remove protected staff.", no_args_is_help=True
)


def _cipher(settings) -> RegistryCipher:
    try:
        return RegistryCipher.from_settings(settings)
    except SecretKeyError as exc:
        fail(str(exc))


@staff_app.command("import")
def import_command(
    csv_file: Annotated[
        Path, typer.Argument(help="CSV with columns id,name,aliases,role,unit,municipality")
    ],
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Add or update staff from a CSV file; rows with the same id are updated, never duplicated."""
    settings = settings_from(config)
    try:
        text = csv_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{csv_file}: cannot read: {exc}")
    records, errors = parse_staff_csv(text, str(csv_file))
    for message in errors:
        typer.echo(f"error: {message}", err=True)
    if not records:
        fail("nothing imported")
    stats = import_staff(make_engine(settings.database_url), _cipher(settings), records)
    typer.echo(f"{stats.added} added, {stats.updated} updated, {len(errors)} row(s) with errors")
    typer.echo(
        "Restart the service (systemctl restart socialvakt) so the detector sees the change."
    )
    if errors:
        raise typer.Exit(1)


@staff_app.command("list")
def list_command(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Show the registry (decrypted, on this terminal only)."""
    settings = settings_from(config)
    try:
        records = list_staff(make_engine(settings.database_url), _cipher(settings))
    except RegistryKeyError as exc:
        fail(str(exc))
    for record in records:
        aliases = "; ".join(record.aliases)
        typer.echo(
            f"{record.id:<10} {record.name:<30} {record.role:<28} "
            f"{record.municipality:<14} {aliases}"
        )
    typer.echo(f"{len(records)} staff member(s)")


@staff_app.command("remove")
def remove_command(
    staff_id: Annotated[str, typer.Argument(help="The id from the CSV / `staff list`.")],
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Remove one person from the registry."""
    settings = settings_from(config)
    if not remove_staff(make_engine(settings.database_url), staff_id):
        fail(f"no staff member with id {staff_id!r}")
    typer.echo(f"removed {staff_id}")


def register(app: typer.Typer) -> None:
    app.add_typer(staff_app, name="staff")
