"""/metrics: the registry's exposition format, what is counted where, and who may ask."""

from __future__ import annotations

import asyncio
import re
import threading

import pytest
from fastapi.testclient import TestClient

from monitor import metrics
from monitor.runtime import make_http_client
from monitor.scraping import run_source
from monitor.web.app import create_app
from tests.monitor.test_end_to_end import rss
from tests.support.http_server import Route
from tests.support.installation import DISINFO, DOXXING, WEATHER, install, post
from tests.support.smtp_server import free_port

SAMPLE = re.compile(
    r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"'
    r'(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*\})? (-?[0-9.e+-]+|\+Inf|-Inf|NaN)$'
)


def parse(text: str) -> dict[str, float]:
    """Every line must be a comment or a well-formed sample; returns sample -> value."""
    assert text.endswith("\n")
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("# HELP ") or line.startswith("# TYPE "):
            continue
        assert SAMPLE.match(line), f"not a Prometheus sample line: {line!r}"
        name, value = line.rsplit(" ", 1)
        assert name not in samples, f"duplicate sample {name}"
        samples[name] = float(value)
    return samples


def test_registry_renders_counters_and_cumulative_histogram_buckets():
    registry = metrics.Registry()
    counter = registry.counter("t_events_total", "Events.", ("source",))
    histogram = registry.histogram("t_seconds", "Latency.", buckets=(0.1, 1.0))
    counter.inc(source='a"b\\c\nd')
    counter.inc(2, source="plain")
    for value in (0.05, 0.5, 0.7, 3.0):
        histogram.observe(value)
    text = registry.render()
    samples = parse(text)
    assert samples['t_events_total{source="a\\"b\\\\c\\nd"}'] == 1
    assert samples['t_events_total{source="plain"}'] == 2
    assert samples['t_seconds_bucket{le="0.1"}'] == 1
    assert samples['t_seconds_bucket{le="1"}'] == 3
    assert samples['t_seconds_bucket{le="+Inf"}'] == 4
    assert samples["t_seconds_count"] == 4
    assert samples["t_seconds_sum"] == pytest.approx(4.25)
    assert "# TYPE t_seconds histogram" in text and "# TYPE t_events_total counter" in text
    with pytest.raises(ValueError):
        counter.inc(-1, source="plain")
    with pytest.raises(ValueError):
        counter.inc(wrong="label")


def test_registry_counts_exactly_from_many_threads():
    registry = metrics.Registry()
    counter = registry.counter("t_total", "Threads.", ("worker",))
    histogram = registry.histogram("t_h", "Threads.")

    def work() -> None:
        for _ in range(5000):
            counter.inc(worker="w")
            histogram.observe(0.01)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counter.value(worker="w") == 40_000
    assert histogram.count() == 40_000


def scrape(runtime, source):
    async def go():
        async with make_http_client(runtime.settings) as http:
            return await run_source(runtime.engine, runtime.pipeline, http, source)

    return asyncio.run(go())


def test_pipeline_scrapes_and_alerts_are_counted(make_config, fixture_server):
    fixture_server.routes["/feed.xml"] = Route(rss(("a1", "Helg", WEATHER)))
    fixture_server.routes["/hook"] = Route(b"ok")
    settings, runtime = install(
        make_config,
        f'alerts: {{webhooks: [{{name: ok, url: "{fixture_server.url("/hook")}"}}, '
        f'{{name: down, url: "http://127.0.0.1:{free_port()}/hook"}}]}}\n',
        f'sources:\n  - {{id: feed, kind: rss, url: "{fixture_server.url("/feed.xml")}", every: 1h}}\n'
        f'  - {{id: gone, kind: rss, url: "{fixture_server.url("/missing.xml")}", every: 1h}}\n',
    )
    ingested = metrics.POSTS_INGESTED.value()
    doxxing = metrics.POSTS_FLAGGED.value(label="doxxing")
    disinfo = metrics.POSTS_FLAGGED.value(label="lvu_disinfo")
    latencies = metrics.CLASSIFICATION_SECONDS.count()
    errors = {s: metrics.SCRAPE_ERRORS.value(source=s) for s in ("feed", "gone")}
    sent = metrics.ALERT_DELIVERIES.value(channel="webhook:ok", status="sent")
    retried = metrics.ALERT_DELIVERIES.value(channel="webhook:down", status="retry")

    runtime.pipeline.ingest("manual", [post("d", DOXXING), post("i", DISINFO)], None)
    runtime.pipeline.ingest("manual", [post("d", DOXXING)], None)  # seen again: not new
    assert scrape(runtime, settings.source("feed")).error is None
    assert scrape(runtime, settings.source("gone")).error is not None
    runtime.alerts.deliver_due()

    assert metrics.POSTS_INGESTED.value() - ingested == 3
    assert metrics.POSTS_FLAGGED.value(label="doxxing") - doxxing == 1
    assert metrics.POSTS_FLAGGED.value(label="lvu_disinfo") - disinfo == 1
    assert metrics.CLASSIFICATION_SECONDS.count() - latencies == 2  # the repeat classifies nothing
    assert metrics.SCRAPE_ERRORS.value(source="feed") == errors["feed"]
    assert metrics.SCRAPE_ERRORS.value(source="gone") - errors["gone"] == 1
    assert metrics.ALERT_DELIVERIES.value(channel="webhook:ok", status="sent") - sent == 1
    assert metrics.ALERT_DELIVERIES.value(channel="webhook:down", status="retry") - retried == 1


@pytest.fixture
def metrics_site(make_config):
    def make(extra: str = ""):
        _settings, runtime = install(make_config, extra)
        runtime.pipeline.ingest(
            "manual", [post("d", DOXXING), post("i", DISINFO), post("w", WEATHER)], None
        )
        return runtime

    return make


def test_metrics_answers_only_this_machine_unless_public(metrics_site):
    runtime = metrics_site()
    app = create_app(runtime)
    for client in (("127.0.0.1", 40000), ("::1", 40000)):
        response = TestClient(app, client=client).get("/metrics")
        assert response.status_code == 200, client
        assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
        samples = parse(response.text)
        assert samples['socialvakt_review_items{status="new"}'] == 2
        assert samples['socialvakt_review_items{status="dismissed"}'] == 0
        assert samples["socialvakt_posts_stored"] == 3
        assert samples["socialvakt_posts_ingested_total"] >= 3
        assert 'socialvakt_classification_seconds_bucket{le="+Inf"}' in samples
    remote = TestClient(app, client=("203.0.113.7", 40000)).get("/metrics")
    assert remote.status_code == 403 and "socialvakt_" not in remote.text
    proxied = TestClient(app, client=("127.0.0.1", 40000)).get(
        "/metrics", headers={"X-Forwarded-For": "203.0.113.7"}
    )
    assert proxied.status_code == 403
    # Post text never reaches the metrics.
    text = TestClient(app, client=("127.0.0.1", 40000)).get("/metrics").text
    assert "Lindqvist" not in text and "kidnappar" not in text


def test_metrics_public_answers_anyone(metrics_site):
    runtime = metrics_site("web: {host: 127.0.0.1, port: 8765, metrics_public: true}\n")
    response = TestClient(create_app(runtime), client=("203.0.113.7", 40000)).get("/metrics")
    assert response.status_code == 200
    assert parse(response.text)['socialvakt_alerts{status="pending"}'] == 0  # no channels
