"""Untrusted post fields longer than their columns: stored capped, never a failed fetch.

SQLite stores any length in a VARCHAR(n); PostgreSQL refuses the whole INSERT, which rolled back
the fetch and, as the cursor never moved, failed the source on every run after."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlmodel import Session

from models.tables import Post
from tests.support.installation import DISINFO, install, post


def test_overlong_platform_language_and_author_are_capped(make_config):
    _settings, runtime = install(make_config)
    odd = post("x" * 600, DISINFO, platform="p" * 40)
    odd.lang = "sv-x-" + "a" * 40  # a scraped language tag, e.g. Mastodon's `language`
    odd.author = "@" + "k" * 400
    odd.author_name = "Ett Konto " * 40
    fine = post("ok", DISINFO + " igen")
    fine.lang = "sv"
    stats = runtime.pipeline.ingest("manual", [odd, fine], None)
    assert stats.new == 2
    with Session(runtime.engine) as session:
        stored = {p.external_id[:2]: p for p in session.execute(select(Post)).scalars()}
    odd_row, fine_row = stored["xx"], stored["ok"]
    assert odd_row.platform == "p" * 32
    assert odd_row.lang is None  # no language rather than a cut-off tag
    assert len(odd_row.author) == 256 and len(odd_row.author_name) == 256
    assert len(odd_row.external_id) <= 512
    assert fine_row.lang == "sv" and fine_row.platform == "telegram"
    # Seen again: found by the same (capped) key, not stored twice.
    again = runtime.pipeline.ingest("manual", [post("x" * 600, DISINFO, platform="p" * 40)], None)
    assert (again.new, again.seen) == (0, 1)
    runtime.engine.dispose()


def test_overlong_user_name_and_staff_id_are_refused_with_a_reason(make_config, tmp_path):
    from typer.testing import CliRunner

    from models.enums import Role
    from monitor.cli import app
    from monitor.users import UserError, add_user, list_users

    settings, runtime = install(make_config)
    with pytest.raises(UserError, match="longer than 128 characters"):
        add_user(runtime.engine, "k" * 129, Role.COMMUNICATIONS, "ett-långt-lösenord-för-test")
    add_user(runtime.engine, "k" * 128, Role.COMMUNICATIONS, "ett-långt-lösenord-för-test")
    assert [u.username for u in list_users(runtime.engine)] == ["k" * 128]
    runtime.engine.dispose()

    csv = tmp_path / "staff.csv"
    csv.write_text(
        "id,name,role,unit,municipality\n"
        f"{'s' * 65},Karl Öhman,enhetschef,Försörjningsstöd,Sundsvall\n"
        "s02,Yasmin Haddad,familjehemssekreterare,Familjehem,Sundsvall\n",
        encoding="utf-8",
    )
    config = str(settings.base_dir / "config.yaml")
    result = CliRunner().invoke(app, ["staff", "import", str(csv), "--config", config])
    assert result.exit_code == 1
    assert f"{csv}:2: id is longer than 64 characters" in result.output
    listed = CliRunner().invoke(app, ["staff", "list", "--config", config]).output
    assert "Yasmin Haddad" in listed and "Karl Öhman" not in listed
