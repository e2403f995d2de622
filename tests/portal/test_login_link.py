"""The one-time login link (issue 17: "a one-time login link by e-mail as an alternative for
families who lose passwords (short-lived, single-use, logged)"): the coordinator sends it
from the family file, the family member lands in the portal; never for a professional's
login (their second factor stays mandatory) nor one with a second factor switched on."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samenspel.accounts.models import Role, RoleGrant
from samenspel.audit.models import AccessEvent
from samenspel.portal.models import LoginLink
from tests.factories.accounts import enrol_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Send from the family file; the mail goes out after commit, as in production."""

    def _send_now(coordinator: Client, family, member) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            return _send(coordinator, family, member)

    return _send_now


def _send(coordinator: Client, family, member) -> str:
    response = coordinator.post(
        reverse("portal:login_link_send", args=[family.trajectory.family_id]),
        {"member": member.pk},
        follow=True,
    )
    assert response.status_code == 200
    return response.text


def _link(message) -> str:
    found = re.search(r"https?://[^/\s]+(/portal/login/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_the_parent_logs_in_once_with_the_link_and_lands_in_the_portal(family, client_for, send):
    coordinator = client_for(family.coordinator.user)
    # The button is on the family file, next to the member's name.
    detail = coordinator.get(reverse("families:family_detail", args=[family.trajectory.family_id]))
    assert "Inloglink sturen" in detail.text
    page = send(coordinator, family, family.parent)
    assert "Er is een inloglink naar Marieke gestuurd." in page
    assert [m.to for m in mail.outbox] == [[family.parent_user.email]]
    assert "Yildiz" not in mail.outbox[0].body  # no family details in mail
    url = _link(mail.outbox[0])
    link = LoginLink.objects.get()
    assert url.rstrip("/").split("/")[-1] not in link.token_hash  # only a hash is stored
    browser = Client()
    # Opening the link (a mail program checking it) does not use it up.
    opened = browser.get(url)
    assert opened.status_code == 200 and "Druk op de knop om in te loggen." in opened.text
    assert LoginLink.objects.get().used_at is None
    landed = browser.post(url, follow=True)
    assert landed.redirect_chain[-1][0] == reverse("portal:home")
    assert "Help voor het gezin Yildiz" in landed.text or "Yildiz" in landed.text
    assert AccessEvent.objects.filter(
        action="portal.login_link.use", user=family.parent_user
    ).exists()
    assert AccessEvent.objects.filter(action="accounts.login", user=family.parent_user).exists()
    # Once only.
    again = Client().post(url)
    assert again.status_code == 410 and "Deze link werkt niet meer." in again.text
    assert AccessEvent.objects.filter(action="portal.login_link.refused").count() == 1


def test_the_link_expires_and_a_newer_link_ends_the_older(family, client_for, send):
    coordinator = client_for(family.coordinator.user)
    send(coordinator, family, family.parent)
    first = _link(mail.outbox[0])
    send(coordinator, family, family.parent)
    second = _link(mail.outbox[1])
    assert Client().post(first).status_code == 410
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        response = Client().post(second)
    assert response.status_code == 410 and "Een link werkt één keer, en maar kort." in response.text


def test_at_most_three_links_an_hour(family, client_for, send):
    coordinator = client_for(family.coordinator.user)
    for _ in range(3):
        send(coordinator, family, family.youth)
    page = send(coordinator, family, family.youth)
    assert "Er zijn het afgelopen uur al 3 links verstuurd." in page
    assert len(mail.outbox) == 3 and LoginLink.objects.count() == 3


def test_no_link_for_a_professional_login_or_a_chosen_second_factor(family, client_for, send):
    coordinator = client_for(family.coordinator.user)
    # A parent who is also a professional keeps the mandatory second factor.
    RoleGrant.objects.create(user=family.parent_user, role=Role.PROFESSIONAL)
    page = send(coordinator, family, family.parent)
    assert "Een inloglink is alleen voor gezinsleden." in page
    # A family member who switched on a second step logs in with it.
    enrol_totp(family.youth_user)
    page = send(coordinator, family, family.youth)
    assert "Een link zou die overslaan." in page
    assert not mail.outbox and not LoginLink.objects.exists()


def test_only_the_coordinator_sends_a_link(family, client_for, send):
    parent = client_for(family.parent_user)
    response = parent.post(
        reverse("portal:login_link_send", args=[family.trajectory.family_id]),
        {"member": family.youth.pk},
    )
    assert response.status_code == 403 and not LoginLink.objects.exists()
