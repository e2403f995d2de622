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
