"""A changed login address is told to the old address (in Dutch), so a take-over by a
changed address does not go unnoticed."""

import pytest
from django.core import mail

from samenspel.accounts.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_old_address_hears_of_a_changed_login_address(django_capture_on_commit_callbacks):
    user = make_user(Role.PROFESSIONAL, email="oud@example.nl", full_name="Sanne de Vries")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        user.email = "nieuw@example.nl"
        user.save()

    assert [message.to for message in mail.outbox] == [["oud@example.nl"]]
    message = mail.outbox[0]
    assert "e-mailadres" in message.subject
    assert "Sanne de Vries" in message.body
    assert "beheerder van uw netwerk" in message.body
    assert "nieuw@example.nl" not in message.body


def test_no_notice_when_the_address_stays(django_capture_on_commit_callbacks):
    user = make_user(Role.PROFESSIONAL, email="zelfde@example.nl")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        user.full_name = "Andere Naam"
        user.save()
        user.email = "ZELFDE@example.nl"
        user.save(update_fields=["email"])

    assert mail.outbox == []
