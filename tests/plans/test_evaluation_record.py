"""The evaluation of each cycle: every goal scored (GAS) with the T-score, the next date on
the trajectory, and a new plan version when the plan changes."""

import datetime

import pytest
from django.urls import reverse

from samenspel.audit.models import AccessEvent
from samenspel.plans.models import Evaluation, GoalScore, Occasion, VersionStatus
from samenspel.trajectories.models import Phase, Trajectory
from tests.factories import GoalFactory, TrajectoryFactory, make_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def agreed_plan(team):
    trajectory, coordinator = team
    version = make_plan(trajectory, actor=coordinator.user, goals=0)
    first = GoalFactory(version=version, weight=1)
    second = GoalFactory(version=version, weight=2)
    from samenspel.plans import actions

    actions.agree_version(version, actor=coordinator.user, agreed_on=TODAY)
    # Evaluating belongs to the phase "Uitvoering & evaluatie" (the phase guard).
    Trajectory.objects.filter(pk=trajectory.pk).update(phase=Phase.EXECUTION)
    trajectory.refresh_from_db()
    return trajectory, coordinator, version, first, second


def _post(client, trajectory, scores, **fields):
    data = {
        "held_on": "2026-11-23",
        "safety_status": "in_order",
        "goes_well": "Noah gaat vaker naar school.",
        "must_change": "",
        "step": "same",
        "next_evaluation_on": "2027-01-01",
        **fields,
    }
    for goal, value in scores.items():
        data[f"goal_{goal.pk}"] = str(value)
        data[f"note_{goal.pk}"] = ""
    return client.post(reverse("plans:evaluation_new", args=[trajectory.pk]), data)


def test_the_evaluation_page_asks_for_every_goal(agreed_plan, client_for):
    trajectory, coordinator, _version, first, second = agreed_plan
    response = client_for(coordinator.user).get(
        reverse("plans:evaluation_new", args=[trajectory.pk])
    )
    assert response.status_code == 200
    assert first.title in response.content.decode()
    assert second.title in response.content.decode()


def test_scoring_every_goal_stores_the_t_score_and_the_next_date(agreed_plan, client_for):
    trajectory, coordinator, version, first, second = agreed_plan
    response = _post(client_for(coordinator.user), trajectory, {first: 1, second: 0})
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    # Hand-worked: Σwx = 1, Σw² = 5, (Σw)² = 9: 50 + 10·1/√(0.7·5 + 0.3·9) = 54.016
    assert evaluation.t_score == pytest.approx(54.016, abs=0.001)
    assert evaluation.plan_version == version
    assert set(GoalScore.objects.values_list("goal_id", "attainment")) == {
        (first.pk, 1),
        (second.pk, 0),
    }
    trajectory.refresh_from_db()
    assert trajectory.next_evaluation_on == datetime.date(2027, 1, 1)
    assert AccessEvent.objects.filter(action="plans.evaluation.create").exists()
    assert version.plan.versions.count() == 1  # nothing changed: no new version


def test_a_goal_left_unscored_is_refused_with_a_clear_message(agreed_plan, client_for):
    trajectory, coordinator, _version, first, _second = agreed_plan
    response = _post(client_for(coordinator.user), trajectory, {first: 1})
    assert response.status_code == 200
    assert "Scoor elk doel: hoe ver is het gekomen?" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_the_next_evaluation_must_come_after_this_one(agreed_plan, client_for):
    trajectory, coordinator, _version, first, second = agreed_plan
    response = _post(
        client_for(coordinator.user),
        trajectory,
        {first: 0, second: 0},
        next_evaluation_on="2026-11-01",
    )
    assert response.status_code == 200
    assert not Evaluation.objects.exists()


def test_when_the_plan_changes_a_new_draft_is_made_from_the_evaluation(agreed_plan, client_for):
    trajectory, coordinator, version, first, second = agreed_plan
    _post(
        client_for(coordinator.user),
        trajectory,
        {first: -1, second: 0},
        must_change="Meer hulp bij de ochtend.",
        step="up",
        plan_changes="on",
    )
    evaluation = Evaluation.objects.get()
    draft = version.plan.versions.get(number=2)
    assert draft.status == VersionStatus.DRAFT
    assert draft.occasion == Occasion.EVALUATION
    assert draft.evaluation == evaluation
    assert draft.change_reason == "Meer hulp bij de ochtend."
    assert draft.goals.count() == 2


def test_without_an_agreed_plan_there_is_nothing_to_evaluate(team, client_for):
    trajectory, coordinator = team
    Trajectory.objects.filter(pk=trajectory.pk).update(phase=Phase.PLAN)
    make_plan(trajectory, actor=coordinator.user)
    response = client_for(coordinator.user).get(
        reverse("plans:evaluation_new", args=[trajectory.pk])
    )
    # The phase guard: evaluating waits for the execution, and links to writing the plan.
    assert response.status_code == 409
    assert f'href="/plans/t/{trajectory.pk}/"' in response.content.decode()


