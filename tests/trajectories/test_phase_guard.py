"""One phase guard (trajectories/phases.py) on every page and button of a phase's work: a
step that does not belong to the phase now says why, in Dutch, and links to what can be done."""

import datetime

import pytest
from django.utils import timezone

from samenspel.plans.models import Plan
from samenspel.trajectories import actions
from samenspel.trajectories.models import Meeting, MeetingKind, Observation, Phase, Trajectory
from samenspel.trajectories.phases import Step, step_problems
from tests.factories.plans import make_plan
from tests.trajectories.conftest import in_walk_along

pytestmark = pytest.mark.django_db


def _set_phase(trajectory: Trajectory, phase: str) -> Trajectory:
    Trajectory.objects.filter(pk=trajectory.pk).update(phase=phase)
    trajectory.refresh_from_db()
    return trajectory


def _refused(response, *, link: str) -> str:
    body = response.content.decode()
    assert response.status_code == 409
    assert "Nog niet mogelijk in deze fase" in body
    assert f'href="{link}"' in body
    return body


def test_every_step_has_its_phases_and_closed_allows_nothing(world):
    trajectory = world.trajectory
    assert step_problems(trajectory, Step.START_PLAN)  # registration
    for step in Step:
        assert step_problems(_set_phase(trajectory, Phase.CLOSED), step)
    assert not step_problems(_set_phase(trajectory, Phase.PLAN), Step.START_PLAN)
    assert step_problems(trajectory, Step.EVALUATE)
    assert not step_problems(_set_phase(trajectory, Phase.EXECUTION), Step.EVALUATE)


def test_no_plan_in_team_composition_the_page_says_why_and_links_on(world, client):
    trajectory = world.trajectory
    actions.take_on_registration(
        trajectory, coordinator=world.coordinator, actor=world.coordinator.user
    )
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.TEAM_COMPOSITION
    client.force_login(world.coordinator.user)
    page = client.get(f"/plans/t/{trajectory.pk}/")
    body = page.content.decode()
    assert 'data-testid="plan-not-yet"' in body
    assert "Teamvorming" in body
    assert f'href="/trajectories/{trajectory.pk}/team/"' in body
    assert "Start het gezinsplan" not in body
    response = client.post(f"/plans/t/{trajectory.pk}/start/")
    _refused(response, link=f"/trajectories/{trajectory.pk}/team/")
    assert not Plan.objects.filter(trajectory=trajectory).exists()


def test_plan_pages_and_agreement_wait_for_the_phase_plan(world, client):
    trajectory = world.trajectory
    actions.take_on_registration(
        trajectory, coordinator=world.coordinator, actor=world.coordinator.user
    )
    _set_phase(trajectory, Phase.PLAN)
    make_plan(trajectory, actor=world.coordinator.user)
    _set_phase(trajectory, Phase.MDO)
    client.force_login(world.coordinator.user)
    for url in (
        f"/plans/t/{trajectory.pk}/agree/",
        f"/plans/t/{trajectory.pk}/text/",
        f"/plans/t/{trajectory.pk}/goal/new/",
        f"/plans/t/{trajectory.pk}/evaluations/new/",
    ):
        _refused(client.get(url), link=f"/trajectories/{trajectory.pk}/meetings/new/?kind=mdo")
    _set_phase(trajectory, Phase.PLAN)
    assert client.get(f"/plans/t/{trajectory.pk}/agree/").status_code == 200
    # Evaluating belongs to the execution: in the phase Plan it links to writing the plan.
    _refused(
        client.get(f"/plans/t/{trajectory.pk}/evaluations/new/"), link=f"/plans/t/{trajectory.pk}/"
    )


def test_no_held_mdo_and_no_perspective_during_the_walk_along(world, client):
    trajectory = in_walk_along(world)
    meeting = actions.plan_meeting(
        trajectory,
        kind=MeetingKind.MDO,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        actor=world.coordinator.user,
        professionals=[world.coordinator, world.colleague],
    )
    client.force_login(world.coordinator.user)
    page = client.get(f"/trajectories/meetings/{meeting.pk}/").content.decode()
    assert 'data-testid="record-not-yet"' in page
    assert "Meelopen" in page
    journal = f"/trajectories/{trajectory.pk}/#journal"
    _refused(
        client.post(
            f"/trajectories/meetings/{meeting.pk}/", {"version": meeting.version, "decisions": "x"}
        ),
        link=journal,
    )
    _refused(
        client.post(
            f"/trajectories/meetings/{meeting.pk}/perspective/",
            {"discipline": "LVB", "text": "Te vroeg"},
        ),
        link=journal,
    )
    _refused(
        client.post(
            f"/trajectories/meetings/{meeting.pk}/follow-up/", {"description": "x", "owner": "y"}
        ),
        link=journal,
    )
    meeting.refresh_from_db()
    assert (
        not meeting.held and not meeting.perspectives.exists() and not meeting.follow_ups.exists()
    )


def _taken_on(world) -> Trajectory:
    actions.take_on_registration(
        world.trajectory, coordinator=world.coordinator, actor=world.coordinator.user
    )
    world.trajectory.refresh_from_db()
    return world.trajectory


def test_meeting_kind_before_its_phase_is_refused(world, client):
    client.force_login(world.coordinator.user)
    trajectory = _taken_on(world)
    compose = f"/trajectories/{trajectory.pk}/team/"
    _refused(client.get(f"/trajectories/{trajectory.pk}/meetings/new/?kind=mdo"), link=compose)
    _refused(
        client.post(
            f"/trajectories/{trajectory.pk}/meetings/new/",
            {"kind": "evaluation", "starts_at": "2030-01-01T10:00", "duration_minutes": 60},
        ),
        link=compose,
    )
    assert not Meeting.objects.filter(trajectory=trajectory).exists()
    # A process review belongs to no phase.
    assert (
        client.get(f"/trajectories/{trajectory.pk}/meetings/new/?kind=process_review").status_code
        == 200
    )


def test_the_journal_starts_with_the_walk_along(world, client):
    client.force_login(world.coordinator.user)
    trajectory = _taken_on(world)
    page = client.get(f"/trajectories/{trajectory.pk}/").content.decode()
    assert 'data-testid="journal-not-yet"' in page
    assert 'data-testid="current-step"' in page
    response = client.post(
        f"/trajectories/{trajectory.pk}/journal/",
        {"life_domain": "school", "kind": "strength", "text": "Te vroeg"},
    )
    _refused(response, link=f"/trajectories/{trajectory.pk}/team/")
    assert not Observation.objects.filter(trajectory=trajectory).exists()
