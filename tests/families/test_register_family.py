"""Registration: safety first (required, concerns need a description), help questions in the
family's own words, reuse of a found file, and landing in the coordinator's intake queue."""

import pytest
from django.urls import reverse

from samenspel.accounts.models import Role, RoleGrant
from samenspel.audit.models import AccessEvent, EventType
from samenspel.families.forms import current_life_domains
from samenspel.families.models import Family, Registration
from samenspel.trajectories.models import Phase
from tests.factories import FamilyFactory, NetworkFactory, make_professional, make_user
from tests.helpers import get_with_query_count

pytestmark = pytest.mark.django_db


def _post_data(**overrides):
    data = {
        "network": "",
        "family_name": "de Graaf",
        "postcode": "2711 AB",
        "city": "Zoetermeer",
        "referrer_kind": "school",
        "urgency": "soon",
        "safety_status": "concerns",
        "safety_notes": "Sanne komt al weken niet op school.",
        "family_wishes": "Dat Sanne weer naar school gaat.",
        "member-TOTAL_FORMS": "4",
        "member-INITIAL_FORMS": "0",
        "member-0-given_name": "Sanne",
        "member-0-date_of_birth": "2015-03-02",
        "member-0-role": "child",
        "member-1-given_name": "Petra",
        "member-1-role": "parent",
        "member-1-bsn": "111222333",
        "member-2-role": "",  # untouched rows are skipped
        "member-3-role": "",
        "question-TOTAL_FORMS": "2",
        "question-INITIAL_FORMS": "0",
        "question-0-text": "Niemand was echt bij ons in huis.",
        "question-0-kind": "who",
    }
    data.update(overrides)
    return data


@pytest.fixture
def registrar():
    network = NetworkFactory()
    professional = make_professional(network=network)
    return professional.user, network


def test_a_family_is_registered_and_lands_in_the_intake_queue(client, registrar):
    user, network = registrar
    client.force_login(user)
    domain = current_life_domains().get(code="werk-opleiding")
    data = _post_data(network=network.pk, **{"question-0-life_domains": [domain.pk]})
    response = client.post(reverse("families:register"), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    registration = Registration.objects.get()
    family = registration.family
    assert (family.name, family.network, family.members.count()) == ("de Graaf", network, 2)
    assert registration.trajectory.phase == Phase.REGISTRATION
    question = registration.help_questions.get()
    assert question.text == "Niemand was echt bij ons in huis."
    assert [d.code for d in question.life_domains.all()] == ["werk-opleiding"]
    assert family.retain_until is not None and family.search_key == "de graaf"
    parent = family.members.get(given_name="Petra")
    assert parent.bsn == "111222333" and "111222333" not in parent.bsn_encrypted
    assert AccessEvent.objects.filter(
        event_type=EventType.CREATE, action="families.registration.create", family_id=family.pk
    ).exists()

    coordinator = make_user(Role.COORDINATOR)
    RoleGrant.objects.filter(user=coordinator).update(network=network)
    client.force_login(coordinator)
    queue = client.get(reverse("families:intake_queue"))
    assert [r.pk for r in queue.context["page"]] == [registration.pk]
    # The coordinator may open the file from the queue (intake ground), not export it.
    assert client.get(reverse("families:family_detail", args=[family.pk])).status_code == 200
    assert client.get(reverse("families:export_json", args=[family.pk])).status_code == 403


def test_safety_is_required_and_concerns_need_a_description(client, registrar):
    user, network = registrar
    client.force_login(user)
    response = client.post(
        reverse("families:register"),
        _post_data(network=network.pk, safety_status="", safety_notes=""),
    )
    assert response.status_code == 200
    assert "safety_status" in response.context["form"].errors
    response = client.post(
        reverse("families:register"), _post_data(network=network.pk, safety_notes="")
    )
    assert "safety_notes" in response.context["form"].errors
    assert not Family.objects.exists()


def test_a_help_question_is_required_and_a_bad_bsn_is_refused(client, registrar):
    user, network = registrar
    client.force_login(user)
    response = client.post(
        reverse("families:register"),
        _post_data(network=network.pk, **{"question-0-text": "", "question-0-kind": ""}),
    )
    assert "Schrijf minstens één hulpvraag op." in response.content.decode()
    response = client.post(
        reverse("families:register"),
        _post_data(network=network.pk, **{"member-1-bsn": "123456789"}),
    )
    assert "geen geldig burgerservicenummer" in response.content.decode()
    assert not Family.objects.exists()


def test_a_registration_for_a_found_family_reuses_its_file(client, registrar):
    user, network = registrar
    existing = FamilyFactory(network=network, name="de Graaf")
    client.force_login(user)
    url = reverse("families:register") + f"?family={existing.pk}"
    response = client.post(url, _post_data())
    assert response.status_code == 302
    assert Family.objects.count() == 1
    assert Registration.objects.get().family == existing


def test_a_file_of_another_network_cannot_be_registered_into(client, registrar):
    user, _network = registrar
    elsewhere = FamilyFactory()
    client.force_login(user)
    url = reverse("families:register") + f"?family={elsewhere.pk}"
    assert client.get(url).status_code == 404


def test_the_intake_queue_puts_acute_safety_first_in_constant_queries(client, registrar):
    user, network = registrar
    client.force_login(user)
    for name, safety in [("Aa", "in_order"), ("Bb", "acute"), ("Cc", "concerns")]:
        client.post(
            reverse("families:register"),
            _post_data(network=network.pk, family_name=name, safety_status=safety),
        )
    coordinator = make_user(Role.COORDINATOR)
    RoleGrant.objects.filter(user=coordinator).update(network=network)
    client.force_login(coordinator)
    client.get(reverse("families:intake_queue"))  # settles the session
    response = get_with_query_count(
        client, reverse("families:intake_queue"), expected=QUEUE_QUERIES
    )
    assert [r.family.name for r in response.context["page"]] == ["Bb", "Cc", "Aa"]
    for name in ("Dd", "Ee"):
        client.force_login(user)
        client.post(reverse("families:register"), _post_data(network=network.pk, family_name=name))
    client.force_login(coordinator)
    client.get(reverse("families:intake_queue"))
    get_with_query_count(client, reverse("families:intake_queue"), expected=QUEUE_QUERIES)


def test_professionals_cannot_open_the_intake_queue(client, registrar):
    user, _network = registrar
    client.force_login(user)
    assert client.get(reverse("families:intake_queue")).status_code == 403


# session, user, grants, count, page, access-log head + insert
QUEUE_QUERIES = 6
