import pytest
from django.urls import reverse

from samenspel.audit.models import AccessEvent, EventType, Outcome
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_failed_login_is_logged_with_the_address_tried(client):
    client.post(
        reverse("account_login"),
        {"login": "Onbekend@Example.nl", "password": "nope-nope-nope"},
        REMOTE_ADDR="198.51.100.4",
    )

    event = AccessEvent.objects.get(event_type=EventType.FAILED_LOGIN)
    assert event.user is None
    assert event.user_label == "onbekend@example.nl"
    assert event.outcome == Outcome.DENIED
    assert event.client_ip == "198.51.100.4"
    assert len(event.request_id) == 32


def test_login_and_logout_are_logged(client):
    from samenspel.accounts.models import Role
    from tests.factories import TEST_PASSWORD

    user = UserFactory(roles=[Role.FAMILY_MEMBER])
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    client.post(reverse("account_logout"))

    types = list(
        AccessEvent.objects.filter(user=user).order_by("id").values_list("event_type", flat=True)
    )
    assert types == [EventType.LOGIN, EventType.LOGOUT]


def test_every_response_carries_its_request_id(client):
    response = client.get(reverse("account_login"))
    assert len(response["X-Request-ID"]) == 32
