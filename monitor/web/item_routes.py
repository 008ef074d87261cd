"""One item: the post with its evidence, near-identical posts, history and the actions."""

from __future__ import annotations

import json

from fastapi import APIRouter, Form, HTTPException, Request
from sqlalchemy import func, select

from models.enums import ReviewStatus, Role, can_transition
from models.tables import Alert, AuditEvent, Classification, Post, ReviewItem, User
from monitor.db import session_scope
from monitor.review import WorkflowError, add_note, assign, change_status, record_view
from monitor.web.context import WebContext, redirect
from monitor.web.highlight import segments
from monitor.web.notice_routes import item_panel
from monitor.web.queue_routes import is_masked_for

SIMILAR_SHOWN = 20


def _spread(session, post: Post) -> dict | None:
    """'The same text, 40 times, on 3 platforms, in 2 hours': the post's near-duplicate group."""
    if post.dup_group is None:
        return None
    group = Post.dup_group == post.dup_group
    total, platforms, first, last = session.execute(
        select(
            func.count(),
            func.count(func.distinct(Post.platform)),
            func.min(Post.first_seen_at),
            func.max(Post.first_seen_at),
        ).where(group)
    ).one()
    if total < 2:
        return None
    others = (
        session.execute(
            select(Post)
            .where(group, Post.id != post.id)
            .order_by(Post.id.desc())
            .limit(SIMILAR_SHOWN)
        )
        .scalars()
        .all()
    )
    return {"total": total, "platforms": platforms, "first": first, "last": last, "others": others}


def router(web: WebContext) -> APIRouter:
    routes = APIRouter()

    def load(session, item_id: int) -> tuple[ReviewItem, Post, dict]:
        item = session.get(ReviewItem, item_id)
        if item is None:
            raise HTTPException(404, "Ärendet finns inte.")
        post = session.get(Post, item.post_id)
        result_json = (
            session.execute(
                select(Classification.result_json)
                .where(Classification.post_id == post.id)
                .order_by(Classification.id.desc())
            )
            .scalars()
            .first()
        )
        return item, post, json.loads(result_json or "{}")

    @routes.get("/items/{item_id}")
    def item_page(request: Request, item_id: int):
        user = web.require(request)
        with session_scope(web.runtime.engine) as session:
            item, post, result = load(session, item_id)
            masked = is_masked_for(user, item.labels)
            if "doxxing" in item.labels:
                record_view(session, item, user.username, masked)
            history = (
                session.execute(
                    select(AuditEvent).where(AuditEvent.item_id == item.id).order_by(AuditEvent.id)
                )
                .scalars()
                .all()
            )
            alerts = session.execute(select(Alert).where(Alert.item_id == item.id)).scalars().all()
            users = list(
                session.execute(
                    select(User).where(User.disabled.is_(False)).order_by(User.username)
                ).scalars()
            )
            spread = _spread(session, post)
            notice_panel = item_panel(session, web.runtime.settings, item, post)
            next_item = session.execute(
                select(ReviewItem.id)
                .where(ReviewItem.id < item.id, ReviewItem.status.in_(("new", "in_review")))
                .order_by(ReviewItem.id.desc())
                .limit(1)
            ).scalar()
        current = ReviewStatus(item.status)
        moves = [s for s in ReviewStatus if s != current and can_transition(current, s)]
        return web.render(
            request,
            "item.html",
            user,
            item=item,
            post=post,
            result=result,
            segments=segments(post.text, result, mask=masked),
            masked=masked,
            history=history,
            alerts=alerts,
            users=users,
            spread=spread,
            moves=moves,
            next_item=next_item,
            can_see_full=Role(user.role) in (Role.SECURITY, Role.ADMIN),
            **notice_panel,
        )

    @routes.post("/items/{item_id}/status")
    def set_status(
        request: Request,
        item_id: int,
        to: str = Form(""),
        note: str = Form(""),
        csrf: str = Form(""),
        next: str = Form(""),
    ):
        user = web.require(request)
        web.check_csrf(request, csrf)
        try:
            target = ReviewStatus(to)
        except ValueError as exc:
            raise HTTPException(400, "Okänd status.") from exc
        with session_scope(web.runtime.engine) as session:
            item, _, _ = load(session, item_id)
            try:
                change_status(session, item, target, user.username, note)
            except WorkflowError as exc:
                raise HTTPException(409, _workflow_message(exc)) from exc
        return redirect(_after_action(next, item_id))

    @routes.post("/items/{item_id}/assign")
    def set_assignee(
        request: Request, item_id: int, assignee: str = Form(""), csrf: str = Form("")
    ):
        user = web.require(request)
        web.check_csrf(request, csrf)
        with session_scope(web.runtime.engine) as session:
            item, _, _ = load(session, item_id)
            target = session.get(User, int(assignee)) if assignee.isdigit() else None
            assign(session, item, target, user.username)
        return redirect(f"/items/{item_id}")

    @routes.post("/items/{item_id}/note")
    def write_note(request: Request, item_id: int, note: str = Form(""), csrf: str = Form("")):
        user = web.require(request)
        web.check_csrf(request, csrf)
        with session_scope(web.runtime.engine) as session:
            item, _, _ = load(session, item_id)
            try:
                add_note(session, item, user.username, note)
            except WorkflowError as exc:
                raise HTTPException(400, "Anteckningen är tom.") from exc
        return redirect(f"/items/{item_id}")

    return routes


def _after_action(next_target: str, item_id: int) -> str:
    """Where a decision leads: the next item, back to the queue page, or this item again."""
    if next_target.isdigit():
        return f"/items/{int(next_target)}"
    if next_target.startswith("/queue") and "//" not in next_target:
        return next_target
    return f"/items/{item_id}"


def _workflow_message(error: WorkflowError) -> str:
    text = str(error)
    if "needs a reason" in text:
        return "Ange ett skäl när du avfärdar ett ärende."
    return "Den statusändringen är inte tillåten från ärendets nuvarande status."
