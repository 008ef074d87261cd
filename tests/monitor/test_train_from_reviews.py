"""`socialvakt train --from-reviews`: reviewers' decisions teach the models, doxxing included."""

from __future__ import annotations

from sqlalchemy import select
from typer.testing import CliRunner

from classifiers import artifact
from models.enums import ReviewStatus
from models.tables import Post, ReviewItem
from monitor.cli.main import app
from monitor.db import session_scope
from monitor.review import change_status
from tests.support.installation import DISINFO, DOXXING, WEATHER, install, post

# Names the registered (fictional) worker with her role and a number: flagged as doxxing.
SECOND_DOXXING = "Åsa Lindqvist på soc i Sundsvall, sms:a henne på 070-174 06 12 allihop"


def test_review_decisions_on_doxxing_items_train_the_aim_model(make_config):
    settings, runtime = install(make_config)
    runtime.pipeline.ingest(
        "manual",
        [
            post("dox", DOXXING),
            post("dox2", SECOND_DOXXING),
            post("dox3", SECOND_DOXXING + " ikväll"),
            post("dis", DISINFO),
            post("w", WEATHER),
        ],
        None,
    )
    with session_scope(runtime.engine) as session:
        items = {
            p.external_id: i
            for i, p in session.execute(
                select(ReviewItem, Post).join(Post, Post.id == ReviewItem.post_id)
            ).all()
        }
        assert "doxxing" in items["dox2"].labels and "w" not in items
        change_status(session, items["dox"], ReviewStatus.CONFIRMED, "säkerhet")
        change_status(
            session, items["dox2"], ReviewStatus.DISMISSED, "säkerhet", note="Hennes jobbnummer."
        )
        change_status(session, items["dis"], ReviewStatus.CONFIRMED, "kommunikation")
        # dox3 stays new: undecided items teach nothing

    config = settings.base_dir / "config.yaml"
    result = CliRunner().invoke(app, ["train", "--from-reviews", "--config", str(config)])

    assert result.exit_code == 0, result.output
    assert "3 review decision(s) added to the corpus, 2 of them on doxxing items" in result.output
    saved = artifact.load(settings.model_path)
    learned = saved.meta["learned_examples"]
    assert learned["aim"] > 1000 and learned["aim_from_reviews"] == 2
    assert f"learned opinions: {learned['aim']} labelled posts (2 from reviews)" in result.output
    assert saved.aim is not None and saved.exposure is not None
