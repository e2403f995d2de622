"""The trajectory pages: they render for the team, 404 for outsiders, 403 for team members
who may not steer, and take a fixed number of queries however much data there is."""

import datetime

import pytest
from django.utils import timezone
from django.utils.html import escape

from samenspel.access.policy import Action
from samenspel.audit.models import AccessEvent
from samenspel.trajectories import actions
from samenspel.trajectories.models import MeetingKind, ObservationKind, Phase
from tests.factories import TrajectoryFactory, add_to_team, make_professional
from tests.helpers import get_with_query_count
from tests.trajectories.conftest import login

pytestmark = pytest.mark.django_db

# Every page: session and user (2; roles are read once the page asks); pages about one family
# add the policy's decision and its access event (4 on SQLite). Counted after a first request,
# which also checks the second factor and saves the session.
PINNED = {
    "detail": 18,  # the trajectory, its family and network read once for the policy too
    # + the life domains, read once for the journal's names and its form (issue 19)
    # + who of the team is absent today (one query, the "afwezig tot en met" mark)
    # + the user's places decided once (access.policy.visible_team_places), which also
    # count them for the pager; the week's changes by others in one query.
    "home": 12,  # + questionnaires waiting (collaboration)
    "timeline": 14,
    "network": 9,  # the waiting registrations counted with the phases
    "meeting": 12,  # + the newest plan version, for the family's response (none yet here)
    "compose": 19,  # the trajectory, the team request and the expertise names read once;
    # + the professionals offered to the family (portal); their choices only once an offer exists
    "handover": 15,  # + which proposed covers are away themselves; every team of the absent
    # person read once, then which of their families this reader may see
    "team": 6,
}


def more_data(world, n: int) -> None:
    """Grow every list on the pages by n rows."""
    for i in range(n):
        actions.add_observation(
            world.trajectory,
            life_domain="financien",
            kind=ObservationKind.CONCERN,
            text=f"Post {i}",
            actor=world.colleague.user,
        )
        meeting = actions.plan_meeting(
            world.trajectory,
            kind=MeetingKind.PROCESS_REVIEW,
            starts_at=timezone.now() + datetime.timedelta(days=i + 1),
            professionals=[world.coordinator, world.colleague],
            actor=world.coordinator.user,
        )
        actions.add_follow_up(
            meeting,
            description=f"Bellen {i}",
            owner="Joost",
            due_on=timezone.localdate(),
            actor=world.coordinator.user,
        )
        extra = make_professional(
            network=world.network, organisation=world.coordinator.home_organisation
        )
        actions.add_team_member(
            world.trajectory, actor=world.coordinator.user, role="consulted", professional=extra
        )
        other = TrajectoryFactory(family__network=world.network)
        add_to_team(other, world.coordinator, "coordinator")
        add_to_team(other, world.colleague, "walk_along")


def test_outsiders_get_404_and_the_read_is_logged_for_the_team(walking, client):
    url = f"/trajectories/{walking.trajectory.pk}/"
    outsider = make_professional()
    client.force_login(outsider.user)
    assert client.get(url).status_code == 404
    assert client.get("/trajectories/999999/").status_code == 404
    client.force_login(walking.colleague.user)
    response = client.get(url)
    assert response.status_code == 200
    assert "Huis is op orde" in response.content.decode()
    assert AccessEvent.objects.filter(
        action="trajectories.trajectory.read", user=walking.colleague.user
    ).exists()


def test_team_members_who_do_not_coordinate_cannot_steer(walking, client):
    client.force_login(walking.colleague.user)
    pk = walking.trajectory.pk
    assert (
        client.post(f"/trajectories/{pk}/phase/", {"target": Phase.MDO, "version": 1}).status_code
        == 403
    )
    assert client.get(f"/trajectories/{pk}/team/").status_code == 403
    assert client.get(f"/trajectories/{pk}/close/").status_code == 403


def test_the_coordinator_moves_the_phase_and_sees_the_guard_message(walking, client):
    client.force_login(walking.coordinator.user)
    trajectory = walking.trajectory
    trajectory.refresh_from_db()
    response = client.post(
        f"/trajectories/{trajectory.pk}/phase/",
        {"target": Phase.PLAN, "version": trajectory.version},
        follow=True,
    )
    assert "Geen plan vóór een MDO" in response.content.decode()
    response = client.post(
        f"/trajectories/{trajectory.pk}/phase/",
        {"target": Phase.MDO, "version": trajectory.version},
        follow=True,
    )
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.MDO


