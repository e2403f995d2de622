"""Plan pages live under the families access policy: invisible → 404, visible but not
allowed → 403; every read is an access event."""

import pytest
from django.urls import reverse

from samenspel.accounts.models import Role
from samenspel.audit.models import AccessEvent
from samenspel.families.models import MemberRole
from tests.factories import (
    FamilyMemberFactory,
    add_to_team,
    make_plan,
    make_professional,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(team):
    trajectory, coordinator = team
    version = make_plan(trajectory, actor=coordinator.user, goals=1)
    return trajectory, coordinator, version


def _urls(trajectory, goal) -> list[str]:
    return [
        reverse("plans:plan_detail", args=[trajectory.pk]),
        reverse("plans:plan_pdf", args=[trajectory.pk]),
        reverse("plans:trends", args=[trajectory.pk]),
        reverse("plans:item_new", args=[trajectory.pk, "goal"]),
        reverse("plans:item_edit", args=[trajectory.pk, "goal", goal.pk]),
        reverse("plans:evaluation_new", args=[trajectory.pk]),
        reverse("plans:assessment_new", args=[trajectory.pk]),
        reverse("plans:version_agree", args=[trajectory.pk]),
    ]


def test_someone_outside_the_team_gets_404_everywhere(plan, client_for):
    trajectory, _coordinator, version = plan
    stranger = client_for(make_professional().user)
    for url in _urls(trajectory, version.goals.get()):
        assert stranger.get(url).status_code == 404, url
    assert list(stranger.get(reverse("plans:plan_list")).context["page"].object_list) == []


def test_a_team_member_from_another_organisation_without_consent_gets_403(plan, client_for):
    trajectory, _coordinator, version = plan
    outsider = make_professional()  # another organisation, no consent recorded
    add_to_team(trajectory, outsider)
    client = client_for(outsider.user)
    for url in _urls(trajectory, version.goals.get()):
        assert client.get(url).status_code == 403, url
    assert AccessEvent.objects.filter(
        user=outsider.user, action="plans.plan.read", outcome="denied"
    ).exists()


def test_a_parent_reads_the_plan_but_does_not_edit_it(plan, client_for):
    trajectory, _coordinator, version = plan
    parent = make_user(Role.FAMILY_MEMBER)
    FamilyMemberFactory(
        family=trajectory.family, user=parent, role=MemberRole.PARENT, date_of_birth=None
    )
    client = client_for(parent)
    page = client.get(reverse("plans:plan_detail", args=[trajectory.pk]))
    assert page.status_code == 200
    assert version.goals.get().title in page.content.decode()
    assert reverse("plans:item_new", args=[trajectory.pk, "goal"]) not in page.content.decode()
    assert client.get(reverse("plans:item_new", args=[trajectory.pk, "goal"])).status_code == 403
    assert client.get(reverse("plans:plan_pdf", args=[trajectory.pk])).status_code == 200


def test_only_the_coordinator_reaches_the_agree_page(plan, client_for):
    trajectory, coordinator, _version = plan
    colleague = make_professional(organisation=coordinator.home_organisation)
    add_to_team(trajectory, colleague)
    url = reverse("plans:version_agree", args=[trajectory.pk])
    assert client_for(colleague.user).get(url).status_code == 403
    assert client_for(coordinator.user).get(url).status_code == 200


def test_reading_the_plan_is_logged(plan, client_for):
    trajectory, coordinator, _version = plan
    client_for(coordinator.user).get(reverse("plans:plan_detail", args=[trajectory.pk]))
    event = AccessEvent.objects.filter(action="plans.plan.read").latest("id")
    assert event.user == coordinator.user
    assert event.family_id == trajectory.family_id


def test_a_parent_agrees_in_the_portal_themselves(team, client_for):
    from django.utils import timezone

    from samenspel.plans import actions
    from samenspel.plans.models import PlanAssent

    trajectory, coordinator = team
    version = make_plan(trajectory, actor=coordinator.user, goals=1)
    parent = make_user(Role.FAMILY_MEMBER)
    member = FamilyMemberFactory(
        family=trajectory.family, user=parent, role=MemberRole.PARENT, date_of_birth=None
    )
    client = client_for(parent)
    url = reverse("plans:own_agreement", args=[trajectory.pk])
    assert client.post(url, {"version": "1"}).status_code == 404  # still a draft
    actions.agree_version(version, actor=coordinator.user, agreed_on=timezone.localdate())
    page = client.get(reverse("plans:plan_detail", args=[trajectory.pk]))
    assert url in page.content.decode()
    assert client.post(url, {"version": "1"}).status_code == 302
    agreement = PlanAssent.objects.get(version=version, member=member)
    assert agreement.method == "portal"
    assert agreement.recorded_by == parent
    page = client.get(reverse("plans:plan_detail", args=[trajectory.pk]))
    assert url not in page.content.decode()
    # A professional records agreement for others; this button is only for oneself.
    assert client_for(coordinator.user).post(url, {"version": "1"}).status_code == 403
