"""`socialvakt run`: the scheduler and the web server in one process, stopped cleanly by signals.

Each source is one APScheduler job at its `every`, with jitter, never two runs of one source at
once (max_instances=1) and missed runs coalesced. On SIGTERM/SIGINT the scheduler stops taking new
runs and running scrapes get `shutdown_grace` to commit; a scrape cut off after that rolls back,
and its cursor was never moved, so the next start re-fetches.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from datetime import UTC, datetime

import uvicorn
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from monitor.runtime import Runtime, make_http_client
from monitor.scraping import record_startup_problems, register_sources, run_source
from monitor.web.app import create_app

log = logging.getLogger(__name__)


class Service:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.settings = runtime.settings
        self.running: set[asyncio.Task] = set()
        self.stopping = asyncio.Event()

    async def _scrape(self, source) -> None:
        task = asyncio.current_task()
        self.running.add(task)
        try:
            run = await run_source(self.runtime.engine, self.runtime.pipeline, self.http, source)
            if run.posts_flagged:
                await self._deliver_alerts()
            log.info(
                "source %s: %d new, %d seen, %d flagged%s",
                source.id,
                run.posts_new,
                run.posts_seen,
                run.posts_flagged,
                f", error: {run.error}" if run.error else "",
            )
        finally:
            self.running.discard(task)

    async def _deliver_alerts(self) -> None:
        stats = await asyncio.to_thread(self.runtime.alerts.deliver_due)
        if stats.sent or stats.failed:
            log.info("alerts: %d sent, %d failed (will retry)", stats.sent, stats.failed)

    def _schedule(self, scheduler: AsyncIOScheduler) -> None:
        scheduler.add_job(
            self._deliver_alerts,
            "interval",
            id="alerts",
            seconds=int(self.settings.scheduler.alert_every.total_seconds()),
            next_run_time=datetime.now(UTC),
            max_instances=1,
            coalesce=True,
        )
        jitter = int(self.settings.scheduler.jitter.total_seconds())
        for source in record_startup_problems(self.runtime.engine, self.settings):
            scheduler.add_job(
                self._scrape,
                "interval",
                args=[source],
                id=f"source:{source.id}",
                seconds=int(source.every.total_seconds()),
                jitter=jitter or None,
                next_run_time=datetime.now(UTC),
                max_instances=1,
                coalesce=True,
                misfire_grace_time=int(source.every.total_seconds()),
            )

    async def serve(self) -> None:
        register_sources(self.runtime.engine, self.settings)
        self.http = make_http_client(self.settings)
        scheduler = AsyncIOScheduler(timezone=UTC)
        self._schedule(scheduler)
        web = uvicorn.Server(
            uvicorn.Config(
                create_app(self.runtime),
                host=self.settings.web.host,
                port=self.settings.web.port,
                log_level="warning",
                lifespan="off",
            )
        )
        web.install_signal_handlers = lambda: None  # we own the signals, see _stop
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, self.stopping.set)
        scheduler.start()
        web_task = asyncio.create_task(web.serve())
        log.info(
            "Socialvakt running: %d source(s), web on http://%s:%d",
            len([job for job in scheduler.get_jobs() if job.id.startswith("source:")]),
            self.settings.web.host,
            self.settings.web.port,
        )
        stop_task = asyncio.create_task(self.stopping.wait())
        await asyncio.wait({web_task, stop_task}, return_when=asyncio.FIRST_COMPLETED)
        await self._shutdown(scheduler, web, web_task)

    async def _shutdown(self, scheduler: AsyncIOScheduler, web: uvicorn.Server, web_task) -> None:
        log.info("stopping: waiting for %d running scrape(s)", len(self.running))
        scheduler.shutdown(wait=False)
        grace = self.settings.scheduler.shutdown_grace.total_seconds()
        if self.running:
            done, pending = await asyncio.wait(set(self.running), timeout=grace)
            for task in pending:
                task.cancel()
        web.should_exit = True
        await web_task
        await self.http.aclose()
        self.runtime.engine.dispose()
        log.info("stopped")
