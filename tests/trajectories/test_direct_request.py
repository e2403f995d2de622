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


def test_the_request_pages_show_the_role_asked_for(asked, world, client):
    client.force_login(world.colleague.user)
    own = client.get(f"/trajectories/requests/{asked.pk}/").content.decode()
    assert 'data-testid="role"' in own and "Specialist" in own
    client.force_login(world.coordinator.user)
    steer = client.get(f"/trajectories/requests/{asked.pk}/steer/")
    body = steer.content.decode()
    assert steer.status_code == 200
    assert "Gevraagde rol" in body and "Specialist" in body
    assert "Jij kent LVB goed" in body
    # The professional asked cannot steer their own request, and the detail page links it.
    client.force_login(world.colleague.user)
    assert client.get(f"/trajectories/requests/{asked.pk}/steer/").status_code in (403, 404)
    client.force_login(world.coordinator.user)
    detail = client.get(f"/trajectories/{world.trajectory.pk}/").content.decode()
    assert f'href="/trajectories/requests/{asked.pk}/steer/"' in detail


def test_the_coordinator_answers_on_behalf_with_a_reason(asked, world, client):
    client.force_login(world.coordinator.user)
    url = f"/trajectories/requests/{asked.pk}/steer/"
    refused = client.post(url, {"do": "answer", "a-accept": "yes", "a-reason": ""})
    assert "Zeg waarom u namens hen antwoordt." in refused.content.decode()
    response = client.post(
        url, {"do": "answer", "a-accept": "yes", "a-reason": "Zij heeft geen login; belde ja."}
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == RequestStatus.ACCEPTED
    assert asked.answered_by == world.coordinator.user
    assert world.trajectory.team_memberships.filter(professional=world.colleague).exists()
    from samenspel.audit.models import AccessEvent

    event = AccessEvent.objects.filter(action="trajectories.direct_request.answer").get()
    assert event.detail["on_behalf"] is True


def test_withdraw_and_send_to_someone_else(asked, world, client, mailoutbox):
    client.force_login(world.coordinator.user)
    url = f"/trajectories/requests/{asked.pk}/steer/"
    response = client.post(
        url,
        {
            "do": "withdraw",
            "w-reason": "Geen antwoord na twee weken",
            "w-ask_instead": world.other.pk,
        },
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == RequestStatus.WITHDRAWN
    assert asked.answered_by == world.coordinator.user
    new = world.trajectory.direct_requests.get(status=RequestStatus.PENDING)
    assert new.professional == world.other
    assert new.message == asked.message and new.role == asked.role
    page = client.get(f"/trajectories/requests/{asked.pk}/steer/").content.decode()
    assert "Ingetrokken" in page and "Geen antwoord na twee weken" in page


def test_a_proposed_pair_is_taken_over_in_one_click(world, client):
    actions.take_on_registration(
        world.trajectory, coordinator=world.coordinator, actor=world.coordinator.user
    )
    client.force_login(world.coordinator.user)
    response = client.post(
        f"/trajectories/{world.trajectory.pk}/team/pair/",
        {"professional": [world.colleague.pk, world.other.pk], "reason": "Samen LVB en GGZ"},
    )
    assert response.status_code == 302
    walkers = world.trajectory.team_memberships.filter(role="walk_along")
    assert set(walkers.values_list("professional_id", flat=True)) == {
        world.colleague.pk,
        world.other.pk,
    }
    assert set(walkers.values_list("selection_note", flat=True)) == {"Samen LVB en GGZ"}
    page = client.get(f"/trajectories/{world.trajectory.pk}/team/", follow=True)
    assert "lopen mee met het gezin" in page.content.decode() or page.status_code == 200
