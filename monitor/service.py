"""`socialvakt run`: the scheduler and the web server in one process, stopped cleanly by signals.

Each source is one APScheduler job at its `every`, with jitter, never two runs of one source at
once (max_instances=1) and missed runs coalesced. On SIGTERM/SIGINT the scheduler stops taking new
runs and running scrapes get `shutdown_grace` to commit; a scrape cut off after that rolls back,
and its cursor was never moved, so the next start re-fetches.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import uvicorn
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from monitor.db import refresh_planner_statistics
from monitor.digest import send_if_due
from monitor.notices.followup import recheck_notices
from monitor.retention import purge
from monitor.runtime import Runtime, make_http_client
from monitor.scraping import record_startup_problems, register_sources, run_source
from monitor.web.app import create_app

log = logging.getLogger(__name__)

# After a failed digest (mail relay down), the next try.
DIGEST_RETRY = timedelta(minutes=15)


class Service:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.settings = runtime.settings
        self.running: set[asyncio.Task] = set()
        self.stopping = asyncio.Event()
        self._scheduler: AsyncIOScheduler | None = None

    @contextlib.asynccontextmanager
    async def _tracked(self) -> AsyncIterator[None]:
        """A scheduled job in progress: on shutdown it gets `shutdown_grace` to finish."""
        task = asyncio.current_task()
        self.running.add(task)
        try:
            yield
        finally:
            self.running.discard(task)

    async def _scrape(self, source) -> None:
        async with self._tracked():
            run = await run_source(self.runtime.engine, self.runtime.pipeline, self.http, source)
            if run.posts_flagged:
                await self._deliver_due_alerts()
            log.info(
                "source %s: %d new, %d seen, %d flagged%s",
                source.id,
                run.posts_new,
                run.posts_seen,
                run.posts_flagged,
                f", error: {run.error}" if run.error else "",
            )

    async def _deliver_alerts(self) -> None:
        async with self._tracked():
            try:
                await self._deliver_due_alerts()
            except asyncio.CancelledError:
                # Cut off after the grace period: the delivery goes on in its thread and records
                # its outcome; an alert left "sending" goes out again at the next start.
                log.info("stopping: the alert delivery in progress finishes first")

    async def _deliver_due_alerts(self) -> None:
        stats = await asyncio.to_thread(self.runtime.alerts.deliver_due)
        if stats.sent or stats.failed:
            log.info("alerts: %d sent, %d failed (will retry)", stats.sent, stats.failed)

    async def _recheck_notices(self) -> None:
        """Follow-up of sent takedown notices; the database work runs in a thread."""
        async with self._tracked():
            try:
                await recheck_notices(self.runtime.engine, self.http, self.settings)
            except Exception:  # one failed round must not stop the schedule
                log.exception("notice follow-up failed; trying again next round")

    async def _purge(self) -> None:
        """The daily retention purge (monitor/retention.py); batched, so scrapes carry on."""
        async with self._tracked():
            try:
                await asyncio.to_thread(
                    purge, self.runtime.engine, self.settings.retention, stop=self.stopping.is_set
                )
                await asyncio.to_thread(refresh_planner_statistics, self.runtime.engine)
            except Exception:  # one failed round must not stop the schedule
                log.exception("retention purge failed; trying again tomorrow")

    async def _digest(self) -> None:
        """The daily digest (monitor/digest.py): sent if today's has not gone out yet, so the
        start-up run catches up after downtime and a restart never sends a second one."""
        async with self._tracked():
            try:
                await asyncio.to_thread(send_if_due, self.runtime.engine, self.settings)
            except asyncio.CancelledError:
                # Shutdown cancels running jobs; the send goes on in its thread, and is recorded
                # there, before the process exits (asyncio.run waits for the default executor).
                log.info("stopping: the daily digest being sent finishes first")
            except Exception as exc:  # the mail relay may be down: try again later, do not stop
                log.warning(
                    "daily digest not sent (%s: %s); trying again in %d min",
                    type(exc).__name__,
                    exc,
                    DIGEST_RETRY.seconds // 60,
                )
                if self._scheduler is not None and not self.stopping.is_set():
                    self._scheduler.add_job(
                        self._digest,
                        "date",
                        id="digest-retry",
                        run_date=datetime.now(UTC) + DIGEST_RETRY,
                        replace_existing=True,
                    )

    def _schedule_digest(self, scheduler: AsyncIOScheduler) -> None:
        digest = self.settings.digest
        if digest is None:
            return
        self._scheduler = scheduler
        scheduler.add_job(
            self._digest,
            "cron",
            id="digest",
            hour=digest.at.hour,
            minute=digest.at.minute,
            timezone=digest.zone,
            # Also once at start-up: sends only if the service was down when it was due.
            next_run_time=datetime.now(UTC),
            max_instances=1,
            coalesce=True,
            misfire_grace_time=3600,
        )

    def _schedule(self, scheduler: AsyncIOScheduler) -> None:
        self._schedule_digest(scheduler)
        if self.settings.retention.daily:
            scheduler.add_job(
                self._purge,
                "interval",
                id="purge",
                days=1,
                next_run_time=datetime.now(UTC) + timedelta(minutes=10),
                max_instances=1,
                coalesce=True,
            )
        scheduler.add_job(
            self._recheck_notices,
            "interval",
            id="notices",
            seconds=int(self.settings.notices.recheck_every.total_seconds()),
            next_run_time=datetime.now(UTC) + timedelta(minutes=1),
            max_instances=1,
            coalesce=True,
        )
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
        refresh_planner_statistics(self.runtime.engine)
        # Alerts a killed predecessor left mid-delivery go out again now, with the same ids.
        self.runtime.alerts.recover_interrupted()
        self.http = make_http_client(self.settings)
        scheduler = AsyncIOScheduler(timezone=UTC)
        self._schedule(scheduler)
        web = uvicorn.Server(
            uvicorn.Config(
                create_app(self.runtime),
                host=self.settings.web.host,
                port=self.settings.web.port,
                log_level="warning",
                log_config=None,  # uvicorn logs through ours (text or JSON lines, config.yaml)
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
        # Pause, not shutdown: APScheduler 3's shutdown cancels running coroutine jobs at once,
        # which would take the grace period away from a scrape that is about to commit.
        scheduler.pause()
        grace = self.settings.scheduler.shutdown_grace.total_seconds()
        if self.running:
            done, pending = await asyncio.wait(set(self.running), timeout=grace)
            for task in pending:
                task.cancel()
        scheduler.shutdown(wait=False)
        web.should_exit = True
        await web_task
        await self.http.aclose()
        self.runtime.engine.dispose()
        log.info("stopped")
