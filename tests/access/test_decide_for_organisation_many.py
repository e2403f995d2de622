"""`decide_for_organisation_many` (a FHIR search page) answers for every family exactly what
`decide_for_organisation` answers for it alone, on every team ground and for every action,
in a number of queries that does not grow with the families."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samenspel.access.policy import Action, decide_for_organisation, decide_for_organisation_many
from samenspel.families.models import DataCategory, Family, MemberRole
from samenspel.trajectories.models import CareTeamRole
from tests.factories import (
    FamilyFactory,
    FamilyMemberFactory,
    OrganisationFactory,
    TrajectoryFactory,
    add_consent,
    add_to_network,
    add_to_team,
    make_professional,
)

pytestmark = pytest.mark.django_db


def _family(organisation, *, own=False, consent=None, place=True, closed=False):
    family = FamilyFactory()
    children = [
        FamilyMemberFactory(family=family),
        FamilyMemberFactory(family=family, date_of_birth=datetime.date(2010, 1, 1)),
    ]
    FamilyMemberFactory(family=family, role=MemberRole.PARENT, date_of_birth=None)
    trajectory = TrajectoryFactory(family=family, closed=closed)
    provider = organisation if own else OrganisationFactory()
    for each in {provider, organisation}:
        add_to_network(each, family.network)
    add_to_team(
        trajectory,
        make_professional(organisation=provider, network=family.network),
        CareTeamRole.COORDINATOR,
    )
    if place and not own:
        add_to_team(trajectory, make_professional(organisation=organisation))
    if consent == "whole":
        add_consent(family, organisation)
    elif consent == "partial":
        made = add_consent(family, organisation, data_categories=[DataCategory.PERSONAL])
        made.about.set(children[:1])
    elif consent == "lapsed":  # given before the older child turned 16
        add_consent(family, organisation, valid_from=timezone.localdate().replace(year=2025))
    return family


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def families(organisation):
    return [
        _family(organisation, own=True),
        _family(organisation, consent="whole"),
        _family(organisation, consent="partial"),
        _family(organisation, consent="lapsed"),
        _family(organisation),  # on the team without a consent
        _family(organisation, place=False, consent="whole"),  # not on the team
        _family(organisation, own=True, closed=True),  # its only trajectory closed
    ]


def _same(one, other):
    """Equal, the fields that take no part in `==` too."""
    assert one == other
    for name in ("team_roles", "scope", "renewal_due", "partial", "household", "member_id"):
        assert getattr(one, name) == getattr(other, name), name


@pytest.mark.parametrize("action", list(Action))
def test_each_familys_decision_is_the_single_one(organisation, families, action):
    read = list(Family.objects.select_related("network").filter(pk__in=[f.pk for f in families]))
    many = decide_for_organisation_many(organisation.pk, read, action)
    assert set(many) == {f.pk for f in families}
    for family in read:
        _same(many[family.pk], decide_for_organisation(organisation.pk, family, action))
    grounds = [many[f.pk].ground or many[f.pk].missing or "-" for f in families]
    if action == Action.VIEW:
        assert grounds == ["care_team", "consent", "consent", "consent", "consent", "-", "-"]
        assert [many[f.pk].allowed for f in families] == [True] * 4 + [False] * 3
        assert many[families[3].pk].renewal_due  # the lapsed consent


def test_the_queries_do_not_grow_with_the_families(organisation, families):
    found = Family.objects.select_related("network").in_bulk([f.pk for f in families])
    read = [found[f.pk] for f in families]
    counts = []
    for chosen in (read[1:2], read, read[1:] + read[:1]):
        with CaptureQueriesContext(connection) as queries:
            decide_for_organisation_many(organisation.pk, chosen)
        counts.append(len(queries))
    # The places; for those seen by consent their consents' scope and their members.
    assert counts == [3, 3, 3]
    with CaptureQueriesContext(connection) as queries:
        decide_for_organisation_many(organisation.pk, read[:1])
    assert len(queries) == 1  # its own help: the places decide
    assert decide_for_organisation_many(organisation.pk, []) == {}
