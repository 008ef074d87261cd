"""The Alembic migrations, both ways, on the test's database (SQLite, and PostgreSQL on that pass)."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from monitor.db import alembic_config, downgrade, make_engine, migrate
from monitor.near_duplicates import fingerprint

TABLES = {
    "alert",
    "auditevent",
    "classification",
    "post",
    "reviewitem",
    "scraperun",
    "source",
    "staffmember",
    "takedownnotice",
    "user",
}


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def schema_differences(url: str) -> list:
    """What autogenerate would change to make the database match the models: nothing, at head."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()


def test_upgrade_downgrade_and_upgrade_again_on_an_empty_database(database_url):
    migrate(database_url)
    assert tables(database_url) == TABLES
    assert schema_differences(database_url) == []
    downgrade(database_url, "base")
    assert tables(database_url) == set()
    migrate(database_url)
    assert tables(database_url) == TABLES
    assert schema_differences(database_url) == []


def test_each_step_down_and_up_again(database_url):
    """Every revision's downgrade undoes its upgrade well enough for the upgrade to run again."""
    revisions = [
        script.revision
        for script in ScriptDirectory.from_config(alembic_config(database_url)).walk_revisions()
    ]
    for revision in reversed(revisions):  # oldest first
        migrate(database_url, revision)
        before = tables(database_url)
        downgrade(database_url, "-1")
        migrate(database_url, revision)
        assert tables(database_url) == before
    assert schema_differences(database_url) == []


POST_0001 = """
INSERT INTO post (source_id, platform, external_id, url, author, author_name, text, published_at,
    fetched_at, first_seen_at, last_seen_at, times_seen, media_urls_json, flagged,
    simhash, simhash_b0, simhash_b1, simhash_b2, simhash_b3)
VALUES ('tg', 'telegram', :external_id, :url, '@konto', 'Ett Konto', :text, :at, :at, :at, :at,
    1, '[]', :flagged, 7, 1, 2, 3, 4)
"""
ITEM_0001 = """
INSERT INTO reviewitem (post_id, status, labels, severity, score, platform, source_id,
    created_at, updated_at)
VALUES (:post_id, 'new', 'lvu_disinfo', 'medium', 0.75, 'telegram', 'tg', :at, :at)
"""
NOTICE_0001 = """
INSERT INTO takedownnotice (item_id, reason, platform, lang, body, created_by, created_at)
VALUES (:item_id, 'lvu_disinfo', 'telegram', 'sv', 'Hej, vi begär att inlägget tas bort.',
    'kommunikator', :at)
"""
TEXTS = {
    "1": "Socialtjänsten kidnappar muslimska barn och säljer dem vidare, sprid innan det raderas",
    "2": "Sol och 18 grader i Härnösand i helgen, perfekt för en promenad längs kajen",
}


def test_data_stored_at_0001_is_found_after_upgrading_to_head(database_url):
    migrate(database_url, "0001")
    at = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
    engine = make_engine(database_url)
    with engine.begin() as db:
        for external_id, body in TEXTS.items():
            db.execute(
                text(POST_0001),
                {
                    "external_id": external_id,
                    "url": f"https://t.me/kanal/{external_id}",
                    "text": body,
                    "at": at,
                    "flagged": external_id == "1",
                },
            )
        post_id = db.execute(text("SELECT id FROM post WHERE external_id = '1'")).scalar_one()
        db.execute(text(ITEM_0001), {"post_id": post_id, "at": at})
        item_id = db.execute(text("SELECT id FROM reviewitem")).scalar_one()
        db.execute(text(NOTICE_0001), {"item_id": item_id, "at": at})
    engine.dispose()

    migrate(database_url)

    engine = make_engine(database_url)
    with engine.connect() as db:
        posts = db.execute(
            text(
                "SELECT external_id, text, flagged, published_at, dup_band_0, dup_band_1, "
                "dup_band_2, dup_band_3 FROM post ORDER BY external_id"
            )
        ).all()
        item = db.execute(text("SELECT post_id, status, score FROM reviewitem")).one()
        notice = db.execute(
            text("SELECT item_id, body, subject, urls_json, facts_json FROM takedownnotice")
        ).one()
    engine.dispose()
    assert [(p.external_id, p.text, bool(p.flagged)) for p in posts] == [
        ("1", TEXTS["1"], True),
        ("2", TEXTS["2"], False),
    ]
    for row in posts:
        # 0003 computed the near-duplicate band keys from each stored text
        assert [row.dup_band_0, row.dup_band_1, row.dup_band_2, row.dup_band_3] == list(
            fingerprint(row.text)[1]
        )
    stored_at = posts[0].published_at
    if isinstance(stored_at, str):  # SQLite hands raw SQL results back as text
        stored_at = datetime.fromisoformat(stored_at)
    assert stored_at.replace(tzinfo=stored_at.tzinfo or UTC) == at
    assert tuple(item) == (post_id, "new", 0.75)
    assert tuple(notice) == (item_id, "Hej, vi begär att inlägget tas bort.", "", "[]", "{}")

    downgrade(database_url, "0001")
    engine = make_engine(database_url)
    with engine.connect() as db:
        kept = db.execute(text("SELECT text FROM post ORDER BY external_id")).scalars().all()
    engine.dispose()
    assert kept == [TEXTS["1"], TEXTS["2"]]
