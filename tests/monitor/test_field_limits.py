"""Untrusted post fields longer than their columns: stored capped, never a failed fetch.

SQLite stores any length in a VARCHAR(n); PostgreSQL refuses the whole INSERT, which rolled back
the fetch and, as the cursor never moved, failed the source on every run after."""

from __future__ import annotations

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
