"""/metrics: Prometheus text behind a bearer token; latency per view, queue depth, log writes."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client.parser import text_string_to_metric_families

from samenspel.accounts.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db
TOKEN = "scrape-token-for-tests-only"


def _scrape(client) -> dict[str, list]:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return {
        family.name: family.samples
        for family in text_string_to_metric_families(response.content.decode())
    }


def _value(samples, name: str, **labels: str) -> float:
    return sum(
        sample.value
        for sample in samples
        if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items())
    )


def test_metrics_are_absent_without_a_configured_token(client):
    with override_settings(METRICS_TOKEN=""):
        assert client.get("/metrics").status_code == 404


@override_settings(METRICS_TOKEN=TOKEN)
def test_metrics_refuse_a_missing_or_wrong_token(client):
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION=TOKEN + "x").status_code == 401


@override_settings(METRICS_TOKEN=TOKEN)
def test_request_latency_is_counted_per_view_without_paths(client):
    before = _value(
        _scrape(client)["samenspel_request_duration_seconds"],
        "samenspel_request_duration_seconds_count",
        view="families:family_list",
    )
    client.force_login(make_user(Role.PROFESSIONAL))
    client.get(reverse("families:family_list"))
    client.get(reverse("families:family_list"))
    samples = _scrape(client)["samenspel_request_duration_seconds"]
    after = _value(samples, "samenspel_request_duration_seconds_count", view="families:family_list")
    assert after - before == 2
    views = {sample.labels["view"] for sample in samples}
    # Route names, never paths or ids (a versioned namespace such as "v1:" is a name).
    names = {re.sub(r"^v\d+:", "", view) for view in views}
    assert not any("/" in view or any(c.isdigit() for c in view) for view in names), views


@override_settings(METRICS_TOKEN=TOKEN)
def test_task_queue_depth_counts_ready_tasks_per_queue(client):
    def ready(queue: str) -> DBTaskResult:
        return DBTaskResult.objects.create(
            task_path="samenspel.network.tasks.check_import",
            queue_name=queue,
            backend_name="default",
            args_kwargs={"args": [1], "kwargs": {}},
            run_after=get_date_max(),
        )

    ready("default"), ready("default"), ready("exports")
    done = ready("default")
    done.status = "SUCCESSFUL"
    done.save()
    depth = _scrape(client)["samenspel_task_queue_depth"]
    assert _value(depth, "samenspel_task_queue_depth", queue="default") == 2
    assert _value(depth, "samenspel_task_queue_depth", queue="exports") == 1


@override_settings(METRICS_TOKEN=TOKEN)
def test_access_log_write_time_is_observed_for_every_event(client):
    from samenspel import audit
    from samenspel.audit.models import EventType

    name = "samenspel_access_log_write_seconds_count"
    before = _value(_scrape(client)["samenspel_access_log_write_seconds"], name)
    user = make_user(Role.PROFESSIONAL)
    audit.record(EventType.READ, "audit.event_list", actor=user)
    audit.record(EventType.READ, "audit.event_list", actor=user)
    after = _value(_scrape(client)["samenspel_access_log_write_seconds"], name)
    assert after - before == 2


@override_settings(METRICS_TOKEN=TOKEN)
def test_sealer_lag_is_the_age_of_the_oldest_unsealed_event(client):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from samenspel import audit
    from samenspel.audit.models import EventType
    from samenspel.audit.seal import seal_pending

    def gauges() -> dict[str, float]:
        return {
            sample.name: sample.value
            for name, samples in _scrape(client).items()
            if name.startswith("samenspel_access_log_")
            for sample in samples
            if sample.name.startswith("samenspel_access_log_") and "_bucket" not in sample.name
        }

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        audit.record(EventType.READ, "families.family.read", actor=None, family_id=1)
        seal_pending()
        audit.record(EventType.READ, "families.family.read", actor=None, family_id=2)
    with time_machine.travel(start + timedelta(seconds=40), tick=False):
        audit.record(EventType.READ, "families.family.read", actor=None, family_id=3)
        waiting = gauges()
        seal_pending()
        sealed = gauges()
    assert waiting["samenspel_access_log_unsealed_events"] == 2
    assert waiting["samenspel_access_log_sealer_lag_seconds"] == 40
    assert waiting["samenspel_access_log_last_seal_age_seconds"] == 40
    assert sealed["samenspel_access_log_unsealed_events"] == 0
    assert sealed["samenspel_access_log_sealer_lag_seconds"] == 0
    assert sealed["samenspel_access_log_last_seal_age_seconds"] == 0
