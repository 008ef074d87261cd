"""Campaign reposts become one group in the store, within a fetch and across fetches."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from models.tables import Post, ReviewItem
from tests.support.installation import DISINFO, WEATHER, install, post

VARIANT = DISINFO + " 😡😡 #LVU"
LATER_VARIANT = "DELA!!! " + DISINFO.replace("miljoner", "miljoner!!")
OTHER = "Kommunfullmäktige i Timrå sammanträder på torsdag; dagordningen finns på webben."


def groups(engine) -> dict[str, int]:
    with Session(engine) as session:
        rows = session.execute(select(Post.external_id, Post.id, Post.dup_group)).all()
    ids = {external_id: post_id for external_id, post_id, _ in rows}
    return {external_id: group - ids["a1"] + 1 for external_id, _, group in rows}


def test_reposts_share_the_group_of_the_first_copy(make_config):
    _, runtime = install(make_config)
    runtime.pipeline.ingest(
        "manual",
        [post("a1", DISINFO), post("w1", WEATHER), post("a2", VARIANT), post("a3", DISINFO)],
        None,
    )
    runtime.pipeline.ingest(
        "manual",
        [post("o1", OTHER), post("a4", LATER_VARIANT), post("w2", WEATHER, platform="x")],
        None,
    )
    found = groups(runtime.engine)
    # Numbered from a1 = 1: a1 leads its group; w1 (id 2) leads the weather group; o1 its own.
    assert found["a1"] == found["a2"] == found["a3"] == found["a4"] == 1
    assert found["w1"] == found["w2"] == 2
    assert found["o1"] not in (1, 2)
    with Session(runtime.engine) as session:
        flagged = session.execute(select(ReviewItem.post_id)).scalars().all()
    assert len(flagged) == 4, "every copy of the claim is queued; the group shows their spread"


def test_upgrade_gives_old_posts_band_keys_so_new_reposts_join_them(make_config):
    from sqlalchemy import inspect, text

    from monitor.db import downgrade, make_engine, migrate
    from monitor.near_duplicates import fingerprint

    settings = make_config()
    migrate(settings.database_url, "0002")
    engine = make_engine(settings.database_url)
    with engine.begin() as db:
        db.execute(
            text(
                "INSERT INTO post (id, source_id, platform, external_id, url, author, "
                "author_name, text, fetched_at, first_seen_at, last_seen_at, times_seen, "
                "media_urls_json, flagged, simhash, simhash_b0, simhash_b1, simhash_b2, "
                "simhash_b3, dup_group) VALUES (7, 'manual', 'telegram', 'old', '', '', '', "
                ":text, '2026-01-01', '2026-01-01', '2026-01-01', 1, '[]', true, 5, 1, 2, 3, 4, 7)"
            ),
            {"text": DISINFO},
        )
    engine.dispose()
    migrate(settings.database_url)
    _, runtime = install(make_config)  # same folder and database: migrated already
    with Session(runtime.engine) as session:
        old = session.get(Post, 7)
        assert (old.dup_band_0, old.dup_band_1, old.dup_band_2, old.dup_band_3) == fingerprint(
            DISINFO
        )[1]
    runtime.pipeline.ingest("manual", [post("new", VARIANT)], None)
    with Session(runtime.engine) as session:
        new = session.execute(select(Post).where(Post.external_id == "new")).scalar_one()
        assert new.dup_group == 7
    runtime.engine.dispose()
    downgrade(settings.database_url, "0002")
    engine = make_engine(settings.database_url)
    columns = {column["name"] for column in inspect(engine).get_columns("post")}
    assert "simhash_b0" in columns and "dup_band_0" not in columns
    engine.dispose()
