"""A small, thread-safe metrics registry and its Prometheus text exposition (format 0.0.4).

Hand-written so the service needs no extra dependency: counters and histograms are kept in this
process (scrapes, classification and alert delivery run in worker threads, hence the lock), and
`/metrics` adds gauges read from the database at scrape time (monitor/web/metrics_routes.py).
Label values are source ids, channel names, statuses and label names only: never post text, an
author or anything about a person.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Sequence

LabelValues = tuple[str, ...]

# Seconds: one fetch's batch is classified in milliseconds to a few seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


def _escape_label(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(names: Sequence[str], values: LabelValues, extra: str = "") -> str:
    parts = [f'{name}="{_escape_label(value)}"' for name, value in zip(names, values, strict=True)]
    if extra:
        parts.append(extra)
    return "{" + ",".join(parts) + "}" if parts else ""


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


class _Metric:
    kind = "untyped"

    def __init__(self, name: str, help_text: str, labelnames: Sequence[str] = ()) -> None:
        self.name = name
        self.help = help_text
        self.labelnames = tuple(labelnames)
        self._lock = threading.Lock()

    def _key(self, labels: dict[str, str]) -> LabelValues:
        if set(labels) != set(self.labelnames):
            raise ValueError(f"{self.name} takes labels {self.labelnames}, got {tuple(labels)}")
        return tuple(str(labels[name]) for name in self.labelnames)

    def header(self) -> list[str]:
        return [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} {self.kind}"]

    def samples(self) -> list[str]:
        raise NotImplementedError


class Counter(_Metric):
    """A count that only goes up (reset when the process restarts; Prometheus copes)."""

    kind = "counter"

    def __init__(self, name: str, help_text: str, labelnames: Sequence[str] = ()) -> None:
        super().__init__(name, help_text, labelnames)
        self._values: dict[LabelValues, float] = {}

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        if amount < 0:
            raise ValueError("a counter only goes up")
        key = self._key(labels)
        with self._lock:
            self._values[key] = self._values.get(key, 0.0) + amount

    def value(self, **labels: str) -> float:
        with self._lock:
            return self._values.get(self._key(labels), 0.0)

    def samples(self) -> list[str]:
        with self._lock:
            items = sorted(self._values.items())
        if not items and not self.labelnames:
            items = [((), 0.0)]
        return [f"{self.name}{_labels(self.labelnames, k)} {_number(v)}" for k, v in items]


class Histogram(_Metric):
    """Observations counted into cumulative buckets, with their sum and count."""

    kind = "histogram"

    def __init__(
        self,
        name: str,
        help_text: str,
        labelnames: Sequence[str] = (),
        buckets: Iterable[float] = LATENCY_BUCKETS,
    ) -> None:
        super().__init__(name, help_text, labelnames)
        self.buckets = tuple(sorted(buckets))
        # Per label set: a count per bucket (not cumulative), then sum and count.
        self._data: dict[LabelValues, tuple[list[int], list[float]]] = {}

    def observe(self, value: float, **labels: str) -> None:
        key = self._key(labels)
        with self._lock:
            counts, totals = self._data.setdefault(key, ([0] * len(self.buckets), [0.0, 0.0]))
            for index, bound in enumerate(self.buckets):
                if value <= bound:
                    counts[index] += 1
                    break
            totals[0] += value
            totals[1] += 1

    def count(self, **labels: str) -> int:
        with self._lock:
            data = self._data.get(self._key(labels))
            return int(data[1][1]) if data else 0

    def samples(self) -> list[str]:
        with self._lock:
            items = sorted((k, (list(c), list(t))) for k, (c, t) in self._data.items())
        if not items and not self.labelnames:
            items = [((), ([0] * len(self.buckets), [0.0, 0.0]))]
        lines = []
        for key, (counts, (total, count)) in items:
            running = 0
            for bound, in_bucket in zip(self.buckets, counts, strict=True):
                running += in_bucket
                le = f'le="{_number(bound)}"'
                lines.append(f"{self.name}_bucket{_labels(self.labelnames, key, le)} {running}")
            inf = _labels(self.labelnames, key, 'le="+Inf"')
            lines.append(f"{self.name}_bucket{inf} {int(count)}")
            lines.append(f"{self.name}_sum{_labels(self.labelnames, key)} {_number(total)}")
            lines.append(f"{self.name}_count{_labels(self.labelnames, key)} {int(count)}")
        return lines


class Registry:
    def __init__(self) -> None:
        self._metrics: dict[str, _Metric] = {}
        self._lock = threading.Lock()

    def register(self, metric: _Metric) -> _Metric:
        with self._lock:
            if metric.name in self._metrics:
                raise ValueError(f"metric {metric.name} is registered twice")
            self._metrics[metric.name] = metric
        return metric

    def counter(self, name: str, help_text: str, labelnames: Sequence[str] = ()) -> Counter:
        return self.register(Counter(name, help_text, labelnames))  # type: ignore[return-value]

    def histogram(
        self, name: str, help_text: str, labelnames: Sequence[str] = (), **kwargs
    ) -> Histogram:
        return self.register(Histogram(name, help_text, labelnames, **kwargs))  # type: ignore[return-value]

    def render(self) -> str:
        with self._lock:
            metrics = list(self._metrics.values())
        lines: list[str] = []
        for metric in metrics:
            lines += metric.header() + metric.samples()
        return "\n".join(lines) + "\n"


def gauge_lines(
    name: str, help_text: str, labelname: str | None, values: dict[str, float] | float
) -> list[str]:
    """A gauge read fresh at scrape time (from the database), rendered like the others."""
    lines = [f"# HELP {name} {help_text}", f"# TYPE {name} gauge"]
    if labelname is None:
        return [*lines, f"{name} {_number(float(values))}"]  # type: ignore[arg-type]
    for value, amount in sorted(values.items()):  # type: ignore[union-attr]
        lines.append(f"{name}{_labels((labelname,), (value,))} {_number(float(amount))}")
    return lines


# The process's metrics; monitor/pipeline.py, monitor/scraping.py and the alert dispatcher count.
REGISTRY = Registry()
POSTS_INGESTED = REGISTRY.counter(
    "socialvakt_posts_ingested_total", "New posts stored (a post seen again is not counted)."
)
POSTS_FLAGGED = REGISTRY.counter(
    "socialvakt_posts_flagged_total", "New posts flagged, by label.", ("label",)
)
SCRAPE_RUNS = REGISTRY.counter(
    "socialvakt_scrape_runs_total", "Scrape runs finished, by source.", ("source",)
)
SCRAPE_ERRORS = REGISTRY.counter(
    "socialvakt_scrape_errors_total", "Scrape runs that ended in an error, by source.", ("source",)
)
ALERT_DELIVERIES = REGISTRY.counter(
    "socialvakt_alert_deliveries_total",
    "Alert delivery attempts by channel and outcome: sent, retry (will be tried again) or "
    "failed (gave up after alerts.max_attempts).",
    ("channel", "status"),
)
CLASSIFICATION_SECONDS = REGISTRY.histogram(
    "socialvakt_classification_seconds",
    "Time to classify one fetch's new posts (one classifier call).",
)
CLASSIFIED_POSTS = REGISTRY.counter(
    "socialvakt_classified_posts_total", "Posts run through the classifiers."
)
PURGED_ROWS = REGISTRY.counter(
    "socialvakt_purged_rows_total", "Rows deleted by the retention purge, by table.", ("table",)
)
