"""A system administrator changes someone's login address: only they may, the change is in
the access log (in Dutch, on the security officer's page), and the old address hears of it."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from samenspel.accounts.actions import change_login_address
from samenspel.accounts.models import Role, User
from samenspel.audit.models import AccessEvent
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_change_is_in_the_access_log_in_dutch(
    login, security_officer, django_capture_on_commit_callbacks
):
    admin = make_user(Role.SYSTEM_ADMIN, email="beheer@example.nl", full_name="Bram Beheer")
    person = make_user(Role.PROFESSIONAL, email="oud@example.nl", full_name="Sanne de Vries")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "change_login_address",
            "oud@example.nl",
            "Nieuw@Example.nl",
            by="beheer@example.nl",
            reason="Nieuwe werkgever, ticket 4711",
        )

    person.refresh_from_db()
    assert person.email == "nieuw@example.nl"
    event = AccessEvent.objects.get(action="accounts.login_address.change")
    assert event.user == admin and event.object_id == str(person.pk)
    assert event.detail == {"old_address": "oud@example.nl", "new_address": "nieuw@example.nl"}
    assert [message.to for message in mail.outbox] == [["oud@example.nl"]]

    text = login(security_officer).get(reverse("audit:event_list")).text
    assert "veranderde het e-mailadres waarmee iemand inlogt" in text
    assert "Bram Beheer &lt;beheer@example.nl&gt;" in text
    assert "Nieuwe werkgever, ticket 4711" in text
    assert f"Gebruiker</span> {person.pk}" in text


@pytest.mark.parametrize("role", [Role.NETWORK_ADMIN, Role.SECURITY_OFFICER, Role.COORDINATOR])
def test_nobody_else_changes_a_login_address(role):
    person = make_user(Role.PROFESSIONAL, email="blijft@example.nl")
    with pytest.raises(PermissionDenied):
        change_login_address(person, "ander@example.nl", actor=make_user(role), reason="x")
    person.refresh_from_db()
    assert person.email == "blijft@example.nl"
    assert not AccessEvent.objects.filter(action="accounts.login_address.change").exists()


def test_an_address_of_someone_else_or_no_reason_is_refused():
    admin = make_user(Role.SYSTEM_ADMIN)
    person = make_user(Role.PROFESSIONAL, email="een@example.nl")
    make_user(Role.PROFESSIONAL, email="twee@example.nl")
    with pytest.raises(ValidationError):
        change_login_address(person, "TWEE@example.nl", actor=admin, reason="typo")
    with pytest.raises(ValidationError):
        change_login_address(person, "drie@example.nl", actor=admin, reason="  ")
    with pytest.raises(ValidationError):
        change_login_address(person, "geen adres", actor=admin, reason="typo")
    assert User.objects.get(pk=person.pk).email == "een@example.nl"
    assert not AccessEvent.objects.filter(action="accounts.login_address.change").exists()
