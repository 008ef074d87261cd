"""Wiring: settings → database engine, classifier and pipeline, built once per process."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from classifiers.doxxing import DoxxingDetector
from classifiers.engine import Classifier
from models.enums import Severity
from monitor.config import Settings
from monitor.db import make_engine
from monitor.modelstore import ensure_model
from monitor.pipeline import AlertPolicy, Pipeline
from monitor.staff_registry import load_staff


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    classifier: Classifier
    pipeline: Pipeline


def alert_channels(settings: Settings) -> tuple[str, ...]:
    channels = ["email"] if settings.alerts.email else []
    channels += [f"webhook:{hook.name}" for hook in settings.alerts.webhooks]
    return tuple(channels)


def build_runtime(settings: Settings) -> Runtime:
    engine = make_engine(settings.database_url)
    staff = load_staff(engine, settings)
    classifier = Classifier(ensure_model(settings.model_path), DoxxingDetector(staff))
    policy = AlertPolicy(alert_channels(settings), Severity(settings.alerts.min_severity))
    return Runtime(settings, engine, classifier, Pipeline(engine, classifier, policy))
