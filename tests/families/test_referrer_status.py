"""The referrer's half of the wíe-vraag (issue 12, source 002): at registration the referrer
names the professional they want involved; the coordinator sees it in the intake queue; the
request goes out when the trajectory starts; and the referrer follows the registration in
their own list without seeing what the policy withholds from them."""

import datetime

import pytest
from django.urls import reverse

from samenspel.accounts.models import Role
from samenspel.audit.models import AccessEvent
from samenspel.families.models import Registration
from samenspel.trajectories.models import DirectRequest, Phase, RequestStatus
from tests.factories import NetworkFactory, make_professional
from tests.families.test_register_family import _post_data
from tests.helpers import get_with_query_count

TODAY = datetime.date(2026, 11, 16)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]


@pytest.fixture
def people():
    network = NetworkFactory()
    referrer = make_professional(network=network, full_name="Soufiane Buurtteam")
    therapist = make_professional(network=network, full_name="Inge Traumatherapeut")
    coordinator = make_professional(
        network=network, roles=(Role.COORDINATOR,), full_name="Rita Regisseur"
    )
    coordinator.user.role_grants.update(network=network)
    outsider = make_professional(network=NetworkFactory(), full_name="Elders Werkzaam")
    return network, referrer, therapist, coordinator, outsider


def _register(client, network, referrer, therapist, **overrides):
    client.force_login(referrer.user)
    fields = {
        "network": network.pk,
        "asked_professional": therapist.pk,
        "asked_reason": "Emir wil eerst judo; daarna traumabehandeling bij haar.",
    }
    data = _post_data(**{**fields, **overrides})
    return client.post(reverse("families:register"), data)


def test_the_referrer_names_a_professional_the_request_goes_out_when_help_starts(client, people):
    network, referrer, therapist, coordinator, _outsider = people
    response = _register(client, network, referrer, therapist)
    assert response.status_code == 302
    # The referrer is not on the team: the list of their registrations, not the file.
    assert response.url == reverse("families:my_registrations")
    registration = Registration.objects.get()
    assert registration.asked_professional == therapist
    assert not DirectRequest.objects.exists()  # nothing is asked before the trajectory starts

    client.force_login(coordinator.user)
    queue = client.get(reverse("families:intake_queue")).content.decode()
    assert "Vraagt Inge Traumatherapeut" in queue

    client.post(reverse("trajectories:take_on", args=[registration.trajectory_id]))
    registration.trajectory.refresh_from_db()
    assert registration.trajectory.phase == Phase.TEAM_COMPOSITION
    direct = DirectRequest.objects.get()
    assert (direct.professional, direct.status, direct.requested_by) == (
        therapist,
        RequestStatus.PENDING,
        referrer.user,
    )
    assert direct.message == "Emir wil eerst judo; daarna traumabehandeling bij haar."

    client.force_login(referrer.user)
    page = client.get(reverse("families:my_registrations")).content.decode()
    assert "Opgepakt: het team wordt samengesteld" in page
    assert "Inge Traumatherapeut: Wacht op antwoord" in page


def test_the_status_list_withholds_what_the_referrer_may_not_see(client, people):
    network, referrer, therapist, _coordinator, _outsider = people
    _register(client, network, referrer, therapist)
    registration = Registration.objects.get()
    response = client.get(reverse("families:my_registrations"))
    body = response.content.decode()
    assert "Wacht op een regisseur" in body
    assert f"Aanmelding {registration.pk}" in body
    assert "u zit niet in het team van het gezin" in body
    # Not the family's name, members, help question or the safety notes they wrote.
    for secret in ("de Graaf", "Sanne", "Petra", "Niemand was echt", "weken niet op school"):
        assert secret not in body
    assert AccessEvent.objects.filter(
        action="families.registration.status", family_id=registration.family_id
    ).exists()


def test_the_list_shows_the_name_when_the_referrer_is_on_the_team(client, people):
    network, _referrer, therapist, coordinator, _outsider = people
    # A colleague of the coordinator's organisation: on the team, the policy opens the file.
    referrer = make_professional(organisation=coordinator.home_organisation, network=network)
    _register(client, network, referrer, therapist)
    registration = Registration.objects.get()
    client.force_login(coordinator.user)
    client.post(reverse("trajectories:take_on", args=[registration.trajectory_id]))
    from samenspel.trajectories import actions

    actions.add_team_member(
        registration.trajectory,
        actor=coordinator.user,
        role="specialist",
        professional=referrer,
    )
    client.force_login(referrer.user)
    body = client.get(reverse("families:my_registrations")).content.decode()
    assert "de Graaf" in body


def test_only_own_registrations_and_a_pinned_query_count(client, people):
    network, referrer, therapist, _coordinator, _outsider = people
    for name in ("Aydin", "Bos", "Claes"):
        _register(client, network, referrer, therapist, family_name=name, **{"member-1-bsn": ""})
    other = make_professional(network=network)
    client.force_login(other.user)
    body = client.get(reverse("families:my_registrations")).content.decode()
    assert "U heeft nog geen gezin aangemeld." in body
    client.force_login(referrer.user)
    response = get_with_query_count(client, reverse("families:my_registrations"), expected=12)
    assert response.content.decode().count("Wacht op een regisseur") == 3


def test_a_professional_from_another_network_cannot_be_asked(client, people):
    network, referrer, _therapist, _coordinator, outsider = people
    response = _register(client, network, referrer, outsider)
    assert response.status_code == 200
    assert "asked_professional" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_a_reason_is_required_when_a_professional_is_asked(client, people):
    network, referrer, therapist, _coordinator, _outsider = people
    response = _register(client, network, referrer, therapist, asked_reason="")
    assert "Zeg waarom u deze professional vraagt." in response.content.decode()
    assert not Registration.objects.exists()
