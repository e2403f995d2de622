"""django-axes locks an account after repeated wrong passwords (NEN 7510)."""

import pytest
from django.conf import settings
from django.urls import reverse

from samenspel.audit.models import AccessEvent, EventType
from tests.factories import TEST_PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_account_is_locked_after_repeated_failures(client):
    user = make_user()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"})

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.text
    assert "_auth_user_id" not in client.session
    failures = AccessEvent.objects.filter(event_type=EventType.FAILED_LOGIN, user_label=user.email)
    assert failures.count() >= settings.AXES_FAILURE_LIMIT


def test_lockout_is_per_account_and_case_insensitive(client):
    user, colleague = make_user(), make_user()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("account_login"), {"login": user.email.upper(), "password": "wrong-password"}
        )

    response = client.post(
        reverse("account_login"), {"login": colleague.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 302, "a colleague at the same address is not locked out"


def test_fewer_failures_than_the_limit_do_not_lock(client):
    user = make_user()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"})

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
