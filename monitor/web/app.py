"""The FastAPI application: review interface (Swedish), health check, static files."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import func, select

from models.tables import ReviewItem, Source
from monitor.db import session_scope
from monitor.runtime import Runtime
from monitor.web import (
    auth_routes,
    item_routes,
    metrics_routes,
    notice_routes,
    overview_routes,
    queue_routes,
)
from monitor.web.context import LoginRequired, WebContext, redirect
from monitor.web.security import SecurityHeaders

STATIC = Path(__file__).parent / "static"
HEADINGS = {
    400: "Felaktig begäran",
    403: "Ingen behörighet",
    404: "Hittades inte",
    409: "Går inte att göra",
}


def create_app(runtime: Runtime) -> FastAPI:
    app = FastAPI(title="Socialvakt", docs_url=None, redoc_url=None, openapi_url=None)
    web = WebContext.create(runtime)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (auth_routes, queue_routes, item_routes, overview_routes, notice_routes):
        app.include_router(module.router(web))
    app.include_router(metrics_routes.router(web))  # /metrics, local clients only by default

    @app.exception_handler(LoginRequired)
    def login_required(request: Request, _exc: LoginRequired):
        return redirect("/login")

    @app.exception_handler(HTTPException)
    def http_error(request: Request, exc: HTTPException):
        if exc.status_code == 303:
            return redirect(exc.headers["Location"])
        heading = HEADINGS.get(exc.status_code, "Något gick fel")
        return web.render(
            request,
            "error.html",
            web.user(request),
            status_code=exc.status_code,
            heading=heading,
            message=str(exc.detail),
        )

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        """Liveness for IT's monitoring: the database answers, and which sources fail."""
        try:
            with session_scope(runtime.engine) as session:
                new_items = session.execute(
                    select(func.count()).select_from(ReviewItem).where(ReviewItem.status == "new")
                ).scalar_one()
                failing = (
                    session.execute(select(Source.id).where(Source.health == "failing"))
                    .scalars()
                    .all()
                )
        except Exception as exc:  # the endpoint's whole job is to report this
            return JSONResponse({"status": "error", "database": str(exc)[:200]}, status_code=503)
        return JSONResponse(
            {
                "status": "ok",
                "model": runtime.classifier.version,
                "new_items": new_items,
                "failing_sources": failing,
            }
        )

    return app
