"""Prometheus metrics, through the official client library (prometheus-client).

Why prometheus-client and not django-prometheus: we need a handful of metrics, some of them
(queue depth, the access log's sealer lag) read from the database at scrape time, and
gunicorn runs several worker processes.
prometheus-client's multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``) aggregates the workers;
django-prometheus would add model and migration metrics we do not want on the wire and its
own middleware pair on every request, for no metric we lack.

Labels are view names and statuses only: never a path, an id or a user (no personal data,
and a bounded number of time series).
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterator

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

REQUEST_LATENCY = Histogram(
    "samenspel_request_duration_seconds",
    "Time to answer a request, by view (URL name) and status class.",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
ACCESS_LOG_WRITE = Histogram(
    "samenspel_access_log_write_seconds",
    "Time spent in audit.record (writing one access event; it waits for no lock).",
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
)


class TaskQueueCollector(Collector):
    """Tasks waiting for a worker, read from django-tasks-db when Prometheus scrapes."""

    def collect(self) -> Iterator[Metric]:
        from django_tasks_db.models import DBTaskResult

        gauge = GaugeMetricFamily(
            "samenspel_task_queue_depth",
            "Background tasks ready to run and not yet picked up, by queue.",
            labels=["queue"],
        )
        ready = (
            DBTaskResult.objects.ready()
            .values("queue_name")
            .annotate(count=Count("id"))
            .order_by("queue_name")
        )
        try:
            depth = {row["queue_name"]: row["count"] for row in ready}
        except DatabaseError:
            return  # database away: the other metrics still answer; the gap shows in graphs
        for queue, count in sorted(depth.items()):
            gauge.add_metric([queue], count)
        if not depth:
            gauge.add_metric(["default"], 0)
        yield gauge


class SealerCollector(Collector):
    """The access log's sealer, read when Prometheus scrapes: how far it is behind."""

    def collect(self) -> Iterator[Metric]:
        from django.utils import timezone

        from samenspel.audit.models import Seal
        from samenspel.audit.seal import backlog

        try:
            waiting, oldest = backlog()
            last = Seal.objects.order_by("-id").values_list("sealed_at", flat=True).first()
        except DatabaseError:
            return
        now = timezone.now()
        yield GaugeMetricFamily(
            "samenspel_access_log_unsealed_events",
            "Access events committed and not sealed yet.",
            value=waiting,
        )
        yield GaugeMetricFamily(
            "samenspel_access_log_sealer_lag_seconds",
            "Age of the oldest access event not sealed yet (0 when all are sealed).",
            value=(now - oldest).total_seconds() if oldest else 0.0,
        )
        if last is not None:
            yield GaugeMetricFamily(
                "samenspel_access_log_last_seal_age_seconds",
                "Seconds since the sealer last sealed events.",
                value=(now - last).total_seconds(),
            )


def registry() -> CollectorRegistry:
    """The registry for one scrape: all gunicorn workers' samples when in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        scrape = CollectorRegistry()
        MultiProcessCollector(scrape)
    else:
        scrape = CollectorRegistry()
        for collector in (REQUEST_LATENCY, ACCESS_LOG_WRITE):
            scrape.register(collector)
    scrape.register(TaskQueueCollector())
    scrape.register(SealerCollector())
    return scrape


def _authorised(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ")
    return bool(token) and hmac.compare_digest(given.encode(), token.encode())


@require_GET
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format, for a scraper holding ``SAMENSPEL_METRICS_TOKEN``.

    Without a token configured the endpoint does not exist (404): the balancer forwards every
    client's request from 127.0.0.1, so "local only" would not keep it private.
    """
    if not settings.METRICS_TOKEN:
        raise Http404
    if not _authorised(request):
        return HttpResponse(status=401, headers={"WWW-Authenticate": "Bearer"})
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
