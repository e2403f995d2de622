"""Until a professional has a second factor, enrolment is the only thing they can reach."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from samenspel.accounts.models import MFA_ROLES, Role
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

BLOCKED = ["core:home", "audit:event_list", "account_change_password", "account_email"]
ALLOWED = ["mfa_activate_totp", "mfa_index"]


@pytest.mark.parametrize("role", sorted(MFA_ROLES))
@pytest.mark.parametrize("url_name", BLOCKED)
def test_no_page_but_enrolment_without_a_second_factor(client, role, url_name):
    client.force_login(UserFactory(roles=[role]))

    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


@pytest.mark.parametrize("url_name", ALLOWED)
def test_enrolment_pages_stay_reachable_right_after_login(client, url_name):
    user = UserFactory(roles=[Role.PROFESSIONAL])
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    assert client.get(reverse(url_name)).status_code == 200


def test_enrolment_long_after_login_asks_for_the_password_again(client):
    user = UserFactory(roles=[Role.PROFESSIONAL])
    with time_machine.travel("2026-11-02 09:00:00+01:00", tick=False) as clock:
        client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
        for _ in range(2):  # stay active, but the login itself grows old
            clock.shift(timedelta(minutes=10))
            client.get(reverse("mfa_index"))
        response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_htmx_requests_are_blocked_too(client):
    client.force_login(UserFactory(roles=[Role.COORDINATOR]))
    response = client.get(reverse("core:home"), headers={"HX-Request": "true"})
    assert response.status_code == 302


def test_last_second_factor_cannot_be_removed_by_a_professional(client):
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator

    from tests.factories import enrol_totp

    user = UserFactory(roles=[Role.PROFESSIONAL])
    enrol_totp(user)
    totp = Authenticator.objects.get(user=user, type="totp")

    assert get_adapter().can_delete_authenticator(totp) is False
