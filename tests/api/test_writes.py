"""Writes through /api/v1/ (issue 18): a client names the acting professional of its own
organisation; the pages' actions run for that professional; the access log names both the
professional and the client; every refusal is a problem document and leaves nothing
written."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from samenspel.audit.models import AccessEvent
from samenspel.trajectories.models import Phase, Trajectory
from tests.factories import (
    FamilyFactory,
    OrganisationFactory,
    TrajectoryFactory,
    add_to_network,
    add_to_team,
    make_professional,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)
WRITES = [
    "system/Group.write",
    "system/Observation.write",
    "system/Task.write",
    "system/CarePlan.write",
    "system/CareTeam.read",
]


@pytest.fixture(autouse=True)
def on_today():
    with time_machine.travel(datetime.datetime(2026, 11, 25, 11, 0, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def served(token_for):
    """A family in the plan phase, served by an organisation whose professional `pro` is on
    the care team (coordinator, so there is a draft to propose into), and that
    organisation's client with the write scopes."""
    from samenspel.trajectories.models import CareTeamRole
    from tests.factories.plans import make_plan

    family = FamilyFactory()
    trajectory = TrajectoryFactory(family=family, phase=Phase.PLAN)
    organisation = OrganisationFactory()
    add_to_network(organisation, family.network)
    pro = make_professional(organisation=organisation, network=family.network)
    add_to_team(trajectory, pro, CareTeamRole.COORDINATOR)
    make_plan(trajectory, actor=pro.user, goals=1)
    headers = {
        "Authorization": token_for(organisation, WRITES),
        "Acting-Professional": f"Practitioner/{pro.pk}",
    }
    return trajectory, organisation, pro, headers


def post(client, url, body, headers):
    return client.post(url, body, content_type="application/json", headers=headers)


NOTE = {"life_domain": "huisvesting", "kind": "concern", "text": "De huur is twee maanden achter."}


def test_a_journal_note_is_written_for_the_named_professional_and_logged_with_the_client(
    client, served
):
    trajectory, organisation, pro, headers = served
    Trajectory.objects.filter(pk=trajectory.pk).update(phase=Phase.WALK_ALONG)
    # The old journal codes are gone: one list of life domains, the plan's (issue 19).
    old = post(
        client,
        f"/api/v1/trajectories/{trajectory.pk}/journal",
        {**NOTE, "life_domain": "housing"},
        headers,
    )
    assert old.status_code == 422 and old.json()["errors"][0]["field"] == "life_domain"
    response = post(client, f"/api/v1/trajectories/{trajectory.pk}/journal", NOTE, headers)
    assert response.status_code == 201, response.content
    note = trajectory.observations.get()
    assert note.text == NOTE["text"] and note.author == pro.user
    assert response.json() == {
        "id": note.pk,
        "type": "observation",
        "trajectory_id": trajectory.pk,
        "family_id": None,
    }
    event = AccessEvent.objects.get(action="trajectories.observation.create")
    assert event.user == pro.user and event.family_id == trajectory.family_id
    assert event.acting_role == "system" and event.acting_organisation_id == organisation.pk
    assert event.detail["client_id"] and event.detail["client"].startswith("Koppeling ")


def test_time_is_booked_on_the_professionals_own_sheet(client, served):
    trajectory, _organisation, pro, headers = served
    body = {"minutes": 45, "activity": "family_contact"}
    response = post(client, f"/api/v1/trajectories/{trajectory.pk}/time", body, headers)
    assert response.status_code == 201, response.content
    from samenspel.insight.models import TimeEntry

    entry = TimeEntry.objects.get(pk=response.json()["id"])
    assert (entry.professional, entry.minutes, entry.worked_on) == (pro, 45, TODAY)
    # The action's own rule: no time on a day that has not come yet (422, its words).
    future = {**body, "worked_on": "2026-12-01"}
    refused = post(client, f"/api/v1/trajectories/{trajectory.pk}/time", future, headers)
    assert refused.status_code == 422 and refused["Content-Type"] == "application/problem+json"
    assert refused.json()["errors"][0]["field"] == "worked_on"
    assert TimeEntry.objects.count() == 1


