"""One JSON log line per request: request id, view, status, duration, and no personal data."""

import json
import logging
import sys

import pytest
from django.urls import reverse

from samenspel.accounts.models import Role
from samenspel.core.logs import JsonFormatter
from tests.factories import make_user
from tests.factories.families import FamilyFactory

pytestmark = pytest.mark.django_db


def _request_lines(caplog) -> list[dict]:
    formatter = JsonFormatter()
    return [
        json.loads(formatter.format(record))
        for record in caplog.records
        if record.name == "samenspel.request"
    ]


def test_one_json_line_per_request_with_id_view_status_duration(client, caplog):
    caplog.set_level(logging.INFO, logger="samenspel.request")
    # Not behind a trusted proxy (tests): the client's own X-Request-ID is not taken over.
    response = client.get("/healthz", HTTP_X_REQUEST_ID="probe-12345678")
    [line] = _request_lines(caplog)
    assert response["X-Request-ID"] != "probe-12345678"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["view"] == "healthz"
    assert line["status"] == 200
    assert line["method"] == "GET"
    assert isinstance(line["duration_ms"], float)
    assert line["level"] == "INFO"
    assert line["time"].endswith("+00:00")


def test_request_lines_carry_no_names_ids_query_or_user(client, caplog):
    caplog.set_level(logging.INFO, logger="samenspel.request")
    user = make_user(Role.PROFESSIONAL, email="j.de.vries@wijkteam.example")
    family = FamilyFactory(name="Vermeulen-Achterberg")
    client.force_login(user)
    client.get(reverse("families:family_search"), {"name": "Vermeulen-Achterberg"})
    client.get(reverse("families:family_detail", args=[family.pk]))
    client.get(f"/families/{family.pk}/nope?bsn=123456782")  # a 404 with a query string
    lines = _request_lines(caplog)
    assert [line["view"] for line in lines] == [
        "families:family_search",
        "families:family_detail",
        "<unresolved>",
    ]
    assert lines[2]["status"] == 404
    text = "\n".join(json.dumps(line) for line in lines)
    for personal in (
        "Vermeulen",
        "vries",
        "wijkteam",
        f"/{family.pk}/",
        "123456782",
        "bsn",
        "?",
    ):
        assert personal not in text, personal
    assert set(lines[0]) == {
        "time",
        "level",
        "logger",
        "message",
        "request_id",
        "method",
        "view",
        "status",
        "duration_ms",
    }


def test_formatter_keeps_exceptions_on_one_line():
    formatter = JsonFormatter()
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, None)
        record.exc_info = sys.exc_info()
    output = formatter.format(record)
    assert "\n" not in output
    assert json.loads(output)["exception"].endswith("ValueError: boom")


def test_production_settings_log_json_by_default():
    from samenspel import settings as production  # tests.settings overrides LOGGING

    handler = production.LOGGING["handlers"]["console"]
    assert handler["formatter"] == "json"
    assert production.LOGGING["formatters"]["json"]["()"] == "samenspel.core.logs.JsonFormatter"
