"""What a child's and a parent's own login show (issue 11, point 4; docs/ARCHITECTURE.md
"Who sees what of a file"): youths of 11, 13 and 16, a parent with and one without
parental authority, in the Netherlands and in Flanders."""

import datetime

import pytest
from django.urls import reverse

from samenspel.access.policy import Ground, decide
from samenspel.accounts.models import Role
from samenspel.families.models import (
    ConfidentialSection,
    DataCategory,
    MemberRelation,
    MemberRole,
)
from tests.factories import FamilyFactory, FamilyMemberFactory, NetworkFactory, make_user

TODAY = datetime.date(2026, 11, 25)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]

ALL_BUT_SAFETY = frozenset(DataCategory.values) - {DataCategory.SAFETY}


def _household(country: str = "NL"):
    family = FamilyFactory(network=NetworkFactory(country=country), address="Lindelaan 4")
    people = {}
    for key, name, role, born in (
        ("mother", "Kim", MemberRole.PARENT, datetime.date(1985, 4, 4)),
        ("father", "Bas", MemberRole.PARENT, datetime.date(1983, 5, 5)),
        ("eleven", "Saar", MemberRole.CHILD, datetime.date(2015, 3, 3)),
        ("thirteen", "Daan", MemberRole.CHILD, datetime.date(2013, 6, 6)),
        ("sixteen", "Mila", MemberRole.CHILD, datetime.date(2010, 1, 1)),
    ):
        people[key] = FamilyMemberFactory(
            family=family,
            given_name=name,
            role=role,
            date_of_birth=born,
            user=make_user(Role.FAMILY_MEMBER),
        )
    for child in ("eleven", "thirteen", "sixteen"):
        MemberRelation.objects.create(
            member=people["mother"], kind="parent_of", other=people[child], parental_authority=True
        )
        MemberRelation.objects.create(
            member=people["father"], kind="parent_of", other=people[child]
        )
    ConfidentialSection.objects.create(
        member=people["thirteen"], title="Gesprek met de POH-GGZ", content="Somber sinds de zomer"
    )
    return family, people


def test_a_child_of_eleven_has_no_access_to_the_file():
    family, people = _household()
    assert not decide(people["eleven"].user, family).visible


def test_a_child_of_thirteen_sees_their_own_part_and_the_others_by_name_only(client):
    family, people = _household()
    decision = decide(people["thirteen"].user, family)
    assert decision.ground == Ground.FAMILY_MEMBER
    assert decision.scope[people["thirteen"].pk] == ALL_BUT_SAFETY - {DataCategory.JOURNAL}
    assert decision.scope[people["mother"].pk] == frozenset()
    assert decision.sees(DataCategory.HELP_QUESTIONS)  # the shared plan
    client.force_login(people["thirteen"].user)
    body = client.get(reverse("families:family_detail", args=[family.pk])).content.decode()
    assert "Somber sinds de zomer" in body  # their own confidential section
    assert "4 april 1985" not in body  # the mother's date of birth
    assert "Dit zie je niet: het hoort bij een ander gezinslid." in body


def test_a_youth_of_sixteen_sees_only_their_own_part_too():
    family, people = _household()
    decision = decide(people["sixteen"].user, family)
    assert decision.scope[people["sixteen"].pk] == ALL_BUT_SAFETY - {DataCategory.JOURNAL}
    assert decision.scope[people["father"].pk] == frozenset()


def test_a_parent_with_authority_sees_young_children_and_part_of_an_adolescent(client):
    family, people = _household()
    decision = decide(people["mother"].user, family)
    assert decision.scope[people["mother"].pk] == ALL_BUT_SAFETY
    assert decision.scope[people["eleven"].pk] == ALL_BUT_SAFETY
    assert decision.scope[people["thirteen"].pk] == {
        DataCategory.PERSONAL,
        DataCategory.HELP_QUESTIONS,
        DataCategory.SCHOOL,
    }
    assert decision.scope[people["sixteen"].pk] == frozenset()
    assert decision.scope[people["father"].pk] == {
        DataCategory.PERSONAL,
        DataCategory.HELP_QUESTIONS,
    }
    assert not decision.sees(DataCategory.SAFETY)
    client.force_login(people["mother"].user)
    body = client.get(reverse("families:family_detail", args=[family.pk])).content.decode()
    assert "Somber sinds de zomer" not in body  # the 13-year-old's confidential section
    assert "1 januari 2010" not in body  # the 16-year-old's date of birth
    assert "3 maart 2015" in body  # the 11-year-old's


def test_a_parent_without_authority_sees_the_children_by_name_only():
    family, people = _household()
    decision = decide(people["father"].user, family)
    for child in ("eleven", "thirteen", "sixteen"):
        assert decision.scope[people[child].pk] == frozenset()
        assert decision.sees_member(people[child].pk)


def test_in_flanders_a_child_of_twelve_is_their_own_person():
    family, people = _household(country="BE")
    decision = decide(people["mother"].user, family)
    assert decision.scope[people["eleven"].pk] == ALL_BUT_SAFETY
    assert decision.scope[people["thirteen"].pk] == frozenset()
