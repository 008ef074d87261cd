"""`/metrics` in Prometheus text format, on the review interface's port.

Nothing in it is personal data (counts by source id, label, channel and status), but it tells an
outsider which sources are watched and how busy the queue is. So by default it answers only clients
on this machine (127.0.0.1, ::1) that did not come through a proxy; a Prometheus elsewhere needs
`web.metrics_public: true` (and a firewall rule or the proxy limiting who may ask).
"""

from __future__ import annotations

import ipaddress

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import PlainTextResponse
from sqlalchemy import func, select

from models.enums import DeliveryStatus, ReviewStatus
from models.tables import Alert, Post, ReviewItem, Source
from monitor import metrics
from monitor.db import session_scope
from monitor.web.context import WebContext

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Headers a reverse proxy adds: a request carrying one came from elsewhere, whatever its address.
PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


def is_local(request: Request) -> bool:
    if any(header in request.headers for header in PROXY_HEADERS):
        return False
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def database_gauges(web: WebContext) -> list[str]:
    """Read at scrape time, so they are right whichever process changed the database."""
    with session_scope(web.runtime.engine) as session:
        items = dict(
            session.execute(
                select(ReviewItem.status, func.count()).group_by(ReviewItem.status)
            ).all()
        )
        alerts = dict(
            session.execute(select(Alert.status, func.count()).group_by(Alert.status)).all()
        )
        health = dict(session.execute(select(Source.id, Source.health)).all())
        posts = session.execute(select(func.count()).select_from(Post)).scalar_one()
    queue = {status.value: items.get(status.value, 0) for status in ReviewStatus}
    enabled = {source.id for source in web.runtime.settings.sources if source.enabled}
    lines = metrics.gauge_lines(
        "socialvakt_review_items", "Review items in the database, by status.", "status", queue
    )
    lines += metrics.gauge_lines(
        "socialvakt_alerts",
        "Alert rows by delivery status (pending = queued or waiting for a retry, sending = "
        "being delivered now or interrupted by a stop).",
        "status",
        {status.value: alerts.get(status.value, 0) for status in DeliveryStatus},
    )
    lines += metrics.gauge_lines(
        "socialvakt_source_failing",
        "1 when an enabled source's last run failed, else 0.",
        "source",
        {source_id: int(health.get(source_id) == "failing") for source_id in enabled},
    )
    lines += metrics.gauge_lines("socialvakt_posts_stored", "Posts in the database.", None, posts)
    return lines


def router(web: WebContext) -> APIRouter:
    routes = APIRouter()

    @routes.get("/metrics", include_in_schema=False)
    def metrics_endpoint(request: Request) -> PlainTextResponse:
        if not (web.runtime.settings.web.metrics_public or is_local(request)):
            raise HTTPException(
                status_code=403,
                detail="/metrics svarar bara på denna dator (se web.metrics_public).",
            )
        body = metrics.REGISTRY.render() + "\n".join(database_gauges(web)) + "\n"
        return PlainTextResponse(body, media_type=CONTENT_TYPE)

    return routes
