"""Coordinators see their network's direct and indirect time per quarter, per organisation,
with the figures' suppression: an organisation with time on few families is not shown, nor a
total it could be worked out from."""

import datetime

import pytest
from django.urls import reverse

from samenspel.accounts.models import Role, RoleGrant
from samenspel.analytics.periods import Quarter
from samenspel.insight.models import Activity, TimeEntry
from tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    TrajectoryFactory,
    make_professional,
    make_user,
)

TODAY = datetime.date(2026, 11, 18)
LAST_QUARTER_DAY = Quarter.of(TODAY).previous.first_day + datetime.timedelta(days=10)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
URL = reverse("insight:network_time")


def book(network, organisation, families, *, direct, indirect):
    professional = make_professional(organisation=organisation)
    for _ in range(families):
        trajectory = TrajectoryFactory(family__network=network)
        for minutes, activity in ((direct, Activity.FAMILY_CONTACT), (indirect, Activity.TRAVEL)):
            TimeEntry.objects.create(
                professional=professional,
                trajectory=trajectory,
                organisation=organisation,
                network=network,
                worked_on=LAST_QUARTER_DAY,
                minutes=minutes,
                activity=activity,
                direct=activity == Activity.FAMILY_CONTACT,
            )


def coordinator(network):
    user = make_user(Role.COORDINATOR)
    RoleGrant.objects.filter(user=user).delete()
    RoleGrant.objects.create(user=user, role=Role.COORDINATOR, network=network)
    return user


def test_the_network_split_shows_large_organisations_and_hides_small_ones(client):
    network = NetworkFactory(name="Beter Thuis")
    big = OrganisationFactory(name="Groot")
    other = OrganisationFactory(name="Ook groot")
    small = OrganisationFactory(name="Klein")
    book(network, big, 12, direct=60, indirect=30)
    book(network, other, 11, direct=30, indirect=30)
    book(network, small, 2, direct=45, indirect=15)
    client.force_login(coordinator(network))

    response = client.get(URL)

    body = response.text
    assert response.status_code == 200
    groot = body.split(">Groot<")[1].split("</tr>")[0]
    assert ">720<" in groot and ">360<" in groot and "33%" in groot
    klein = body.split(">Klein<")[1].split("</tr>")[0]
    assert "minder dan 10" in klein and ">90<" not in klein
    # The total would give the small organisation away: it is hidden as well.
    whole = body.split("Heel het samenwerkingsverband")[1].split("</tr>")[0]
    assert ">1140<" not in whole and ">1050<" not in whole


def test_professionals_do_not_see_the_network_split(client):
    client.force_login(make_user(Role.PROFESSIONAL))
    assert client.get(URL).status_code == 403
