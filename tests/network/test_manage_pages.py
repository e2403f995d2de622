"""Network administrators keep the glossary, catalogue, checklist, legal bases and the
network's details; every change is validated, logged and visible in the history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samenspel.audit.models import AccessEvent
from samenspel.network import actions
from samenspel.network.models import (
    ChecklistAnswer,
    GlossaryTerm,
    Intervention,
    LegalBasis,
    NetworkChange,
    Service,
    Team,
)
from samenspel.network.values import ServiceValues
from tests.factories import NetworkFactory, OrganisationFactory, make_colleague, make_network_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(beter_thuis, client):
    user = make_network_admin(beter_thuis, full_name="Anke Jansen")
    client.force_login(user)
    return user


def test_a_glossary_term_with_flemish_and_sector_synonyms(client, beter_thuis, admin):
    response = client.post(
        reverse("network:glossary_new", args=[beter_thuis.slug]),
        {
            "term": "Regisseur",
            "definition": "De hulpverlener die het overzicht houdt.",
            "examples": "",
            "synonyms": "casusregisseur\nregiehouder | NL\ntrajectbegeleider | BE | jeugdhulp",
        },
    )

    term = GlossaryTerm.objects.get()
    assert response.url == reverse("network:glossary_term", args=[beter_thuis.slug, term.pk])
    assert sorted(term.synonyms.values_list("text", "country")) == [
        ("casusregisseur", ""),
        ("regiehouder", "NL"),
        ("trajectbegeleider", "BE"),
    ]
    assert term.synonyms.get(text="trajectbegeleider").sector.code == "jeugdhulp"
    assert AccessEvent.objects.filter(
        action="network.glossary.save", object_id=str(term.pk)
    ).exists()


def test_a_synonym_with_an_unknown_label_gets_a_dutch_message(client, beter_thuis, admin):
    response = client.post(
        reverse("network:glossary_new", args=[beter_thuis.slug]),
        {"term": "Gezin", "definition": "Ouders en kinderen.", "synonyms": "huishouden | XX"},
    )

    assert response.status_code == 200
    assert "Regel 1" in response.text
    assert not GlossaryTerm.objects.exists()


def test_a_service_with_tariff_and_interventions_in_the_catalogue(client, beter_thuis, admin):
    term = GlossaryTerm.objects.create(network=beter_thuis, term="LVB", definition="…")
    url = reverse("network:service_new", args=[beter_thuis.slug, beter_thuis.lvb.pk])
    data = {
        "name": "Gezinscoaching LVB",
        "description": "Praktische hulp thuis.",
        "target_groups": [term.pk],
        "waiting_weeks": "3",
        "tariff": "74.50",
        "tariff_unit": "hour",
        "interventions-TOTAL_FORMS": "2",
        "interventions-INITIAL_FORMS": "0",
        "interventions-MIN_NUM_FORMS": "0",
        "interventions-MAX_NUM_FORMS": "1000",
        "interventions-0-name": "Stevig Ouderschap",
        "interventions-0-effectiveness": "good",
        "interventions-1-name": "",
        "interventions-1-effectiveness": "none",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    service = Service.objects.get()
    assert service.organisation == beter_thuis.lvb
    assert [i.name for i in service.interventions.all()] == ["Stevig Ouderschap"]
    assert list(service.target_groups.all()) == [term]
    page = client.get(
        reverse("network:organisation_detail", args=[beter_thuis.slug, beter_thuis.lvb.pk])
    )
    assert "Gezinscoaching LVB" in page.text


def test_a_tariff_without_a_unit_is_refused(client, beter_thuis, admin):
    response = client.post(
        reverse("network:service_new", args=[beter_thuis.slug, beter_thuis.lvb.pk]),
        {
            "name": "Dienst",
            "tariff": "10",
            "tariff_unit": "",
            "interventions-TOTAL_FORMS": "0",
            "interventions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["tariff_unit"]
    assert not Service.objects.exists()


def test_checklist_answers_keep_their_history(client, beter_thuis, admin):
    url = reverse("network:checklist_edit", args=[beter_thuis.slug, "common_goal"])
    client.post(url, {"question": "common_goal", "answer": "Eén gezin, één plan."})
    client.post(url, {"question": "common_goal", "answer": "Eén gezin, één plan, één regisseur."})

    page = client.get(url)

    assert ChecklistAnswer.objects.count() == 2
    assert [a.answer for a in page.context["answers"]] == [
        "Eén gezin, één plan, één regisseur.",
        "Eén gezin, één plan.",
    ]
    network_page = client.get(reverse("network:detail", args=[beter_thuis.slug]))
    assert "één regisseur" in network_page.text


def test_a_legal_basis_per_purpose_and_organisation(client, beter_thuis, admin):
    url = reverse("network:legal_basis_new", args=[beter_thuis.slug])
    data = {
        "organisation": beter_thuis.youth.pk,
        "purpose": "Integrale gezinshulp",
        "basis": "public_task",
        "law_reference": "Jeugdwet art. 7.3.11",
    }
    client.post(url, data)

    duplicate = client.post(url, data)

    assert LegalBasis.objects.count() == 1
    assert duplicate.status_code == 200  # the same purpose twice for one organisation


def test_editing_the_network_shows_in_the_history_and_refuses_a_stale_form(
    client, beter_thuis, admin
):
    url = reverse("network:network_edit", args=[beter_thuis.slug])
    data = {"name": "Beter Thuis", "region": "Zoetermeer en Den Haag", "description": "Samen."}
    client.post(url, data | {"version": 1})

    stale = client.post(url, data | {"description": "Oud", "version": 1})

    assert stale.status_code == 200
    beter_thuis.refresh_from_db()
    assert beter_thuis.description == "Samen."
    change = NetworkChange.objects.get(network=beter_thuis)
    assert change.changed_by == admin
    assert "Anke Jansen" in client.get(url).text


def test_a_team_with_members_and_areas(client, beter_thuis, admin, colleague):
    response = client.post(
        reverse("network:team_new", args=[beter_thuis.slug]),
        {
            "name": "Beter Thuis Zoetermeer",
            "areas": [beter_thuis.zoetermeer.pk],
            "members": [colleague.pk],
        },
    )

    assert response.status_code == 302
    team = Team.objects.get()
    assert team.network == beter_thuis
    assert list(team.members.all()) == [colleague]
    assert NetworkChange.history_of(team).count() == 1


def test_a_team_cannot_get_a_member_from_outside_the_network(client, beter_thuis, admin):
    outsider = make_colleague(NetworkFactory(slug="elders"), full_name="Iemand Elders")

    response = client.post(
        reverse("network:team_new", args=[beter_thuis.slug]),
        {"name": "Team", "members": [outsider.pk]},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["members"]


def test_an_organisations_details_are_changed_with_history(client, beter_thuis, admin):
    organisation = beter_thuis.lvb
    url = reverse("network:organisation_edit", args=[beter_thuis.slug, organisation.pk])
    data = {
        "name": organisation.name,
        "sector": organisation.sector_id,
        "region": "Zoetermeer",
        "website": "https://www.steunpuntlvb.example",
        "email": "info@steunpuntlvb.example",
        "phone": "079 1234567",
        "description": "Ondersteuning bij een licht verstandelijke beperking.",
        "membership_role": "lead",
        "member_until": "",
        "version": organisation.version,
    }

    client.post(url, data)
    stale = client.post(url, data | {"phone": "010 0000000"})

    organisation.refresh_from_db()
    assert organisation.phone == "079 1234567"
    assert organisation.memberships.get(network=beter_thuis).role == "lead"
    assert stale.status_code == 200
    assert NetworkChange.history_of(organisation).count() == 1


def test_an_organisation_outside_the_network_cannot_be_edited(client, beter_thuis, admin):
    other = OrganisationFactory()

    response = client.get(reverse("network:organisation_edit", args=[beter_thuis.slug, other.pk]))

    assert response.status_code == 404


def test_editing_a_service_keeps_the_target_groups_of_another_network(client, beter_thuis, admin):
    other = NetworkFactory(slug="elders")
    theirs = GlossaryTerm.objects.create(network=other, term="Multiprobleemgezin", definition="…")
    ours = GlossaryTerm.objects.create(network=beter_thuis, term="LVB", definition="…")
    service = Service.objects.create(organisation=beter_thuis.lvb, name="Gezinscoaching")
    service.target_groups.add(theirs)
    url = reverse("network:service_edit", args=[beter_thuis.slug, beter_thuis.lvb.pk, service.pk])

    client.post(
        url,
        {
            "name": "Gezinscoaching",
            "target_groups": [ours.pk],
            "version": service.version,
            "interventions-TOTAL_FORMS": "0",
            "interventions-INITIAL_FORMS": "0",
        },
    )

    assert set(service.target_groups.all()) == {ours, theirs}


def test_editing_a_service_changes_removes_and_adds_its_interventions(client, beter_thuis, admin):
    service = Service.objects.create(organisation=beter_thuis.lvb, name="Gezinscoaching")
    kept = Intervention.objects.create(service=service, name="Triple P")
    gone = Intervention.objects.create(service=service, name="Video-hometraining")
    url = reverse("network:service_edit", args=[beter_thuis.slug, beter_thuis.lvb.pk, service.pk])

    response = client.post(
        url,
        {
            "name": "Gezinscoaching",
            "version": service.version,
            "interventions-TOTAL_FORMS": "3",
            "interventions-INITIAL_FORMS": "2",
            "interventions-0-id": kept.pk,
            "interventions-0-name": "Triple P",
            "interventions-0-effectiveness": "good",
            "interventions-1-id": gone.pk,
            "interventions-1-name": "Video-hometraining",
            "interventions-1-effectiveness": "none",
            "interventions-1-DELETE": "on",
            "interventions-2-name": "Stevig Ouderschap",
            "interventions-2-effectiveness": "none",
        },
    )

    assert response.status_code == 302
    rows = {i.name: i.effectiveness for i in service.interventions.all()}
    assert rows == {"Triple P": "good", "Stevig Ouderschap": "none"}


def test_a_service_takes_target_groups_of_its_own_network_only(beter_thuis, admin):
    other = NetworkFactory(slug="elders")
    theirs = GlossaryTerm.objects.create(network=other, term="Multiprobleemgezin", definition="…")

    with pytest.raises(ValidationError):
        actions.save_service(
            Service(organisation=beter_thuis.lvb),
            network=beter_thuis,
            actor=admin,
            values=ServiceValues(name="Gezinscoaching", target_groups=[theirs]),
            expected_version=None,
        )

    assert not Service.objects.exists()


def test_a_membership_cannot_end_before_it_started(client, beter_thuis, admin):
    organisation = beter_thuis.lvb
    membership = organisation.memberships.get(network=beter_thuis)

    response = client.post(
        reverse("network:organisation_edit", args=[beter_thuis.slug, organisation.pk]),
        {
            "name": organisation.name,
            "sector": organisation.sector_id,
            "membership_role": "partner",
            "member_until": (membership.valid_from.replace(year=2000)).isoformat(),
            "version": organisation.version,
        },
    )

    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.valid_until is None


def test_the_administrator_sets_hours_and_expertise_levels(client, beter_thuis, admin, colleague):
    url = reverse("network:professional_edit", args=[beter_thuis.slug, colleague.pk])
    data = {
        "hours_per_week": "16",
        "valid_until": "",
        "version": colleague.version,
        "expertise_lvb": "3",
        "expertise_jeugdhulp": "",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    assert colleague.assignments.get(network=beter_thuis).hours_per_week == 16
    assert {e.expertise.code: e.level for e in colleague.expertise_levels.all()} == {"lvb": 3}
    assert NetworkChange.history_of(colleague).count() == 1
    stale = client.post(url, data | {"hours_per_week": "8"})
    assert stale.status_code == 200
    assert colleague.assignments.get(network=beter_thuis).hours_per_week == 16


def test_hours_above_sixty_are_refused(client, beter_thuis, admin, colleague):
    url = reverse("network:professional_edit", args=[beter_thuis.slug, colleague.pk])

    response = client.post(url, {"hours_per_week": "80", "version": colleague.version})

    assert response.status_code == 200
    assert response.context["form"].errors["hours_per_week"]
