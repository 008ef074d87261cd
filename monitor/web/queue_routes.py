"""The queue: filters, pages, bulk decisions and export."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import select

from models.enums import ReviewStatus, Role
from models.tables import Classification, ReviewItem, User
from monitor.db import session_scope
from monitor.queue import OPEN_STATUSES, QueueFilter, count, filtered, page
from monitor.review import WorkflowError, change_status
from monitor.web.context import STATUS_SV, WebContext, redirect
from monitor.web.highlight import masked_text

PREVIEW_CHARS = 280
EXPORT_LIMIT = 100_000


def spreadsheet_safe(value: object) -> object:
    """Post text is hostile: a cell starting with = + - @ would run as a formula in Excel."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def filter_from(request: Request) -> QueueFilter:
    q = request.query_params
    status = q.get("status") or "open"
    statuses = OPEN_STATUSES if status == "open" else (() if status == "all" else (status,))
    assignee = q.get("assignee")
    return QueueFilter(
        statuses=tuple(s for s in statuses if s in STATUS_SV),
        label=q.get("label") or None,
        severity=q.get("severity") or None,
        platform=q.get("platform") or None,
        source=q.get("source") or None,
        assignee_id=int(assignee) if assignee and assignee.isdigit() else None,
        date_from=_date(q.get("from")),
        date_to=_date(q.get("to")),
        search=(q.get("q") or "").strip() or None,
        sort="score" if q.get("sort") == "score" else "newest",
    )


def is_masked_for(user: User, labels: str) -> bool:
    return "doxxing" in labels and Role(user.role) == Role.COMMUNICATIONS


def preview(user: User, row, results: dict[int, dict]) -> str:
    text = row.post.text
    if is_masked_for(user, row.item.labels):
        text = masked_text(text, results.get(row.post.id, {}))
    return text[:PREVIEW_CHARS] + ("…" if len(text) > PREVIEW_CHARS else "")


def _results(session, post_ids: list[int]) -> dict[int, dict]:
    rows = session.execute(
        select(Classification.post_id, Classification.result_json).where(
            Classification.post_id.in_(post_ids)
        )
    )
    return {post_id: json.loads(result) for post_id, result in rows}


def router(web: WebContext) -> APIRouter:
    routes = APIRouter()

    @routes.get("/")
    def home(request: Request):
        web.require(request)
        return redirect("/queue")

    @routes.get("/queue")
    def queue_page(request: Request):
        user = web.require(request)
        query_filter = filter_from(request)
        after = request.query_params.get("after")
        with session_scope(web.runtime.engine) as session:
            try:
                rows, next_cursor = page(session, query_filter, after)
            except ValueError as exc:
                raise HTTPException(400, "Ogiltig sidhänvisning.") from exc
            total = count(session, query_filter)
            results = _results(session, [row.post.id for row in rows])
            users = list(session.execute(select(User).where(User.disabled.is_(False))).scalars())
            sources = sorted(s.id for s in web.runtime.settings.sources)
        params = dict(request.query_params)
        params.pop("after", None)
        return web.render(
            request,
            "queue.html",
            user,
            rows=[(row, preview(user, row, results)) for row in rows],
            total=total,
            next_cursor=next_cursor,
            params=params,
            users=users,
            sources=sources,
        )

    @routes.post("/queue/bulk")
    async def bulk(request: Request):
        user = web.require(request)
        form = await request.form()
        web.check_csrf(request, form.get("csrf"))
        action = form.get("action")
        targets = {"confirm": ReviewStatus.CONFIRMED, "dismiss": ReviewStatus.DISMISSED}
        if action not in targets:
            raise HTTPException(400, "Okänd åtgärd.")
        ids = [int(value) for value in form.getlist("item") if str(value).isdigit()][:500]
        skipped = 0
        with session_scope(web.runtime.engine) as session:
            for item_id in ids:
                item = session.get(ReviewItem, item_id)
                try:
                    change_status(session, item, targets[action], user.username, form.get("reason"))
                except (WorkflowError, AttributeError):
                    skipped += 1
        back = str(form.get("back") or "/queue")
        back = back if back.startswith("/queue") else "/queue"
        if skipped:
            back += ("&" if "?" in back else "?") + f"skipped={skipped}"
        return redirect(back)

    @routes.get("/queue.csv")
    def export_csv(request: Request):
        return _export(request, "csv")

    @routes.get("/queue.jsonl")
    def export_jsonl(request: Request):
        return _export(request, "jsonl")

    def _export(request: Request, kind: str):
        user = web.require(request)
        query_filter = filter_from(request)
        fields = [
            "item_id",
            "status",
            "labels",
            "severity",
            "score",
            "platform",
            "source_id",
            "url",
            "created_at",
            "text",
        ]

        def rows():
            with session_scope(web.runtime.engine) as session:
                query = filtered(query_filter).order_by(ReviewItem.id.desc())
                buffer = io.StringIO()
                writer = csv.writer(buffer)
                if kind == "csv":
                    writer.writerow(fields)
                for item, post in session.execute(query.limit(EXPORT_LIMIT)):
                    text = post.text
                    if is_masked_for(user, item.labels):
                        text = masked_text(text, _results(session, [post.id]).get(post.id, {}))
                    record = [
                        item.id,
                        item.status,
                        item.labels,
                        item.severity,
                        item.score,
                        item.platform,
                        item.source_id,
                        post.url,
                        item.created_at.isoformat(),
                        text,
                    ]
                    if kind == "csv":
                        writer.writerow([spreadsheet_safe(value) for value in record])
                        yield buffer.getvalue()
                        buffer.seek(0)
                        buffer.truncate()
                    else:
                        yield (
                            json.dumps(dict(zip(fields, record, strict=True)), ensure_ascii=False)
                            + "\n"
                        )

        media = "text/csv; charset=utf-8" if kind == "csv" else "application/x-ndjson"
        headers = {"Content-Disposition": f'attachment; filename="socialvakt-ko.{kind}"'}
        return StreamingResponse(rows(), media_type=media, headers=headers)

    return routes
