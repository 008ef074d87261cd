"""Logging in and out, and changing one's password."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Form, Request
from sqlalchemy import select

from models.tables import AuditEvent, User
from monitor.db import session_scope
from monitor.users import MIN_PASSWORD_LENGTH, UserError, hash_password, verify_password
from monitor.web.context import WebContext, redirect
from monitor.web.sessions import SESSION_COOKIE

MAX_FIELD = 256


def router(web: WebContext) -> APIRouter:
    routes = APIRouter()

    @routes.get("/login")
    def login_form(request: Request):
        return web.render(request, "login.html", None)

    @routes.post("/login")
    def login(
        request: Request, username: str = Form(""), password: str = Form(""), csrf: str = Form("")
    ):
        web.check_csrf(request, csrf)
        username, password = username.strip()[:MAX_FIELD], password[:MAX_FIELD]
        address = request.client.host if request.client else "?"
        if web.limiter.blocked(username, address):
            return web.render(
                request,
                "login.html",
                None,
                status_code=429,
                error="För många misslyckade försök. Vänta en kvart och försök igen.",
            )
        with session_scope(web.runtime.engine) as session:
            user = session.execute(
                select(User).where(User.username == username)
            ).scalar_one_or_none()
            ok = (
                user is not None
                and not user.disabled
                and verify_password(user.password_hash, password)
            )
            if ok:
                user.last_login_at = datetime.now(UTC)
                session.add(user)
                session.add(AuditEvent(actor=user.username, action="login"))
        if not ok:
            web.limiter.failed(username, address)
            return web.render(
                request,
                "login.html",
                None,
                status_code=401,
                error="Fel användarnamn eller lösenord.",
            )
        web.limiter.succeeded(username)
        response = redirect("/password" if user.must_change_password else "/queue")
        web.start_session(response, user, user.password_hash)
        return response

    @routes.post("/logout")
    def logout(request: Request, csrf: str = Form("")):
        web.check_csrf(request, csrf)
        response = redirect("/login")
        response.delete_cookie(SESSION_COOKIE)
        return response

    @routes.get("/password")
    def password_form(request: Request):
        user = web.require(request)
        return web.render(request, "password.html", user, minimum=MIN_PASSWORD_LENGTH)

    @routes.post("/password")
    def change_password(
        request: Request,
        current: str = Form(""),
        new: str = Form(""),
        repeat: str = Form(""),
        csrf: str = Form(""),
    ):
        user = web.require(request)
        web.check_csrf(request, csrf)
        error = None
        if not verify_password(user.password_hash, current[:MAX_FIELD]):
            error = "Nuvarande lösenord stämmer inte."
        elif new != repeat:
            error = "De nya lösenorden är inte lika."
        elif new == current:
            error = "Välj ett nytt lösenord."
        if error is None:
            try:
                new_hash = hash_password(new[:MAX_FIELD])
            except UserError:
                error = f"Lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken."
        if error:
            return web.render(
                request,
                "password.html",
                user,
                status_code=400,
                error=error,
                minimum=MIN_PASSWORD_LENGTH,
            )
        with session_scope(web.runtime.engine) as session:
            stored = session.get(User, user.id)
            stored.password_hash = new_hash
            stored.must_change_password = False
            session.add(stored)
            session.add(AuditEvent(actor=user.username, action="password_changed"))
        response = redirect("/queue")
        web.start_session(response, user, new_hash)
        return response

    return routes
