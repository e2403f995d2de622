"""The request id comes from a client only behind a trusted proxy; role refusals are logged;
calendar text cannot break out of its line."""

import pytest
from django.test import override_settings
from django.urls import reverse

from samenspel.accounts.models import Role
from samenspel.audit.models import AccessEvent, Outcome
from samenspel.trajectories.ical import _escape
from tests.factories import make_user

pytestmark = pytest.mark.django_db

CHOSEN = "attacker-chosen-id-123"


def test_a_client_cannot_choose_its_request_id(client):
    response = client.get(reverse("account_login"), HTTP_X_REQUEST_ID=CHOSEN)
    assert response["X-Request-ID"] != CHOSEN


@override_settings(TRUSTED_PROXY=True)
def test_the_trusted_proxy_sets_the_request_id(client):
    response = client.get(reverse("account_login"), HTTP_X_REQUEST_ID=CHOSEN)
    assert response["X-Request-ID"] == CHOSEN


def test_a_refusal_by_role_is_in_the_access_log(client):
    user = make_user(Role.PROFESSIONAL)
    client.force_login(user)
    response = client.get(reverse("audit:event_list"))

    assert response.status_code == 403
    event = AccessEvent.objects.get(action="core.role_refused", user=user)
    assert event.outcome == Outcome.DENIED


def test_calendar_text_escapes_carriage_returns():
    escaped = _escape("Overleg\r\nATTENDEE:mailto:x@example.nl\rEND:VEVENT")
    assert "\r" not in escaped and "\n" not in escaped
    assert escaped.count("\\n") == 2
