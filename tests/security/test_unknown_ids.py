"""A trajectory, meeting or plan number that does not exist looks exactly like one the user
may not see (404, same page), and both are in the access log as refused attempts, so the
security officer sees someone trying numbers."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from samenspel.audit.models import AccessEvent, Outcome
from tests.factories import TrajectoryFactory, make_professional

pytestmark = pytest.mark.django_db

MISSING = 987_654_321


@pytest.fixture
def professional_client():
    professional = make_professional()
    client = Client()
    client.force_login(professional.user)
    return client, professional.user


@pytest.mark.parametrize(
    ("name", "kwarg", "action"),
    [
        ("trajectories:detail", "pk", "trajectories.trajectory.read"),
        ("trajectories:compose", "pk", "trajectories.team.proposals"),
        ("trajectories:meeting", "meeting_id", "trajectories.meeting.read"),
        ("plans:plan_detail", "trajectory_id", "plans.plan.read"),
    ],
)
def test_a_missing_number_is_the_same_404_as_a_hidden_one_and_logged(
    professional_client, name, kwarg, action
):
    client, user = professional_client
    hidden = TrajectoryFactory()  # someone else's family, not on this user's team
    missing = client.get(reverse(name, kwargs={kwarg: MISSING}))
    assert missing.status_code == 404
    refused = AccessEvent.objects.filter(user=user, outcome=Outcome.DENIED).order_by("-pk")
    event = refused.first()
    assert event is not None, "the probe with a missing number is in the access log"
    assert event.action == action
    assert event.family_id is None
    assert MISSING in event.detail.values()
    if kwarg != "meeting_id":
        shown = client.get(reverse(name, kwargs={kwarg: hidden.pk}))
        assert shown.status_code == 404
        assert _page(missing) == _page(shown), "a missing number tells nothing"
        assert refused.count() == 2


def _page(response):
    """The page without what differs per request (CSP nonce, request id, CSRF token, the
    address itself in the language switch)."""
    text = response.content.decode().replace(response.request["PATH_INFO"], "")
    return re.sub(r'nonce="[^"]*"|[0-9a-f]{32}|[A-Za-z0-9]{64}', "", text)
