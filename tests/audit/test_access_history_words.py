""" "Wie heeft ons dossier ingezien" in the family's words: each action and purpose worded in
Dutch from the vocabulary (no English names, no "—" for a change), refusals shown as
refusals, the family's own reads left out unless asked for, and the name as it was logged."""

import pytest
from django.urls import reverse

from samenspel.accounts.models import Role
from samenspel.families.models import MemberRole
from samenspel.trajectories.actions import add_observation
from samenspel.trajectories.models import CareTeamRole, Phase
from tests.factories import (
    FamilyMemberFactory,
    OrganisationFactory,
    TrajectoryFactory,
    add_to_team,
    make_professional,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_with_history(client):
    trajectory = TrajectoryFactory(phase=Phase.WALK_ALONG)
    family = trajectory.family
    coordinator = make_professional(network=trajectory.network, full_name="Karin Smit")
    add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
    # A team member of another organisation without consent: refused.
    outsider = make_professional(
        network=trajectory.network, organisation=OrganisationFactory(), full_name="Omar Ziani"
    )
    add_to_team(trajectory, outsider, organisation=outsider.home_organisation)
    parent = make_user(Role.FAMILY_MEMBER, full_name="Marieke Bos")
    FamilyMemberFactory(family=family, role=MemberRole.PARENT, user=parent)
    client.force_login(coordinator.user)
    client.get(reverse("families:family_detail", args=[family.pk]))
    add_observation(
        trajectory, life_domain="financien", kind="concern", text="Post", actor=coordinator.user
    )
    client.force_login(outsider.user)
    assert client.get(reverse("families:family_detail", args=[family.pk])).status_code == 403
    client.force_login(parent)
    client.get(reverse("families:family_detail", args=[family.pk]))
    return family, coordinator.user, outsider.user, parent


def _rows(client, family, **query):
    response = client.get(reverse("families:access_history", args=[family.pk]), query)
    assert response.status_code == 200
    return response, response.context["rows"]


def test_each_line_says_what_and_why_in_plain_dutch(client, file_with_history):
    family, _coordinator, _outsider, _parent = file_with_history
    response, rows = _rows(client, family)
    by_coordinator = [r for r in rows if r["who"] == "Karin Smit"]
    assert {(r["what"], r["why"]) for r in by_coordinator} == {
        ("keek in je dossier", "werkt in je team"),
        ("schreef in het logboek", "voor de hulp aan je gezin"),
    }
    assert "trajectory" not in response.content.decode()
    assert not [r for r in rows if "—" in (r["what"], r["why"]) or r["what"] == "bekeken"]


def test_a_refusal_shows_as_a_refusal(client, file_with_history):
    family, _coordinator, _outsider, _parent = file_with_history
    response, rows = _rows(client, family)
    refused = [r for r in rows if r["who"] == "Omar Ziani"]
    assert [(r["denied"], r["what"], r["why"]) for r in refused] == [
        (
            True,
            "probeerde je dossier te openen",
            "geweigerd: hun organisatie heeft geen toestemming van jou",
        )
    ]
    assert 'data-testid="refused-row"' in response.content.decode()


def test_the_family_leaves_out_its_own_reads_unless_it_asks(client, file_with_history):
    family, _coordinator, _outsider, _parent = file_with_history
    response, rows = _rows(client, family)
    assert "Marieke Bos" not in {r["who"] for r in rows}
    assert 'data-testid="show-own"' in response.content.decode()
    _response, rows = _rows(client, family, own="1")
    assert rows[0]["who"] == "Marieke Bos"  # this very read, on top
    assert {r["what"] for r in rows if r["who"] == "Marieke Bos"} >= {"keek in je dossier"}


def test_the_name_is_the_one_logged_at_the_time(client, file_with_history):
    family, coordinator, _outsider, _parent = file_with_history
    coordinator.full_name = "Karin de Boer"
    coordinator.save()
    _response, rows = _rows(client, family)
    names = {r["who"] for r in rows}
    assert "Karin Smit" in names
    assert "Karin de Boer" not in names