def test_the_journal_form_validates_and_answers_htmx_with_the_partial(walking, client):
    client.force_login(walking.colleague.user)
    url = f"/trajectories/{walking.trajectory.pk}/journal/"
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        url,
        {"observed_on": tomorrow, "life_domain": "financien", "kind": "concern", "text": "x"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "kan niet in de toekomst liggen" in response.content.decode()
    response = client.post(
        url,
        {
            "observed_on": timezone.localdate(),
            "life_domain": "financien",
            "kind": "concern",
            "text": "Huurachterstand",
        },
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Huurachterstand" in body and "<html" not in body
    # The entry is shown under the life domain's name (the plan's list, issue 19).
    assert " · Financiën · " in body


def test_detail_page_query_count_is_constant(walking, client):
    login(client, walking.coordinator.user)
    url = f"/trajectories/{walking.trajectory.pk}/"
    response = get_with_query_count(client, url, expected=PINNED["detail"])
    assert response.status_code == 200
    more_data(walking, 3)
    get_with_query_count(client, url, expected=PINNED["detail"])


def test_home_page_my_families_query_count_is_constant(walking, client):
    login(client, walking.colleague.user)
    response = get_with_query_count(client, "/", expected=PINNED["home"])
    assert escape(walking.trajectory.family.name) in response.content.decode()
    more_data(walking, 3)
    response = get_with_query_count(client, "/", expected=PINNED["home"])
    assert response.content.decode().count('href="/trajectories/') >= 4


def test_timeline_is_filtered_by_the_policy_and_its_query_count_is_constant(walking, client):
    url = f"/trajectories/families/{walking.trajectory.family_id}/timeline/"
    client.force_login(make_professional().user)
    assert client.get(url).status_code == 404
    login(client, walking.colleague.user)
    response = get_with_query_count(client, url, expected=PINNED["timeline"])
    assert "kwam erbij als" in response.content.decode()
    more_data(walking, 3)
    get_with_query_count(client, url, expected=PINNED["timeline"])


def test_network_overview_for_coordinators_only_with_constant_queries(walking, client):
    from samenspel.accounts.models import RoleGrant

    RoleGrant.objects.filter(user=walking.coordinator.user, role="coordinator").update(
        network=walking.network
    )
    client.force_login(walking.colleague.user)
    assert client.get("/trajectories/network/").status_code == 403
    login(client, walking.coordinator.user)
    waiting = TrajectoryFactory(family__network=walking.network)
    response = get_with_query_count(client, "/trajectories/network/", expected=PINNED["network"])
    assert f"Aanmelding {waiting.pk}" in response.content.decode()
    more_data(walking, 3)
    TrajectoryFactory(family__network=walking.network)
    get_with_query_count(client, "/trajectories/network/", expected=PINNED["network"])


def test_meeting_page_and_calendar_export(walking, client):
    meeting = actions.plan_meeting(
        walking.trajectory,
        kind=MeetingKind.MDO,
        starts_at=datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC),
        professionals=[walking.coordinator, walking.colleague],
        location="Wijkcentrum, zaal 2",
        actor=walking.coordinator.user,
    )
    client.force_login(make_professional().user)
    assert client.get(f"/trajectories/meetings/{meeting.pk}/").status_code == 404
    login(client, walking.colleague.user)
    get_with_query_count(
        client, f"/trajectories/meetings/{meeting.pk}/", expected=PINNED["meeting"]
    )
    response = client.get(f"/trajectories/meetings/{meeting.pk}/calendar.ics")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "DTSTART:20261201T093000Z" in body
    assert "LOCATION:Wijkcentrum\\, zaal 2" in body
    assert f"UID:{meeting.uid}@samenspel" in body
    assert walking.trajectory.family.name not in body
    assert AccessEvent.objects.filter(action="trajectories.meeting.export").exists()
    # The MDO is recorded in its own phase (the phase guard), after the walk-along notes.
    actions.add_observation(
        walking.trajectory,
        life_domain="opvoeding",
        kind=ObservationKind.STRENGTH,
        text="Moeder leest elke avond voor.",
        actor=walking.colleague.user,
    )
    actions.move_to_phase(walking.trajectory, Phase.MDO, actor=walking.coordinator.user)
    response = client.post(
        f"/trajectories/meetings/{meeting.pk}/", {"version": meeting.version, "decisions": "x"}
    )
    assert "gezamenlijke analyse" in response.content.decode()
    response = client.post(
        f"/trajectories/meetings/{meeting.pk}/perspective/",
        {"discipline": "LVB", "text": "Moeder leert door te doen"},
    )
    assert response.status_code == 302
    present = list(meeting.participants.values_list("pk", flat=True))
    response = client.post(
        f"/trajectories/meetings/{meeting.pk}/",
        {
            "version": meeting.version,
            "present": present,
            "integrated_analysis": "Stress door schulden",
            "decisions": "Plan",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.held and meeting.participants.filter(present=True).count() == 2
    response = client.post(
        f"/trajectories/meetings/{meeting.pk}/",
        {
            "version": 1,
            "present": present,
            "integrated_analysis": "Oud",
            "decisions": "",
        },
    )
    assert "intussen gewijzigd" in response.content.decode()


def test_compose_page_shows_explained_proposals(walking, client):
    client.force_login(walking.coordinator.user)
    url = f"/trajectories/{walking.trajectory.pk}/team/"
    response = client.post(url, {"needed_expertise": [walking.ggz.pk]})
    assert response.status_code == 302
    response = client.get(url)
    body = response.content.decode()
    assert str(walking.other) in body
    assert "Dekt GGZ (1 van 1 nodig)" in body
    assert Action.VIEW  # the page was read through the policy:
    assert AccessEvent.objects.filter(action="trajectories.team.proposals").exists()


def test_the_coordinator_ends_a_place_and_hands_over_the_role(walking, client):
    from samenspel.trajectories.models import CareTeamMembership

    login(client, walking.coordinator.user)
    pk = walking.trajectory.pk
    place = CareTeamMembership.objects.get(trajectory_id=pk, professional=walking.colleague)
    coordinator_place = CareTeamMembership.objects.get(trajectory_id=pk, role="coordinator")
    assert (
        client.post(
            f"/trajectories/{pk}/team/{coordinator_place.pk}/end/", {"confirmed": "1"}, follow=True
        ).status_code
        == 200
    )
    coordinator_place.refresh_from_db()
    assert coordinator_place.valid_until is None
    asked = client.post(f"/trajectories/{pk}/team/{place.pk}/end/")
    assert "Deze plek in het team vandaag beëindigen?" in asked.content.decode()
    place.refresh_from_db()
    assert place.valid_until is None
    client.post(f"/trajectories/{pk}/team/{place.pk}/end/", {"confirmed": "1"})
    place.refresh_from_db()
    assert place.valid_until == timezone.localdate()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.post(
        f"/trajectories/{pk}/team/coordinator/",
        {"coordinator-professional": walking.other.pk, "coordinator-on": tomorrow.isoformat()},
    )
    on_day = CareTeamMembership.objects.active_on(tomorrow).coordinators().filter(trajectory_id=pk)
    assert [m.professional for m in on_day] == [walking.other]


def test_a_network_sets_its_own_rhythm(world, client):
    from samenspel.accounts.models import RoleGrant
    from samenspel.trajectories.models import TrajectorySettings

    url = f"/trajectories/network/{world.network.pk}/rhythm/"
    login(client, world.colleague.user)
    assert client.get(url).status_code == 403
    RoleGrant.objects.filter(user=world.coordinator.user, role="coordinator").update(
        network=world.network
    )
    login(client, world.coordinator.user)
    response = client.post(
        url,
        {
            "walk_along_weeks": 0,
            "evaluation_interval_weeks": 8,
            "reminder_days_before": 5,
            "follow_up_months": 6,
        },
    )
    assert response.status_code == 200
    assert not TrajectorySettings.objects.exists()
    client.post(
        url,
        {
            "walk_along_weeks": 4,
            "evaluation_interval_weeks": 8,
            "reminder_days_before": 5,
            "follow_up_months": 6,
        },
    )
    rhythm = TrajectorySettings.objects.get(network=world.network)
    assert (rhythm.walk_along_weeks, rhythm.evaluation_interval_weeks) == (4, 8)


def test_my_families_is_paginated(world, client):
    for _ in range(27):
        trajectory = TrajectoryFactory(family__network=world.network)
        add_to_team(trajectory, world.coordinator, "coordinator")
    login(client, world.coordinator.user)
    first = client.get("/").content.decode()
    assert first.count('href="/trajectories/') - first.count('href="/trajectories/network') >= 25
    assert "?families=2" in first
    second = client.get("/?families=2").content.decode()
    assert "Pagina 2 van 2" in second


def test_taking_on_a_registration_goes_through_the_intake_ground(world, client):
    from samenspel.accounts.models import RoleGrant
    from samenspel.families.models import Registration
    from samenspel.trajectories.models import Phase

    RoleGrant.objects.filter(user=world.coordinator.user, role="coordinator").update(
        network=world.network
    )
    url = f"/trajectories/{world.trajectory.pk}/take-on/"
    login(client, world.colleague.user)
    assert client.post(url).status_code == 403  # not a coordinator
    login(client, world.coordinator.user)
    Registration.objects.create(
        family=world.trajectory.family,
        network=world.network,
        trajectory=world.trajectory,
        referrer_kind="school",
        safety_status="in_order",
    )
    response = client.post(url)
    assert response.status_code == 302
    world.trajectory.refresh_from_db()
    assert world.trajectory.phase == Phase.TEAM_COMPOSITION
    assert AccessEvent.objects.filter(action="trajectories.registration.take_on").exists()


def test_compose_and_handover_pages_keep_their_query_count(walking, client):
    from samenspel.network.models import Absence, ProfessionalExpertise

    ProfessionalExpertise.objects.create(professional=walking.colleague, expertise=walking.ggz)
    actions.save_team_request(
        walking.trajectory,
        actor=walking.coordinator.user,
        needed_expertise=[walking.lvb, walking.ggz],
    )
    absence = Absence.objects.create(
        professional=walking.colleague,
        kind="sick",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    compose = f"/trajectories/{walking.trajectory.pk}/team/"
    handover = f"/trajectories/absence/{absence.pk}/"
    login(client, walking.coordinator.user)
    get_with_query_count(client, compose, expected=PINNED["compose"])
    login(client, walking.colleague.user)
    get_with_query_count(client, handover, expected=PINNED["handover"])
    more_data(walking, 3)  # three more families the colleague walks along with
    login(client, walking.coordinator.user)
    get_with_query_count(client, compose, expected=PINNED["compose"])
    login(client, walking.colleague.user)
    response = get_with_query_count(client, handover, expected=PINNED["handover"])
    assert response.content.decode().count("Overdracht regelen") == 4


def test_my_families_counts_the_plans_open_actions_due_this_week(walking, client):
    from samenspel.plans.models import PlanAction
    from tests.factories.plans import make_plan

    version = make_plan(walking.trajectory, actor=walking.coordinator.user, goals=2, agreed=True)
    PlanAction.objects.filter(version=version).update(due_on=timezone.localdate())
    login(client, walking.colleague.user)
    response = client.get("/")
    cell = f'data-testid="due-{walking.trajectory.pk}">2</td>'
    assert cell in response.content.decode()  # the two plan actions due this week


def test_our_team_lists_colleagues_with_a_constant_query_count(walking, client):
    from samenspel.network.models import Team

    team = Team.objects.create(name="Beter Thuis Zoetermeer", network=walking.network)
    team.members.add(walking.coordinator, walking.colleague, walking.other)
    login(client, walking.colleague.user)
    response = get_with_query_count(client, "/trajectories/team/", expected=PINNED["team"])
    assert escape(str(walking.other)) in response.content.decode()
    more_data(walking, 3)
    get_with_query_count(client, "/trajectories/team/", expected=PINNED["team"])


def test_the_network_view_counts_trajectories_per_phase_of_its_own_network_only(world):
    from samenspel.trajectories.queries import network_counts

    TrajectoryFactory(family__network=world.network, phase=Phase.WALK_ALONG)
    TrajectoryFactory(family__network=world.network, phase=Phase.WALK_ALONG)
    TrajectoryFactory(family__network=world.network, closed=True)
    TrajectoryFactory(phase=Phase.WALK_ALONG)  # another network

    counts = dict(network_counts(world.network.pk, today=timezone.localdate())["per_phase"])

    assert counts[Phase.WALK_ALONG.label] == 2
    assert counts[Phase.CLOSED.label] == 1
    assert counts[Phase.REGISTRATION.label] == 1  # the world's own registration
    assert sum(counts.values()) == 4
