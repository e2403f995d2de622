"""Source 002: a referrer asks a specific professional, who accepts or declines with a reason."""

import pytest
from django.core.exceptions import ValidationError

from samenspel.access.policy import decide
from samenspel.trajectories import actions
from samenspel.trajectories.models import RequestStatus, Selection

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(world, django_capture_on_commit_callbacks, mailoutbox):
    actions.take_on_registration(
        world.trajectory, coordinator=world.coordinator, actor=world.coordinator.user
    )
    with django_capture_on_commit_callbacks(execute=True):
        direct = actions.ask_professional(
            world.trajectory,
            professional=world.colleague,
            message="Jij kent LVB goed",
            actor=world.coordinator.user,
        )
    return direct


def test_the_asked_professional_is_notified(asked, mailoutbox, world):
    assert [m.to for m in mailoutbox] == [[world.colleague.user.email]]


def test_accepting_puts_them_on_the_team_with_the_reason(asked, world):
    actions.answer_direct_request(asked, accept=True, reason="", actor=world.colleague.user)
    asked.refresh_from_db()
    assert asked.status == RequestStatus.ACCEPTED
    place = world.trajectory.team_memberships.get(professional=world.colleague)
    assert place.selection == Selection.DIRECT_REQUEST
    assert place.selection_note == "Jij kent LVB goed"
    assert decide(world.colleague.user, world.trajectory.family).allowed


def test_declining_needs_a_reason_and_gives_no_access(asked, world):
    with pytest.raises(ValidationError, match="reason when you decline"):
        actions.answer_direct_request(asked, accept=False, reason=" ", actor=world.colleague.user)
    actions.answer_direct_request(
        asked, accept=False, reason="Geen ruimte tot maart", actor=world.colleague.user
    )
    asked.refresh_from_db()
    assert asked.status == RequestStatus.DECLINED
    assert asked.answer_reason == "Geen ruimte tot maart"
    assert not decide(world.colleague.user, world.trajectory.family).visible


def test_only_the_asked_professional_answers_and_only_once(asked, world):
    with pytest.raises(ValidationError, match="Only the professional"):
        actions.answer_direct_request(asked, accept=True, reason="", actor=world.other.user)
    actions.answer_direct_request(asked, accept=True, reason="", actor=world.colleague.user)
    with pytest.raises(ValidationError, match="already been answered"):
        actions.answer_direct_request(
            asked, accept=False, reason="toch niet", actor=world.colleague.user
        )


def test_the_answer_page_shows_the_request_only_to_the_asked_professional(asked, world, client):
    client.force_login(world.other.user)
    assert client.get(f"/trajectories/requests/{asked.pk}/").status_code == 404
    client.force_login(world.colleague.user)
    response = client.post(f"/trajectories/requests/{asked.pk}/", {"accept": "no", "reason": ""})
    assert response.status_code == 200
    assert "Geef een reden als u weigert" in response.content.decode()
    response = client.post(f"/trajectories/requests/{asked.pk}/", {"accept": "yes", "reason": ""})
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == RequestStatus.ACCEPTED


def test_the_family_choosing_otherwise_is_recorded(world):
    actions.take_on_registration(
        world.trajectory, coordinator=world.coordinator, actor=world.coordinator.user
    )
    with pytest.raises(ValidationError, match="family chose otherwise"):
        actions.add_team_member(
            world.trajectory,
            actor=world.coordinator.user,
            role="walk_along",
            professional=world.other,
            selection=Selection.FAMILY_CHOICE,
        )
    place = actions.add_team_member(
        world.trajectory,
        actor=world.coordinator.user,
        role="walk_along",
        professional=world.other,
        selection=Selection.FAMILY_CHOICE,
        selection_note="Moeder kent haar van school",
    )
    assert place.selection_note == "Moeder kent haar van school"
