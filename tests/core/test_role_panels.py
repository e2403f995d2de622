"""Every role lands on a start page that shows its own work."""

import datetime

import pytest
from django.utils import timezone

from samenspel.access.models import BreakGlassAccess
from samenspel.accounts.models import Role, RoleGrant
from samenspel.network.models.agreements import Agreement, AgreementStatus, AgreementVersion
from tests.factories import FamilyMemberFactory, NetworkFactory, make_professional, make_user
from tests.helpers import get_with_query_count

pytestmark = pytest.mark.django_db


def _in_network(role, network):
    user = make_user(role)
    RoleGrant.objects.filter(user=user).delete()
    RoleGrant.objects.create(user=user, role=role, network=network)
    user.__dict__.pop("_grants", None)
    return user


def test_a_policy_adviser_sees_the_figures_of_their_networks(client):
    network = NetworkFactory(name="Beter Thuis")
    NetworkFactory(name="Ander Netwerk")
    client.force_login(_in_network(Role.POLICY_ADVISER, network))

    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").text

    assert "Figures of your networks" in page
    assert "Beter Thuis" in page and "Ander Netwerk" not in page


def test_a_network_administrator_sees_agreements_due_for_review(client):
    network = NetworkFactory(name="Beter Thuis")
    admin = _in_network(Role.NETWORK_ADMIN, network)
    agreement = Agreement.objects.create(network=network, category="information", latest_number=2)
    for number, review_in in ((1, 5), (2, 10)):  # only the latest version counts
        AgreementVersion.objects.create(
            agreement=agreement,
            number=number,
            title="Informatie delen",
            text="Met toestemming van het gezin.",
            status=AgreementStatus.ACTIVE,
            next_review_on=timezone.localdate() + datetime.timedelta(days=review_in),
            reason="Vastgesteld",
            created_by=admin,
        )
    client.force_login(admin)

    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").text

    assert "Networks you manage" in page
    assert "1 agreement due for review within a month" in page


def test_a_parent_finds_their_own_file_and_who_looked_at_it(client):
    member = FamilyMemberFactory(role="parent", date_of_birth=datetime.date(1985, 3, 1))
    parent = make_user(Role.FAMILY_MEMBER)
    member.user = parent
    member.save()
    client.force_login(parent)

    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").text

    assert f"/families/{member.family_id}/access-history/" in page
    assert f"/families/{member.family_id}/" in page


def test_a_security_officer_sees_emergency_access_waiting_for_review(client):
    outsider = make_professional()
    family = FamilyMemberFactory().family
    BreakGlassAccess.objects.create(
        user=outsider.user,
        family=family,
        reason="Acute zorgen gemeld door de school, regisseur onbereikbaar.",
        expires_at=timezone.now() + datetime.timedelta(hours=4),
    )
    client.force_login(make_user(Role.SECURITY_OFFICER))

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert "1 emergency access awaits your review." in response.text


def test_a_system_administrator_sees_failed_background_tasks(client):
    client.force_login(make_user(Role.SYSTEM_ADMIN))

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert 'data-testid="failed-tasks">0<' in response.text


def test_panels_cost_a_fixed_number_of_queries_whatever_the_number_of_networks(client):
    adviser = _in_network(Role.POLICY_ADVISER, NetworkFactory())
    client.force_login(adviser)
    client.get("/")
    get_with_query_count(client, "/", expected=8)
    for _ in range(3):
        RoleGrant.objects.create(user=adviser, role=Role.POLICY_ADVISER, network=NetworkFactory())
    get_with_query_count(client, "/", expected=8)
