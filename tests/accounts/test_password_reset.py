import pytest
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_password_reset_sends_a_dutch_mail(client, mailoutbox):
    user = make_user()

    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    assert mailoutbox[0].subject.startswith("[Samenspel]")
    assert "wachtwoord" in mailoutbox[0].body.lower()


def test_reset_for_an_unknown_address_reveals_nothing(client, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "niemand@example.nl"})
    assert response.status_code == 302  # same answer as for a known address


def test_an_anonymous_reset_does_not_block_enrolment_of_a_new_professional(client):
    import re

    from allauth.mfa.models import Authenticator

    from samenspel.accounts.models import Role
    from tests.factories import TEST_PASSWORD, UserFactory
    from tests.helpers import totp_code

    user = UserFactory(roles=[Role.PROFESSIONAL])
    client.post(reverse("account_reset_password"), {"email": user.email})

    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page.text)
    assert secret, page.text
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret.group(1))})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type="totp").exists()


def test_the_unknown_account_mail_points_to_the_network_administrator(client, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "niemand@example.nl"})

    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "/accounts/signup" not in body
    assert "beheerder" in body.lower()
