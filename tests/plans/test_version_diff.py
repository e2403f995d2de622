"""Versions can be compared: what changed, by whom and why, in a readable list."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from samenspel.plans import actions
from samenspel.plans.models import Goal, Occasion
from tests.factories import GoalFactory, make_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def two_versions(team):
    trajectory, coordinator = team
    version = make_plan(trajectory, actor=coordinator.user, goals=0)
    kept = GoalFactory(version=version, title="Noah gaat weer elke dag naar school")
    dropped = GoalFactory(version=version, title="We ruimen samen de zolder op")
    changed = GoalFactory(version=version, title="We weten wat er binnenkomt", weight=1)
    actions.agree_version(version, actor=coordinator.user, agreed_on=TODAY)
    draft = actions.start_new_version(
        version.plan,
        occasion=Occasion.EVALUATION,
        reason="Geldzaken gaan beter; zolder is klaar.",
        actor=coordinator.user,
    )
    draft.goals.get(key=dropped.key).delete()
    goal = draft.goals.get(key=changed.key)
    goal.title = "We weten elke maand wat er binnenkomt en uitgaat"
    goal.weight = 2
    goal.changed_by = coordinator.user
    goal.save()
    GoalFactory(version=draft, title="Mama slaapt weer door")
    return trajectory, coordinator, kept


def test_the_diff_lists_added_removed_and_changed_goals(two_versions, client_for):
    trajectory, coordinator, _kept = two_versions
    response = client_for(coordinator.user).get(
        reverse("plans:version_diff", args=[trajectory.pk, 2])
    )
    assert response.status_code == 200
    changes = {(c.change, c.title): c for c in response.context["changes"]}
    assert ("added", "Mama slaapt weer door") in changes
    assert ("removed", "We ruimen samen de zolder op") in changes
    changed = changes[("changed", "We weten elke maand wat er binnenkomt en uitgaat")]
    assert {(f.old, f.new) for f in changed.fields} == {
        ("We weten wat er binnenkomt", "We weten elke maand wat er binnenkomt en uitgaat"),
        ("1", "2"),
    }
    assert changed.changed_by == coordinator.user
    assert not any(c.title == "Noah gaat weer elke dag naar school" for c in changes.values())
    content = response.content.decode()
    assert "Geldzaken gaan beter; zolder is klaar." in content  # why
    assert escape(coordinator.user.full_name) in content  # by whom


def test_the_first_version_has_nothing_to_compare_with(team, client_for):
    trajectory, coordinator = team
    make_plan(trajectory, actor=coordinator.user)
    response = client_for(coordinator.user).get(
        reverse("plans:version_diff", args=[trajectory.pk, 1])
    )
    assert response.status_code == 404


def test_goal_rows_keep_their_key_across_versions(two_versions):
    _trajectory, _coordinator, kept = two_versions
    assert Goal.objects.filter(key=kept.key).count() == 2


def test_a_later_version_can_be_compared_with_any_earlier_one(two_versions, client_for):
    trajectory, coordinator, _kept = two_versions
    from samenspel.plans.models import PlanVersion

    draft = PlanVersion.objects.get(plan__trajectory=trajectory, number=2)
    actions.agree_version(draft, actor=coordinator.user, agreed_on=TODAY)
    third = actions.start_new_version(
        draft.plan, occasion=Occasion.MDO, reason="MDO", actor=coordinator.user
    )
    GoalFactory(version=third, title="Oma komt elke woensdag")
    client = client_for(coordinator.user)
    url = reverse("plans:version_diff", args=[trajectory.pk, 3])
    assert "?from=1" in client.get(url).content.decode()
    titles = {(c.change, c.title) for c in client.get(url + "?from=1").context["changes"]}
    assert ("added", "Mama slaapt weer door") in titles
    assert ("added", "Oma komt elke woensdag") in titles
    assert ("removed", "We ruimen samen de zolder op") in titles
