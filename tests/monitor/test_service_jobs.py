"""Scheduled jobs and shutdown: a job in progress is waited for, and a cut-off one ends quietly."""

from __future__ import annotations

import asyncio
import logging
import time

from monitor.alerts.dispatcher import DeliveryStats
from monitor.db import migrate
from monitor.runtime import build_runtime
from monitor.secretkey import create_secret_key
from monitor.service import Service


def slow_service(make_config, monkeypatch, finished: list[bool]) -> Service:
    settings = make_config()
    migrate(settings.database_url)
    create_secret_key(settings.secret_key_path)
    runtime = build_runtime(settings)

    def slow_delivery(now=None) -> DeliveryStats:
        time.sleep(0.5)  # a slow mail relay
        finished.append(True)
        return DeliveryStats()

    monkeypatch.setattr(runtime.alerts, "deliver_due", slow_delivery)
    return Service(runtime)


def test_shutdown_waits_for_the_alert_delivery_in_progress(make_config, monkeypatch):
    finished: list[bool] = []
    service = slow_service(make_config, monkeypatch, finished)

    async def scenario() -> None:
        job = asyncio.create_task(service._deliver_alerts())
        await asyncio.sleep(0.1)
        assert job in service.running, "shutdown would not know to wait for it"
        _, pending = await asyncio.wait(set(service.running), timeout=5)
        assert not pending

    asyncio.run(scenario())
    assert finished == [True]
    service.runtime.engine.dispose()


def test_alert_delivery_cut_off_at_shutdown_ends_without_a_traceback(
    make_config, monkeypatch, caplog
):
    finished: list[bool] = []
    service = slow_service(make_config, monkeypatch, finished)

    async def scenario() -> None:
        job = asyncio.create_task(service._deliver_alerts())
        await asyncio.sleep(0.1)
        job.cancel()  # what the scheduler's shutdown does after the grace period
        await job  # no CancelledError escapes to the scheduler, which would log a traceback
        assert job not in service.running

    with caplog.at_level(logging.INFO, logger="monitor.service"):
        asyncio.run(scenario())  # the loop's executor lets the delivery's thread finish
    assert finished == [True], "the delivery itself was not cut off"
    assert "the alert delivery in progress finishes first" in caplog.text
    service.runtime.engine.dispose()
