"""Who must consent, from the age on the day of consent (Jeugdwet 7.3.4; Flanders: a minor
from 12 is presumed capable): the days before and of the 12th and 16th birthday."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from samenspel.families.actions import ConsentValues, record_consent
from samenspel.families.models import MemberRelation, MemberRole, ObtainedHow, Purpose
from tests.factories import (
    FamilyFactory,
    FamilyMemberFactory,
    NetworkFactory,
    OrganisationFactory,
    make_user,
)

pytestmark = pytest.mark.django_db

BORN = datetime.date(2010, 6, 15)
BEFORE_12, ON_12 = datetime.date(2022, 6, 14), datetime.date(2022, 6, 15)
BEFORE_16, ON_16 = datetime.date(2026, 6, 14), datetime.date(2026, 6, 15)


@pytest.fixture
def household(request):
    country = getattr(request, "param", "NL")
    family = FamilyFactory(network=NetworkFactory(country=country))
    mother = FamilyMemberFactory(family=family, role=MemberRole.PARENT, given_name="Mira")
    child = FamilyMemberFactory(family=family, date_of_birth=BORN, given_name="Sem")
    return family, mother, child


def _consent(family, *, about, given_by, on):
    return record_consent(
        family,
        actor=make_user(),
        values=ConsentValues(
            about=about,
            given_by=given_by,
            recipients=[OrganisationFactory()],
            purpose=Purpose.TEAM_COLLABORATION,
            obtained_how=ObtainedHow.SIGNED,
            valid_from=on,
        ),
    )


def test_under_twelve_the_parents_decide_and_the_child_alone_cannot(household):
    family, mother, child = household
    assert _consent(family, about=[child], given_by=[mother], on=BEFORE_12).pk
    with pytest.raises(ValidationError, match="ouder met gezag"):
        _consent(family, about=[child], given_by=[child], on=BEFORE_12)


def test_from_the_twelfth_birthday_child_and_parents_both(household):
    family, mother, child = household
    with pytest.raises(ValidationError, match="is 12 en moet zelf toestemming geven"):
        _consent(family, about=[child], given_by=[mother], on=ON_12)
    with pytest.raises(ValidationError, match="ouder met gezag"):
        _consent(family, about=[child], given_by=[child], on=ON_12)
    assert _consent(family, about=[child], given_by=[child, mother], on=ON_12).pk


def test_the_day_before_sixteen_the_parents_are_still_needed(household):
    family, _mother, child = household
    with pytest.raises(ValidationError, match="ouder met gezag"):
        _consent(family, about=[child], given_by=[child], on=BEFORE_16)


def test_from_the_sixteenth_birthday_the_young_person_alone(household):
    family, mother, child = household
    assert _consent(family, about=[child], given_by=[child], on=ON_16).pk
    with pytest.raises(ValidationError, match="is 16 en moet zelf toestemming geven"):
        _consent(family, about=[child], given_by=[mother], on=ON_16)


@pytest.mark.parametrize("household", ["BE"], indirect=True)
def test_in_flanders_a_child_of_twelve_decides_alone(household):
    family, mother, child = household
    with pytest.raises(ValidationError, match="ouder met gezag"):
        _consent(family, about=[child], given_by=[child], on=BEFORE_12)
    assert _consent(family, about=[child], given_by=[child], on=ON_12).pk
    with pytest.raises(ValidationError, match="is 12 en moet zelf toestemming geven"):
        _consent(family, about=[child], given_by=[mother], on=ON_12)


def test_a_parent_without_authority_cannot_consent_for_the_child(household):
    family, mother, child = household
    father = FamilyMemberFactory(family=family, role=MemberRole.PARENT, given_name="Ruud")
    MemberRelation.objects.create(member=mother, kind="parent_of", other=child)
    MemberRelation.objects.create(
        member=father, kind="parent_of", other=child, parental_authority=True
    )
    with pytest.raises(ValidationError, match="ouder met gezag"):
        _consent(family, about=[child], given_by=[mother], on=BEFORE_12)
    assert _consent(family, about=[child], given_by=[father], on=BEFORE_12).pk


def test_without_a_date_of_birth_the_age_rule_cannot_be_applied(household):
    family, mother, _child = household
    unknown = FamilyMemberFactory(family=family, date_of_birth=None)
    with pytest.raises(ValidationError, match="geboortedatum"):
        _consent(family, about=[unknown], given_by=[mother], on=ON_12)


def test_an_adult_consents_about_themselves(household):
    family, mother, child = household
    with pytest.raises(ValidationError, match=r"Mira .* moet zelf toestemming geven"):
        _consent(family, about=[mother], given_by=[child], on=ON_16)
    assert _consent(family, about=[mother], given_by=[mother], on=ON_16).pk
