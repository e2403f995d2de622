"""Sectors, expertise and languages are data, not code: a deployment-wide administrator
adds and renames them; a network's own administrator cannot change what all networks share."""

import pytest
from django.urls import reverse

from samenspel.accounts.models import Role
from samenspel.network.models import Expertise, NetworkChange
from tests.factories import make_network_admin, make_user

pytestmark = pytest.mark.django_db


def test_a_deployment_wide_administrator_adds_an_area_of_expertise(client):
    admin = make_user(Role.NETWORK_ADMIN, full_name="Anke Jansen")  # no network: everywhere
    client.force_login(admin)

    response = client.post(
        reverse("network:taxonomy_new", args=["expertise"]),
        {"code": "mediation", "name": "Mediation", "description": "", "position": 20},
    )

    assert response.url == reverse("network:taxonomy")
    item = Expertise.objects.get(code="mediation")
    assert NetworkChange.history_of(item).get().changed_by == admin
    assert "Mediation" in client.get(reverse("network:taxonomy")).text


def test_a_duplicate_code_gets_a_message(client):
    client.force_login(make_user(Role.SYSTEM_ADMIN))

    response = client.post(
        reverse("network:taxonomy_new", args=["expertise"]),
        {"code": "lvb", "name": "Nog eens LVB", "position": 1},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["code"]


def test_the_administrator_of_one_network_cannot_change_the_shared_lists(client, beter_thuis):
    client.force_login(make_network_admin(beter_thuis))

    assert client.get(reverse("network:taxonomy")).status_code == 403
    assert client.get(reverse("network:taxonomy_new", args=["sectors"])).status_code == 403


def test_a_professional_cannot_change_the_shared_lists(client, colleague):
    client.force_login(colleague.user)

    assert client.get(reverse("network:taxonomy")).status_code == 403
