"""The FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import func, select

from models.tables import ReviewItem, Source
from monitor.db import session_scope
from monitor.runtime import Runtime


def create_app(runtime: Runtime) -> FastAPI:
    app = FastAPI(title="Socialvakt", docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        """Liveness for IT's monitoring: the database answers and the sources' health."""
        try:
            with session_scope(runtime.engine) as session:
                open_items = session.execute(
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
                "new_items": open_items,
                "failing_sources": failing,
            }
        )

    return app
