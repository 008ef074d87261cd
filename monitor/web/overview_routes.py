"""The overview for management and IT: trends, top sources and narratives, health, deliveries."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from fastapi import APIRouter, Request
from sqlalchemy import func, select

from models.tables import Alert, Classification, ReviewItem, ScrapeRun, Source
from monitor.db import session_scope
from monitor.web.chart import daily_bars
from monitor.web.context import WebContext

DAYS = 30
NARRATIVE_SV = {
    "kidnapping": "Staten kidnappar barn",
    "muslims": "Riktat mot muslimer",
    "faith": "Tron utplånas i placeringen",
    "business": "En affär",
    "trivial": "Triviala skäl",
    "abuse": "Aldrig tillbaka, övergrepp",
    "fascist_state": "Fascistisk stat",
    "numbers": "Uppblåsta siffror",
    "call_to_act": "Uppmaningar att agera",
}


def router(web: WebContext) -> APIRouter:
    routes = APIRouter()

    @routes.get("/overview")
    def overview(request: Request):
        user = web.require(request)
        since = datetime.now(UTC) - timedelta(days=DAYS)
        with session_scope(web.runtime.engine) as session:
            recent = session.execute(
                select(ReviewItem.created_at, ReviewItem.labels, ReviewItem.source_id).where(
                    ReviewItem.created_at >= since
                )
            ).all()
            by_status = dict(
                session.execute(
                    select(ReviewItem.status, func.count()).group_by(ReviewItem.status)
                ).all()
            )
            narrative_rows = session.execute(
                select(Classification.result_json)
                .join(ReviewItem, ReviewItem.post_id == Classification.post_id)
                .where(ReviewItem.created_at >= since, Classification.lvu_flagged.is_(True))
            ).scalars()
            narratives = Counter(
                name
                for row in narrative_rows
                for name in json.loads(row)["lvu_disinfo"].get("narratives", [])
            )
            sources = {row.id: row for row in session.execute(select(Source)).scalars()}
            runs = dict(
                session.execute(
                    select(ScrapeRun.source_id, func.count())
                    .where(ScrapeRun.started_at >= since, ScrapeRun.error.is_not(None))
                    .group_by(ScrapeRun.source_id)
                ).all()
            )
            deliveries = dict(
                session.execute(select(Alert.status, func.count()).group_by(Alert.status)).all()
            )
            failed_alerts = (
                session.execute(
                    select(Alert)
                    .where(Alert.status == "failed")
                    .order_by(Alert.id.desc())
                    .limit(20)
                )
                .scalars()
                .all()
            )
        per_day: dict[str, Counter] = {}
        for created_at, labels, _ in recent:
            for label in labels.split(","):
                per_day.setdefault(label, Counter())[created_at.date()] += 1
        today = date.today()
        days = [today - timedelta(days=offset) for offset in range(DAYS - 1, -1, -1)]
        top_sources = Counter(source for _, _, source in recent).most_common(10)
        return web.render(
            request,
            "overview.html",
            user,
            chart=daily_bars(days, per_day),
            per_day=per_day,
            days=days,
            top_sources=top_sources,
            narratives=[(NARRATIVE_SV.get(name, name), n) for name, n in narratives.most_common()],
            by_status=by_status,
            source_rows=[
                (s, sources.get(s.id), runs.get(s.id, 0)) for s in web.runtime.settings.sources
            ],
            deliveries=deliveries,
            failed_alerts=failed_alerts,
        )

    return routes
