"""The plan pages take the same number of queries however many goals, actions, notes,
versions and evaluations a family has (no N+1)."""

import datetime

import pytest
from django.urls import reverse

from samenspel.families.models import MemberRole
from samenspel.plans import actions
from samenspel.plans.models import DomainNote, InstrumentVersion, Occasion
from samenspel.trajectories.models import CareTeamRole
from tests.factories import (
    FamilyMemberFactory,
    GoalFactory,
    PlanActionFactory,
    TrajectoryFactory,
    add_to_team,
    life_domain,
    make_plan,
    make_professional,
)
from tests.helpers import get_with_query_count

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]


@pytest.fixture
def client_for(client_for):
    """Logged-in clients that have made one request already, so the first-request session
    save does not count."""

    def _client(user):
        client = client_for(user)
        client.get(reverse("core:home"))
        return client

    return _client


TODAY = datetime.date(2026, 11, 23)

# Session, user, roles and second factor (4); the access decision and its event (5); then the
# page's own reads (the confidentiality check reads no member list for the care team).
PLAN_PAGE = 19  # a recent version, its agreements and the plan come from the version list;
# + the family's own words, proposed goals and messages (portal), one query each
TRENDS_PAGE = 12
DIFF_PAGE = 22
LIST_PAGE = 6
EVALUATIONS_PAGE = 8


def _grow(trajectory, coordinator, *, goals: int, evaluations: int) -> None:
    """A plan version with `goals` goals (with members and actions), agreed, evaluated
    `evaluations` times with a ZRM measurement each, and a new version after that."""
    parent = FamilyMemberFactory(family=trajectory.family, role=MemberRole.PARENT)
    version = make_plan(trajectory, actor=coordinator.user, goals=0)
    for _ in range(goals):
        goal = GoalFactory(version=version, members=[parent])
        PlanActionFactory(version=version, goal=goal)
        DomainNote.objects.create(
            version=version, domain=life_domain(), member=parent, strengths="Sterk"
        )
    actions.agree_version(
        version, actor=coordinator.user, agreed_on=TODAY, members={parent: "meeting"}
    )
    zrm = InstrumentVersion.objects.get(instrument__code="zrm-2017")
    domains = list(zrm.domains.values_list("pk", flat=True)[:3])
    for n in range(evaluations):
        day = TODAY - datetime.timedelta(weeks=6 * (evaluations - n))
        evaluation = actions.record_evaluation(
            trajectory,
            version=version,
            held_on=day,
            step="same",
            next_evaluation_on=day + datetime.timedelta(weeks=6),
            scores=dict.fromkeys(version.goals.all(), (n % 3 - 1, "")),
            actor=coordinator.user,
        )
        actions.record_assessment(
            trajectory,
            instrument_version=zrm,
            assessed_on=day,
            scores=dict.fromkeys(domains, (3, "Hulpvraag")),
            evaluation=evaluation,
            actor=coordinator.user,
        )
    actions.start_new_version(
        version.plan, occasion=Occasion.MDO, reason="MDO", actor=coordinator.user
    )


@pytest.mark.parametrize(("goals", "evaluations"), [(1, 1), (6, 5)])
def test_the_plan_page_takes_a_fixed_number_of_queries(team, client_for, goals, evaluations):
    trajectory, coordinator = team
    _grow(trajectory, coordinator, goals=goals, evaluations=evaluations)
    client = client_for(coordinator.user)
    for url in (
        reverse("plans:plan_detail", args=[trajectory.pk]),
        reverse("plans:plan_detail", args=[trajectory.pk]) + "?version=1",
    ):
        response = get_with_query_count(client, url, expected=PLAN_PAGE)
        assert len(response.context["content"].goals) == goals


@pytest.mark.parametrize(("goals", "evaluations"), [(1, 1), (6, 5)])
def test_the_trends_page_takes_a_fixed_number_of_queries(team, client_for, goals, evaluations):
    trajectory, coordinator = team
    _grow(trajectory, coordinator, goals=goals, evaluations=evaluations)
    response = get_with_query_count(
        client_for(coordinator.user),
        reverse("plans:trends", args=[trajectory.pk]),
        expected=TRENDS_PAGE,
    )
    assert len(response.context["goals"]) == goals
    assert len(response.context["domains"]) == 3


@pytest.mark.parametrize("goals", [1, 6])
def test_the_diff_page_takes_a_fixed_number_of_queries(team, client_for, goals):
    trajectory, coordinator = team
    _grow(trajectory, coordinator, goals=goals, evaluations=1)
    get_with_query_count(
        client_for(coordinator.user),
        reverse("plans:version_diff", args=[trajectory.pk, 2]),
        expected=DIFF_PAGE,
    )


@pytest.mark.parametrize("families", [1, 4])
def test_the_plan_list_takes_a_fixed_number_of_queries(client_for, families):
    coordinator = make_professional()
    for _ in range(families):
        trajectory = TrajectoryFactory()
        add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
        make_plan(trajectory, actor=coordinator.user, goals=1)
    response = get_with_query_count(
        client_for(coordinator.user), reverse("plans:plan_list"), expected=LIST_PAGE
    )
    assert len(response.context["page"].object_list) == families


def test_the_plan_list_pages_with_htmx_as_a_fragment(client_for):
    coordinator = make_professional()
    for _ in range(26):
        trajectory = TrajectoryFactory()
        add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
        make_plan(trajectory, actor=coordinator.user, goals=0)
    client = client_for(coordinator.user)
    first = client.get(reverse("plans:plan_list"))
    assert len(first.context["page"].object_list) == 25
    second = client.get(reverse("plans:plan_list") + "?page=2", headers={"HX-Request": "true"})
    content = second.content.decode()
    assert content.lstrip().startswith('<div id="plan-list"')
    assert "<html" not in content
    assert len(second.context["page"].object_list) == 1
    assert "HX-Request" in second["Vary"]


@pytest.mark.parametrize("evaluations", [1, 5])
def test_the_evaluation_list_takes_a_fixed_number_of_queries(team, client_for, evaluations):
    trajectory, coordinator = team
    _grow(trajectory, coordinator, goals=2, evaluations=evaluations)
    response = get_with_query_count(
        client_for(coordinator.user),
        reverse("plans:evaluation_list", args=[trajectory.pk]),
        expected=EVALUATIONS_PAGE,
    )
    assert len(response.context["page"].object_list) == evaluations