def test_the_record_links_to_the_evaluation_meeting_of_this_trajectory(agreed_plan, client_for):
    from django.utils import timezone

    from samenspel.trajectories.models import Meeting, MeetingKind

    trajectory, coordinator, _version, first, second = agreed_plan
    meeting = Meeting.objects.create(
        trajectory=trajectory, kind=MeetingKind.EVALUATION, starts_at=timezone.now()
    )
    other = Meeting.objects.create(
        trajectory=TrajectoryFactory(), kind=MeetingKind.EVALUATION, starts_at=timezone.now()
    )
    client = client_for(coordinator.user)
    refused = _post(client, trajectory, {first: 0, second: 0}, meeting=str(other.pk))
    assert refused.status_code == 200
    assert not Evaluation.objects.exists()
    _post(client, trajectory, {first: 0, second: 0}, meeting=str(meeting.pk))
    assert Evaluation.objects.get().meeting == meeting


def test_a_draft_already_started_takes_the_change(agreed_plan, client_for):
    from samenspel.plans import actions

    trajectory, coordinator, version, first, second = agreed_plan
    actions.start_new_version(
        version.plan, occasion=Occasion.MDO, reason="MDO", actor=coordinator.user
    )
    response = _post(
        client_for(coordinator.user), trajectory, {first: 0, second: 0}, plan_changes="on"
    )
    assert response.status_code == 302
    assert Evaluation.objects.count() == 1
    assert version.plan.versions.count() == 2


def test_the_next_date_suggested_is_today_plus_the_networks_rhythm(agreed_plan, client_for):
    from samenspel.trajectories.models import TrajectorySettings

    trajectory, coordinator, *_ = agreed_plan
    TrajectorySettings.objects.create(network=trajectory.network, evaluation_interval_weeks=8)
    body = (
        client_for(coordinator.user)
        .get(reverse("plans:evaluation_new", args=[trajectory.pk]))
        .content.decode()
    )
    assert 'value="2027-01-18"' in body  # 23 November 2026 + 8 weeks
    assert "8 weken" in body
    assert 'data-testid="safety-question"' in body


def test_a_second_evaluation_on_one_day_is_saved_only_past_the_warning(agreed_plan, client_for):
    trajectory, coordinator, _version, first, second = agreed_plan
    client = client_for(coordinator.user)
    assert _post(client, trajectory, {first: 0, second: 0}).status_code == 302
    warned = _post(client, trajectory, {first: 1, second: 0})
    body = warned.content.decode()
    assert warned.status_code == 200
    assert 'data-testid="evaluation-warnings"' in body
    assert "Er is al een evaluatie op 23 november 2026" in body
    assert Evaluation.objects.count() == 1
    saved = _post(client, trajectory, {first: 1, second: 0}, despite_warnings="on")
    assert saved.status_code == 302
    assert Evaluation.objects.count() == 2


def test_an_evaluation_before_the_plan_was_agreed_is_warned_about(agreed_plan, client_for):
    trajectory, coordinator, version, first, second = agreed_plan
    warned = _post(
        client_for(coordinator.user), trajectory, {first: 0, second: 0}, held_on="2026-11-20"
    )
    body = warned.content.decode()
    assert f"Versie {version.number} is afgesproken op 23 november 2026" in body
    assert not Evaluation.objects.exists()


def test_the_safety_question_is_required_and_concerns_lead_into_the_meldcode(
    agreed_plan, client_for
):
    from samenspel.families.models import Registration
    from samenspel.plans.queries import safety_concerns

    trajectory, coordinator, _version, first, second = agreed_plan
    registration = Registration.objects.create(
        family=trajectory.family,
        network=trajectory.network,
        trajectory=trajectory,
        referrer_kind="school",
        safety_status="in_order",
    )
    assert not safety_concerns(trajectory)
    client = client_for(coordinator.user)
    missing = _post(client, trajectory, {first: 0, second: 0}, safety_status="")
    assert "Beantwoord de vraag over veiligheid." in missing.content.decode()
    response = _post(
        client,
        trajectory,
        {first: 0, second: 0},
        safety_status="concerns",
        safety_notes="Moeder vertelt over harde ruzies thuis.",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "families:meldcode_add", args=[trajectory.family_id, registration.pk]
    )
    evaluation = Evaluation.objects.get()
    assert evaluation.safety_status == "concerns"
    assert safety_concerns(trajectory)  # the plan now needs its safety section
    step = client.get(response["Location"])
    assert step.status_code == 200
    assert "Meldcode" in step.content.decode()
    assert Registration.objects.get(pk=registration.pk).meldcode_steps.count() == 0
