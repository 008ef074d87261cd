"""Wiring: settings → database engine, classifier and pipeline, built once per process."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from classifiers.doxxing.staff import StaffRecord
from classifiers.engine import Classifier
from models.enums import Severity
from monitor.alerts.dispatcher import AlertDispatcher
from monitor.config import Settings
from monitor.db import make_engine
from monitor.modelstore import classifier_for, ensure_model
from monitor.pipeline import AlertPolicy, Pipeline
from monitor.staff_registry import load_staff
from scrapers.http import HttpClient


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    classifier: Classifier
    pipeline: Pipeline
    alerts: AlertDispatcher


def make_http_client(settings: Settings) -> HttpClient:
    http = settings.http
    return HttpClient(
        http.contact,
        timeout=http.timeout.total_seconds(),
        max_bytes=http.max_bytes,
        per_host_interval=http.per_host_interval.total_seconds(),
        retries=http.retries,
        retry_backoff=http.retry_backoff.total_seconds(),
        max_retry_wait=http.max_retry_wait.total_seconds(),
        obey_robots=http.obey_robots,
    )


def alert_channels(settings: Settings) -> tuple[str, ...]:
    channels = ["email"] if settings.alerts.email else []
    channels += [f"webhook:{hook.name}" for hook in settings.alerts.webhooks]
    return tuple(channels)


def build_runtime(settings: Settings) -> Runtime:
    engine = make_engine(settings.database_url)
    staff = load_staff(engine, settings)
    model = ensure_model(settings.model_path)
    classifier = classifier_for(model, staff)
    policy = AlertPolicy(alert_channels(settings), Severity(settings.alerts.min_severity))
    dispatcher = AlertDispatcher(engine, settings, staff_describer(staff))
    return Runtime(settings, engine, classifier, Pipeline(engine, classifier, policy), dispatcher)


def staff_describer(staff: list[StaffRecord]):
    """How alerts name the affected staff: name and role, looked up by registry id."""
    by_id = {record.id: record for record in staff}

    def describe(staff_ids: list[str]) -> list[str]:
        described = []
        for staff_id in staff_ids:
            record = by_id.get(staff_id)
            if record is not None:
                role = ", ".join(part for part in (record.role, record.unit) if part)
                described.append(f"{record.name} ({role})" if role else record.name)
        return described

    return describe
