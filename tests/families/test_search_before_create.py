"""Search before create: the same family is found despite accents, a typo or a missing space
in the postcode, so no family gets two files; families of other networks stay out."""

import datetime

import pytest
from django.urls import reverse

from samenspel.audit.models import AccessEvent, EventType
from samenspel.families.actions import touch
from samenspel.families.search import find_possible_duplicates, fold
from tests.factories import FamilyFactory, FamilyMemberFactory, NetworkFactory, make_professional

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    network = NetworkFactory()
    yilmaz = FamilyFactory(network=network, name="Y\u0131lmaz", postcode="3551 AB")
    FamilyMemberFactory(
        family=yilmaz, family_name="Y\u0131lmaz", date_of_birth=datetime.date(2012, 4, 3)
    )
    graaf = FamilyFactory(network=network, name="de Graaf", postcode="2711 CD")
    FamilyMemberFactory(family=graaf, family_name="Müller", date_of_birth=datetime.date(2016, 9, 9))
    for family in (yilmaz, graaf):
        touch(family)
    return network


def _names(network, **query):
    return [m.family.name for m in find_possible_duplicates([network.pk], **query)]


def test_folding_drops_accents_and_case():
    assert fold("Y\u0131lmaz") == fold("YILMAZ") == "yilmaz"
    assert fold("Müller-Lüdenscheidt") == "muller ludenscheidt"


def test_a_name_is_found_without_its_accents(network):
    assert _names(network, name="Yilmaz") == ["Y\u0131lmaz"]
    assert _names(network, name="muller") == ["de Graaf"]


def test_a_small_typo_still_finds_the_family(network):
    assert _names(network, name="Yilmas") == ["Y\u0131lmaz"]


def test_date_of_birth_and_postcode_find_it_too(network):
    assert _names(network, date_of_birth=datetime.date(2016, 9, 9)) == ["de Graaf"]
    assert _names(network, postcode="3551ab") == ["Y\u0131lmaz"]


def test_more_matching_fields_rank_higher(network):
    FamilyFactory(network=network, name="Yilmaz", postcode="9999 ZZ")
    matches = find_possible_duplicates(
        [network.pk], name="Yilmaz", postcode="3551 AB", date_of_birth=datetime.date(2012, 4, 3)
    )
    assert matches[0].reasons == ["name", "date_of_birth", "postcode"]


def test_other_networks_are_not_searched(network):
    assert find_possible_duplicates([NetworkFactory().pk], name="Yilmaz") == []


def test_the_search_page_offers_the_match_and_logs_the_search(client, network):
    professional = make_professional(network=network)
    client.force_login(professional.user)
    response = client.get(reverse("families:family_search"), {"name": "yilmaz"})
    assert response.status_code == 200
    assert "Aanmelden voor dit gezin" in response.content.decode()
    event = AccessEvent.objects.get(event_type=EventType.SEARCH)
    # The log says which fields were searched, never the name typed in.
    assert event.detail["fields"] == ["name"]
    assert "yilmaz" not in str(event.detail).lower()


def test_an_empty_search_asks_for_something(client, network):
    client.force_login(make_professional(network=network).user)
    response = client.get(reverse("families:family_search"), {"name": ""})
    assert "Vul een achternaam" in response.content.decode()


def test_postcodes_are_stored_in_one_form_and_found_in_any(client):
    from samenspel.families.actions import (
        FamilyData,
        QuestionData,
        RegistrationData,
        register_family,
    )

    network = NetworkFactory()
    registration = register_family(
        actor=make_professional(network=network).user,
        network=network,
        new_family=FamilyData("Smit", postcode="2711ab"),
        questions=[QuestionData("Hulp bij geld", "what")],
        registration=RegistrationData("in_order", "gp"),
    )
    assert registration.family.postcode == "2711 AB"
    assert _names(network, postcode="2711 ab") == ["Smit"]
    assert _names(network, postcode="2711AB") == ["Smit"]


def test_a_second_file_for_the_same_family_is_refused_even_without_searching():
    from django.core.exceptions import ValidationError

    from samenspel.families.actions import (
        FamilyData,
        MemberData,
        QuestionData,
        RegistrationData,
        register_family,
    )

    network = NetworkFactory()
    actor = make_professional(network=network).user

    def register():
        return register_family(
            actor=actor,
            network=network,
            new_family=FamilyData("Smit", postcode="2711 AB"),
            members=[MemberData("Anna", "child", date_of_birth=datetime.date(2015, 1, 2))],
            questions=[QuestionData("Hulp bij geld", "what")],
            registration=RegistrationData("in_order", "gp"),
        )

    first = register()
    with pytest.raises(ValidationError, match=f"nummer {first.family.pk}"):
        register()


def test_the_search_offers_the_file_to_its_team_and_emergency_access_to_others(client, network):
    from samenspel.trajectories.models import CareTeamRole
    from tests.factories import TrajectoryFactory, add_to_team

    family = network.families.get(name="de Graaf")
    member = make_professional(network=network)
    add_to_team(TrajectoryFactory(family=family), member, CareTeamRole.COORDINATOR)
    client.force_login(member.user)
    response = client.get(reverse("families:family_search"), {"name": "graaf"})
    assert [m.visible for m in response.context["matches"]] == [True]
    assert "Dossier openen" in response.content.decode()
    client.force_login(make_professional(network=network).user)
    response = client.get(reverse("families:family_search"), {"name": "graaf"})
    assert [m.visible for m in response.context["matches"]] == [False]
    assert "Noodtoegang" in response.content.decode()


def test_a_file_the_searcher_may_not_open_is_shown_without_its_name(client, network):
    """Search before create says that a file may exist, never whose it is, unless the
    policy lets the searcher open it; the names shown are logged as reads of those files."""
    from samenspel.trajectories.models import CareTeamRole
    from tests.factories import TrajectoryFactory, add_to_team

    family = network.families.get(name="de Graaf")
    family.city = "Zoetermeer"
    family.save()
    client.force_login(make_professional(network=network).user)
    body = client.get(reverse("families:family_search"), {"name": "graaf"}).content.decode()
    assert "de Graaf" not in body and "Zoetermeer" not in body
    assert f"Mogelijk bestaat er al een dossier (dossier {family.pk})" in body
    assert not AccessEvent.objects.filter(action="families.family.search_result").exists()
    member = make_professional(network=network)
    add_to_team(TrajectoryFactory(family=family), member, CareTeamRole.COORDINATOR)
    client.force_login(member.user)
    body = client.get(reverse("families:family_search"), {"name": "graaf"}).content.decode()
    assert "de Graaf" in body
    event = AccessEvent.objects.get(action="families.family.search_result")
    assert (event.family_id, event.user_id) == (family.pk, member.user.pk)
