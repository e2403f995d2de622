"""The demo's plans: a draft in the plan phase; in execution two agreed versions and two
evaluations with GAS and ZRM, so the trends show something. Running it twice changes nothing."""

import datetime

import pytest
from django.utils import timezone

from samenspel.demo.story import plans as story
from samenspel.families.models import MemberRole
from samenspel.plans.models import Assessment, Evaluation, PlanVersion, VersionStatus
from samenspel.plans.queries import has_agreed_plan
from samenspel.trajectories.models import CareTeamRole, Phase
from tests.factories import FamilyMemberFactory, TrajectoryFactory, add_to_team, make_professional

pytestmark = pytest.mark.django_db


def _trajectory(phase: Phase):
    start = timezone.localdate() - datetime.timedelta(weeks=20)
    trajectory = TrajectoryFactory(phase=phase, opened_on=start)
    add_to_team(trajectory, make_professional(), CareTeamRole.COORDINATOR, valid_from=start)
    FamilyMemberFactory(family=trajectory.family, given_name="Noah")
    FamilyMemberFactory(family=trajectory.family, role=MemberRole.PARENT, date_of_birth=None)
    return trajectory


def test_the_demo_story_writes_plans_evaluations_and_trends_once():
    running, planning = _trajectory(Phase.EXECUTION), _trajectory(Phase.PLAN)
    story.load({})
    story.load({})

    versions = PlanVersion.objects.filter(plan__trajectory=running).order_by("number")
    assert [v.status for v in versions] == [VersionStatus.AGREED, VersionStatus.AGREED]
    assert versions[1].goals.count() == 3
    assert versions.first().goals.filter(title="Noah gaat weer elke dag naar school").exists()
    assert Evaluation.objects.filter(trajectory=running).count() == 2
    assert Assessment.objects.filter(trajectory=running).count() == 2
    running.refresh_from_db()
    assert running.next_evaluation_on == timezone.localdate() + datetime.timedelta(weeks=5)

    draft = PlanVersion.objects.get(plan__trajectory=planning)
    assert draft.status == VersionStatus.DRAFT
    assert draft.goals.count() == 2
    assert not has_agreed_plan(planning)


def test_without_trajectories_in_these_phases_it_does_nothing():
    _trajectory(Phase.WALK_ALONG)
    story.load({})
    assert not PlanVersion.objects.exists()