def test_a_goal_and_an_action_are_proposed_into_the_draft(client, served):
    from samenspel.plans.models import Goal, PlanAction

    trajectory, organisation, pro, headers = served
    goal_body = {
        "title": "Noah gaat elke dag naar school",
        "life_domain": "werk-opleiding",
        "level_0": "Vier weken lang elke dag op school",
        "member_ids": [],
    }
    url = f"/api/v1/trajectories/{trajectory.pk}/plan/draft"
    response = post(client, f"{url}/goals", goal_body, headers)
    assert response.status_code == 201, response.content
    goal = Goal.objects.get(pk=response.json()["id"])
    assert goal.title == goal_body["title"] and goal.changed_by == pro.user
    assert goal.version.status == "draft"
    action = post(
        client, f"{url}/actions", {"what": "Gesprek met school", "goal_id": goal.pk}, headers
    )
    assert action.status_code == 201, action.content
    made = PlanAction.objects.get(pk=action.json()["id"])
    assert (made.professional, made.organisation, made.goal) == (pro, organisation, goal)
    # A goal id of another plan is refused by the endpoint, nothing written.
    before = PlanAction.objects.count()
    other = post(client, f"{url}/actions", {"what": "x", "goal_id": 999999}, headers)
    assert other.status_code == 400 and other["Content-Type"] == "application/problem+json"
    # A member of another family is refused.
    stranger = FamilyFactory()
    from samenspel.families.models import FamilyMember

    outsider = FamilyMember.objects.create(family=stranger, given_name="Ivo", role="child")
    bad = post(client, f"{url}/goals", {**goal_body, "member_ids": [outsider.pk]}, headers)
    assert bad.status_code == 400
    # An unknown life domain is the action's refusal (422, field named).
    unknown = post(client, f"{url}/goals", {**goal_body, "life_domain": "nope"}, headers)
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "domain"
    assert (
        PlanAction.objects.count() == before
        and Goal.objects.filter(version=goal.version).count() == 2
    )


def test_without_a_draft_a_proposal_is_a_conflict(client, served):
    from samenspel.plans.models import PlanVersion

    trajectory, _organisation, _pro, headers = served
    PlanVersion.objects.filter(plan__trajectory=trajectory).delete()
    body = {"what": "Gesprek met school"}
    response = post(
        client, f"/api/v1/trajectories/{trajectory.pk}/plan/draft/actions", body, headers
    )
    assert response.status_code == 409 and "draft" in response.json()["detail"]


@pytest.mark.parametrize(
    "who",
    ["missing", "other_organisation", "not_on_team", "unknown", "garbage"],
)
def test_the_acting_professional_must_be_of_the_clients_organisation_and_on_the_team(
    client, served, who
):
    trajectory, organisation, _pro, headers = served
    Trajectory.objects.filter(pk=trajectory.pk).update(phase=Phase.WALK_ALONG)
    headers = dict(headers)
    if who == "missing":
        del headers["Acting-Professional"]
    elif who == "other_organisation":
        outsider = make_professional(network=trajectory.network)
        add_to_team(trajectory, outsider)  # on the team, but for another organisation
        headers["Acting-Professional"] = f"Practitioner/{outsider.pk}"
    elif who == "not_on_team":
        colleague = make_professional(organisation=organisation, network=trajectory.network)
        headers["Acting-Professional"] = colleague.user.email
    elif who == "unknown":
        headers["Acting-Professional"] = "Practitioner/999999"
    else:
        headers["Acting-Professional"] = "Dr. Bakker"
    response = post(client, f"/api/v1/trajectories/{trajectory.pk}/journal", NOTE, headers)
    expected = {"missing": 422, "garbage": 400}.get(who, 403)
    assert response.status_code == expected, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == expected
    assert not trajectory.observations.exists()


