"""Sessions end after 30 minutes idle, and after 10 hours regardless (both configurable)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import TEST_PASSWORD, make_user
from tests.helpers import totp_code

pytestmark = pytest.mark.django_db

START = timezone.datetime(2026, 11, 2, 8, 0, tzinfo=timezone.get_default_timezone())


def _login(client, user):
    client.force_login(user)
    # force_login bypasses the login view; start the session clock as a real login does.
    from samenspel.accounts.middleware import SESSION_LAST_SEEN, SESSION_STARTED

    session = client.session
    session[SESSION_STARTED] = session[SESSION_LAST_SEEN] = timezone.now().timestamp()
    session.save()


def test_idle_session_ends(client):
    user = make_user()
    with time_machine.travel(START, tick=False) as clock:
        _login(client, user)
        assert client.get(reverse("core:home")).status_code == 200
        clock.shift(timedelta(minutes=31))

        response = client.get(reverse("core:home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_activity_keeps_the_session_alive(client):
    user = make_user()
    with time_machine.travel(START, tick=False) as clock:
        _login(client, user)
        for _ in range(4):
            clock.shift(timedelta(minutes=20))
            assert client.get(reverse("core:home")).status_code == 200


def test_session_ends_after_the_absolute_limit_despite_activity(client):
    user = make_user()
    with time_machine.travel(START, tick=False) as clock:
        _login(client, user)
        for _ in range(31):  # 31 x 20 minutes: past the 10 hours
            clock.shift(timedelta(minutes=20))
            response = client.get(reverse("core:home"))
        assert response.status_code == 302


@pytest.mark.parametrize("minutes,expect_logged_out", [(9, False), (11, True)])
def test_idle_timeout_is_configurable(client, settings, minutes, expect_logged_out):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=10)
    user = make_user()
    with time_machine.travel(START, tick=False) as clock:
        _login(client, user)
        clock.shift(timedelta(minutes=minutes))
        response = client.get(reverse("core:home"))
    assert (response.status_code == 302) is expect_logged_out


def test_a_real_login_starts_the_clock(client):
    from allauth.mfa.models import Authenticator

    user = make_user()
    secret = Authenticator.objects.get(user=user, type="totp")
    from samenspel.core import crypto

    with time_machine.travel(START, tick=False) as clock:
        client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
        client.post(
            reverse("mfa_authenticate"),
            {"code": totp_code(crypto.decrypt(secret.data["secret"]))},
        )
        assert client.get(reverse("core:home")).status_code == 200
        clock.shift(timedelta(minutes=31))
        assert client.get(reverse("core:home")).status_code == 302


def _last_seen(client):
    from samenspel.accounts.middleware import SESSION_LAST_SEEN

    return client.session[SESSION_LAST_SEEN]


def test_the_idle_clock_is_written_once_per_resolution(client, settings):
    settings.SESSION_LAST_SEEN_RESOLUTION = timedelta(minutes=5)
    user = make_user()
    with time_machine.travel(START, tick=False) as clock:
        _login(client, user)
        client.get(reverse("core:home"))
        first = _last_seen(client)
        clock.shift(timedelta(minutes=4))
        client.get(reverse("core:home"))
        assert _last_seen(client) == first  # no session write within the resolution
        clock.shift(timedelta(minutes=2))
        client.get(reverse("core:home"))
        assert _last_seen(client) == first + 6 * 60


def test_a_coarse_resolution_cannot_outlive_the_idle_limit(client, settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=10)
    settings.SESSION_LAST_SEEN_RESOLUTION = timedelta(hours=1)
    user = make_user()
    with time_machine.travel(START, tick=False) as clock:
        _login(client, user)
        for _ in range(4):  # active every 6 minutes: the clock must be written each time
            clock.shift(timedelta(minutes=6))
            assert client.get(reverse("core:home")).status_code == 200
