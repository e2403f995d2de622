"""A professional logs in with password + second factor; the first login forces enrolment."""

import re

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.urls import reverse

from samenspel.accounts.models import Role
from samenspel.audit.models import AccessEvent, EventType
from tests.factories import TEST_PASSWORD, UserFactory, enrol_totp
from tests.helpers import totp_code

pytestmark = pytest.mark.django_db

LOGIN = {"login": None, "password": TEST_PASSWORD}


def _post_password(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})


def test_first_login_of_a_professional_forces_mfa_enrolment(client):
    user = UserFactory(roles=[Role.PROFESSIONAL])

    _post_password(client, user)
    response = client.get(reverse("core:home"))

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_professional_enrols_totp_then_logs_in_with_a_code(client):
    with time_machine.travel("2026-11-02 09:00:00+01:00", tick=False):
        user = UserFactory(roles=[Role.PROFESSIONAL])  # made on the day the test plays
        _post_password(client, user)
        page = client.get(reverse("mfa_activate_totp"))
        secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page.text)
        assert secret, "the enrolment page shows the secret for typing into an app"
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret.group(1))})
        assert response.status_code == 302
        assert Authenticator.objects.filter(user=user, type="totp").exists()
        assert client.get(reverse("core:home")).status_code == 200
        client.post(reverse("account_logout"))

    with time_machine.travel("2026-11-02 09:05:00+01:00", tick=False):
        response = _post_password(client, user)
        assert response.url == reverse("mfa_authenticate"), "password alone is not enough"
        assert client.get(reverse("core:home")).status_code == 302
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret.group(1))})
        assert response.status_code == 302
        assert client.get(reverse("core:home")).status_code == 200

    assert AccessEvent.objects.filter(user=user, event_type=EventType.LOGIN).count() == 2


def test_a_wrong_code_does_not_log_in_and_is_logged(client):
    user = UserFactory(roles=[Role.PROFESSIONAL])
    secret = enrol_totp(user)
    _post_password(client, user)
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    assert client.get(reverse("core:home")).status_code == 302
    assert AccessEvent.objects.filter(
        event_type=EventType.FAILED_LOGIN, action="accounts.mfa_failed", user=user
    ).exists()


def test_family_member_may_log_in_without_a_second_factor(client):
    user = UserFactory(roles=[Role.FAMILY_MEMBER])
    _post_password(client, user)
    assert client.get(reverse("core:home")).status_code == 200


def test_login_page_is_dutch_by_default(client):
    response = client.get(reverse("account_login"))
    assert 'lang="nl"' in response.text
    assert "Inloggen" in response.text


def test_login_page_tabs_from_email_to_password_with_one_reset_link(client):
    """Keyboard order: e-mail address, password, the button; one "Wachtwoord vergeten?" link,
    after the form (allauth's own link between the two fields is switched off)."""
    html = client.get(reverse("account_login")).text
    focusable = re.findall(
        r'<(?:input|button|a)\b[^>]*?(?:name="(login|password)"|type="submit"|href="([^"]*)")', html
    )
    order = [name or href or "submit" for name, href in focusable]
    reset = reverse("account_reset_password")
    form = order[order.index("login") :]  # the header has a language button before the form
    assert form[:3] == ["login", "password", "submit"]
    assert order.count(reset) == 1 and form.index(reset) > 2


def test_login_fields_have_labels_and_no_placeholders_repeating_them(client):
    """allauth gives its fields placeholders that repeat the label; the label is enough (a
    placeholder vanishes while typing and reads as filled in; issue 13)."""
    for name in ("account_login", "account_reset_password"):
        html = client.get(reverse(name)).text
        assert "placeholder=" not in html
        assert 'for="id_' in html