def test_a_family_the_organisation_does_not_serve_is_not_found(client, served):
    _trajectory, _organisation, _pro, headers = served
    elsewhere = TrajectoryFactory(phase=Phase.WALK_ALONG)
    response = post(client, f"/api/v1/trajectories/{elsewhere.pk}/journal", NOTE, headers)
    assert response.status_code == 404 and not elsewhere.observations.exists()
    refused = AccessEvent.objects.filter(action="trajectories.observation.create").get()
    assert refused.outcome == "denied"


def test_a_read_token_cannot_write(client, served, token_for):
    trajectory, organisation, pro, _headers = served
    headers = {
        "Authorization": token_for(organisation, ["system/CareTeam.read"]),
        "Acting-Professional": f"Practitioner/{pro.pk}",
    }
    response = post(client, f"/api/v1/trajectories/{trajectory.pk}/journal", NOTE, headers)
    assert response.status_code == 403 and "Observation.write" in response.json()["detail"]
    assert not trajectory.observations.exists()


def test_the_phase_guard_holds_for_the_api_as_for_the_pages(client, served):
    trajectory, _organisation, _pro, headers = served
    Trajectory.objects.filter(pk=trajectory.pk).update(phase=Phase.REGISTRATION)
    response = post(client, f"/api/v1/trajectories/{trajectory.pk}/journal", NOTE, headers)
    assert response.status_code == 409 and not trajectory.observations.exists()


REGISTRATION = {
    "family": {"name": "Vermeulen", "postcode": "3511ab", "city": "Utrecht"},
    "members": [{"given_name": "Sem", "role": "child", "date_of_birth": "2016-04-02"}],
    "questions": [{"text": "Sem gaat niet meer naar school", "kind": "what"}],
    "referrer_kind": "school",
    "safety_status": "in_order",
}


def test_register_a_family_search_before_create_and_no_second_file(client, served):
    from samenspel.families.models import Registration

    _trajectory, organisation, pro, headers = served
    search = client.get("/api/v1/families/search?name=Vermeulen", headers=headers)
    assert search.status_code == 200 and search.json() == {"items": []}
    response = post(client, "/api/v1/registrations", REGISTRATION, headers)
    assert response.status_code == 201, response.content
    registration = Registration.objects.get(pk=response.json()["id"])
    assert registration.family.name == "Vermeulen" and registration.family.postcode == "3511 AB"
    assert registration.registered_by == pro.user
    assert registration.referrer_organisation == organisation
    assert registration.trajectory.phase == Phase.REGISTRATION
    # The same family again without searching: refused, naming the file; nothing written.
    again = post(client, "/api/v1/registrations", REGISTRATION, headers)
    assert again.status_code == 422 and str(registration.family_id) in again.json()["detail"]
    assert Registration.objects.count() == 1
    # Search before create finds it; the professional may not open it (not on its team
    # yet), so the answer names no one.
    hits = client.get("/api/v1/families/search?name=Vermeulen", headers=headers).json()["items"]
    assert [(h["id"], h["name"]) for h in hits] == [(registration.family_id, None)]
    assert "Vermeulen" not in str(hits)
    # A registration for the file found.
    body = {**REGISTRATION, "family": None, "family_id": registration.family_id}
    second = post(client, "/api/v1/registrations", body, headers)
    assert second.status_code == 201 and second.json()["family_id"] == registration.family_id


def test_a_registration_without_a_question_or_a_file_is_refused(client, served):
    from samenspel.families.models import Family

    _trajectory, _organisation, _pro, headers = served
    count = Family.objects.count()
    no_question = post(client, "/api/v1/registrations", {**REGISTRATION, "questions": []}, headers)
    assert no_question.status_code == 422
    no_file = post(client, "/api/v1/registrations", {**REGISTRATION, "family": None}, headers)
    assert no_file.status_code == 400
    assert Family.objects.count() == count
