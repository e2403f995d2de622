"""Consent through the pages: recorded under the age rules (a clear Dutch message when the
wrong person gives it), shown in the overview, and withdrawn — which ends access for the
other organisation at once. A team member without consent sees why they are refused."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from samenspel.families.models import Consent, MemberRole
from samenspel.trajectories.models import CareTeamRole, Phase
from tests.factories import (
    FamilyMemberFactory,
    OrganisationFactory,
    TrajectoryFactory,
    add_to_network,
    add_to_team,
    make_professional,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    trajectory = TrajectoryFactory(phase=Phase.WALK_ALONG)
    family = trajectory.family
    mother = FamilyMemberFactory(
        family=family, role=MemberRole.PARENT, date_of_birth=datetime.date(1984, 2, 2)
    )
    teen = FamilyMemberFactory(family=family, date_of_birth=datetime.date(2012, 2, 2))
    coordinator = make_professional(network=family.network)
    add_to_network(coordinator.home_organisation, family.network)
    other = OrganisationFactory(name="Schuldhulp West")
    add_to_network(other, family.network)
    counsellor = make_professional(organisation=other, network=family.network)
    add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
    add_to_team(trajectory, counsellor)
    return family, mother, teen, coordinator, counsellor, other


def _form(mother, teen, other, **overrides):
    data = {
        "about": [mother.pk, teen.pk],
        "given_by": [mother.pk, teen.pk],
        "purpose": "team_collaboration",
        "recipient_organisations": [other.pk],
        "valid_from": "2026-11-01",
        "obtained_how": "signed",
        "data_categories": ["finances"],
    }
    data.update(overrides)
    return data


def test_a_team_member_without_consent_is_told_why(client, team):
    family, *_rest, counsellor, _other = team
    # A name no generated person carries (Faker once made the counsellor "van Gelder-…").
    family.name = "Zwaluwstaart"
    family.save(update_fields=["name"])
    client.force_login(counsellor.user)
    response = client.get(reverse("families:family_detail", args=[family.pk]))
    assert response.status_code == 403
    text = response.content.decode()
    assert "Jeugdwet, artikel 7.3.11" in text
    # The file number and the reason; nothing of the file, not even the family's name.
    assert f"Dossier {family.pk}: geen toegang" in text
    assert escape(family.name) not in text
    assert "Gezinsleden" not in text


def test_consent_is_recorded_and_then_opens_the_file(client, team):
    family, mother, teen, coordinator, counsellor, other = team
    client.force_login(coordinator.user)
    url = reverse("families:consent_add", args=[family.pk])
    # A 14-year-old must consent too (Jeugdwet 7.3.4).
    response = client.post(url, _form(mother, teen, other, given_by=[mother.pk]))
    assert response.status_code == 200
    assert "moet zelf toestemming geven" in response.content.decode()
    assert not Consent.objects.exists()

    response = client.post(url, _form(mother, teen, other))
    assert response.status_code == 302
    overview = client.get(reverse("families:consent_list", args=[family.pk]))
    assert [c.pk for c in overview.context["active"]] == [Consent.objects.get().pk]
    assert "Schuldhulp West" in overview.content.decode()

    client.force_login(counsellor.user)
    assert client.get(reverse("families:family_detail", args=[family.pk])).status_code == 200


def test_withdrawal_ends_the_other_organisations_access_at_once(client, team):
    family, mother, teen, coordinator, counsellor, other = team
    client.force_login(coordinator.user)
    client.post(reverse("families:consent_add", args=[family.pk]), _form(mother, teen, other))
    consent = Consent.objects.get()
    withdraw = reverse("families:consent_withdraw", args=[family.pk, consent.pk])
    response = client.post(withdraw, {"withdrawn_by": "", "reason": ""})
    assert response.status_code == 200  # who withdrew it is required
    response = client.post(withdraw, {"withdrawn_by": "Moeder", "reason": "Wil het zelf regelen"})
    assert response.status_code == 302
    overview = client.get(reverse("families:consent_list", args=[family.pk]))
    assert overview.context["active"] == []
    assert "Ingetrokken op" in overview.content.decode()

    client.force_login(counsellor.user)
    assert client.get(reverse("families:family_detail", args=[family.pk])).status_code == 403
    # Withdrawing twice is refused with a message, not an error.
    client.force_login(coordinator.user)
    assert "al ingetrokken" in client.post(withdraw, {"withdrawn_by": "x"}).content.decode()


def test_meldcode_steps_are_recorded_in_order(client, team):
    from samenspel.families.models import Registration

    family, *_rest, coordinator, _counsellor, _other = team
    registration = Registration.objects.create(
        family=family,
        network=family.network,
        trajectory=family.trajectories.get(),
        referrer_kind="gp",
        safety_status="acute",
        safety_notes="Acuut",
    )
    client.force_login(coordinator.user)
    url = reverse("families:meldcode_add", args=[family.pk, registration.pk])
    step = {"done_on": "2026-11-20", "done_by": "Fatima", "outcome": "Signalen op een rij"}
    response = client.post(url, {**step, "step": 2})
    assert "Leg eerst de eerdere stappen vast." in response.content.decode()
    assert client.post(url, {**step, "step": 1}).status_code == 302
    assert client.post(url, {**step, "step": 2}).status_code == 302
    page = client.get(reverse("families:family_detail", args=[family.pk]))
    assert page.content.decode().count("Fatima") >= 2
    assert list(registration.meldcode_steps.values_list("step", flat=True)) == [1, 2]


def test_the_consent_page_links_back_to_the_family_file(client, team):
    """Issue 12: after recording consent the coordinator goes back to the file (and from
    there to the trajectory) by a link, not by the browser's back button or a typed URL."""
    family, *_rest = team
    coordinator = _rest[2]
    client.force_login(coordinator.user)

    body = client.get(reverse("families:consent_list", args=[family.pk])).content.decode()
    file_page = client.get(reverse("families:family_detail", args=[family.pk])).content.decode()

    link = reverse("families:family_detail", args=[family.pk])
    assert f'href="{link}" data-testid="family-file-link">' in body
    assert 'data-testid="family-file-link"' not in file_page  # no link to the page itself
