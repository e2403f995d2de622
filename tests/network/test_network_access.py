"""Who sees which network: professionals see the networks they work in, only network
administrators change the data, and another network does not exist for you (404)."""

import pytest
from django.urls import reverse

from samenspel.accounts.models import Role
from samenspel.network.models import Agreement
from tests.factories import NetworkFactory, make_colleague, make_network_admin, make_user

pytestmark = pytest.mark.django_db

VIEW_PAGES = [
    ("network:directory", ()),
    ("network:detail", ()),
    ("network:agreement_list", ()),
    ("network:review_list", ()),
    ("network:glossary", ()),
]
MANAGE_PAGES = [
    ("network:manage", ()),
    ("network:network_edit", ()),
    ("network:agreement_new", ()),
    ("network:review_new", ()),
    ("network:legal_basis_new", ()),
    ("network:glossary_new", ()),
    ("network:import", ()),
    ("network:checklist_edit", ("common_goal",)),
    ("network:team_new", ()),
]


@pytest.mark.parametrize(("name", "extra"), VIEW_PAGES + MANAGE_PAGES)
def test_a_professional_of_network_a_does_not_see_network_b(client, colleague, name, extra):
    other = NetworkFactory(slug="netwerk-b")
    client.force_login(colleague.user)

    response = client.get(reverse(name, args=[other.slug, *extra]))

    assert response.status_code == 404


@pytest.mark.parametrize(("name", "extra"), VIEW_PAGES)
def test_a_professional_sees_the_pages_of_their_own_network(
    client, beter_thuis, colleague, name, extra
):
    client.force_login(colleague.user)

    assert client.get(reverse(name, args=[beter_thuis.slug, *extra])).status_code == 200


@pytest.mark.parametrize(("name", "extra"), MANAGE_PAGES)
def test_a_professional_cannot_open_the_management_pages(
    client, beter_thuis, colleague, name, extra
):
    client.force_login(colleague.user)

    assert client.get(reverse(name, args=[beter_thuis.slug, *extra])).status_code == 403


def test_a_professional_cannot_change_the_register(client, beter_thuis, colleague):
    client.force_login(colleague.user)

    response = client.post(
        reverse("network:agreement_new", args=[beter_thuis.slug]),
        {
            "category": "roles",
            "title": "Stiekem",
            "text": "x",
            "status": "draft",
            "reason": "x",
            "expected_number": 0,
        },
    )

    assert response.status_code == 403
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(("name", "extra"), MANAGE_PAGES)
def test_the_network_administrator_opens_the_management_pages(client, beter_thuis, name, extra):
    admin = make_network_admin(beter_thuis)
    client.force_login(admin)

    assert client.get(reverse(name, args=[beter_thuis.slug, *extra])).status_code == 200


def test_an_administrator_of_another_network_cannot_manage_this_one(client, beter_thuis):
    admin = make_network_admin(NetworkFactory(slug="netwerk-b"))
    client.force_login(admin)

    assert client.get(reverse("network:manage", args=[beter_thuis.slug])).status_code == 404


def test_a_professional_cannot_change_a_colleagues_hours(client, beter_thuis, colleague):
    client.force_login(colleague.user)

    url = reverse("network:professional_edit", args=[beter_thuis.slug, colleague.pk])

    assert client.post(url, {"hours_per_week": "60", "version": 1}).status_code == 403


def test_a_profile_of_someone_outside_the_network_is_not_found(client, beter_thuis, colleague):
    outsider = make_colleague(NetworkFactory(slug="netwerk-b"), full_name="Buiten Staander")
    client.force_login(colleague.user)

    response = client.get(reverse("network:professional", args=[beter_thuis.slug, outsider.pk]))

    assert response.status_code == 404


def test_a_family_member_has_no_directory(client, beter_thuis):
    client.force_login(make_user(Role.FAMILY_MEMBER))

    assert client.get(reverse("network:directory", args=[beter_thuis.slug])).status_code == 403


def test_the_index_takes_a_professional_in_one_network_straight_to_its_directory(
    client, beter_thuis, colleague
):
    client.force_login(colleague.user)

    response = client.get(reverse("network:index"))

    assert response.url == reverse("network:directory", args=[beter_thuis.slug])


def test_an_ended_assignment_ends_the_view_of_the_network(client, beter_thuis, colleague):
    colleague.assignments.update(valid_until="2020-01-01", valid_from="2019-01-01")
    client.force_login(colleague.user)

    assert client.get(reverse("network:directory", args=[beter_thuis.slug])).status_code == 404
