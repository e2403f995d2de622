"""A read compiled once (core/query_shapes.py) gives what the ORM gives, and fails closed."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from samenspel.access import policy
from samenspel.core.query_shapes import QueryShape
from samenspel.families.models import Family
from samenspel.trajectories.models import CareTeamRole
from tests.factories import TrajectoryFactory, add_to_team, make_professional

pytestmark = pytest.mark.django_db

DAYS = [datetime.date(2026, 1, 15), datetime.date(2026, 2, 1)]


def test_the_compiled_reads_give_what_the_queryset_gives():
    trajectory = TrajectoryFactory()
    member = make_professional()
    add_to_team(
        trajectory,
        member,
        CareTeamRole.COORDINATOR,
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2026, 1, 31),
    )
    add_to_team(trajectory, make_professional(), CareTeamRole.WALK_ALONG)
    user_id, family_id = member.user.pk, trajectory.family_id
    for day in DAYS:  # one compiled SQL, a place on the first day and none on the second
        orm = list(policy._places_for_family(user_id, family_id, day))
        compiled = policy._PLACES_FOR_FAMILY.rows(user_id=user_id, family_id=family_id, day=day)
        assert [dict(row, own_ground=bool(row["own_ground"])) for row in compiled] == orm
        orm = list(policy._own_places(user_id, day))
        compiled = policy._OWN_PLACES.rows(user_id=user_id, day=day)
        assert [dict(row, own_ground=bool(row["own_ground"])) for row in compiled] == orm
    organisation_id = trajectory.team_memberships.get(professional=member).organisation_id
    assert organisation_id is not None
    for day in DAYS:  # a system of the organisation (decide_for_organisation)
        orm = list(policy._organisation_places_for_family(organisation_id, family_id, day))
        compiled = policy._ORGANISATION_PLACES_FOR_FAMILY.rows(
            organisation_id=organisation_id, family_id=family_id, day=day
        )
        assert [dict(row, own_ground=bool(row["own_ground"])) for row in compiled] == orm
    assert policy._ORGANISATION_PLACES_FOR_FAMILY.rows(
        organisation_id=organisation_id, family_id=family_id, day=DAYS[0]
    )
    assert len(policy._PLACES_FOR_FAMILY.rows(user_id=user_id, family_id=family_id, day=DAYS[0]))
    assert not policy._OWN_PLACES.rows(user_id=user_id, day=DAYS[1])


def test_a_value_of_another_type_is_refused():
    with pytest.raises(TypeError):
        policy._OWN_PLACES.rows(user_id="1", day=DAYS[0])
    with pytest.raises(TypeError):
        policy._OWN_PLACES.rows(user_id=1)


def test_a_stand_in_that_is_not_a_parameter_is_refused():
    shape = QueryShape(lambda pk: Family.objects.filter(pk__gt=0).values("pk"), pk=-7_613_299)
    with pytest.raises(ImproperlyConfigured):
        shape.rows(pk=1)


def test_a_value_derived_from_a_stand_in_is_refused():
    # The day a year back would be compiled once and then hold for every later call.
    shape = QueryShape(
        lambda day: Family.objects.filter(
            retain_until__gte=day - datetime.timedelta(days=365)
        ).values("pk"),
        day=datetime.date(1901, 2, 3),
    )
    with pytest.raises(ImproperlyConfigured):
        shape.rows(day=DAYS[0])
    shape = QueryShape(
        lambda day, pk: Family.objects.filter(retain_until__lte=day, pk__in=[pk, pk + 1]).values(
            "pk"
        ),
        day=datetime.date(1901, 2, 3),
        pk=-7_613_298,
    )
    with pytest.raises(ImproperlyConfigured):
        shape.rows(day=DAYS[0], pk=1)


def test_a_family_not_saved_yet_has_no_team_ground():
    member = make_professional()
    assert not policy.decide(member.user, Family(name="Nieuw")).visible
