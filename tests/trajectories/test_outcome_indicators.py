"""Closing a trajectory yields every Jeugdwet outcome indicator, by rules a test can read:
each closure reason by evaluation history."""

import datetime

import pytest

from samenspel.plans.models import Assessment, DomainScore, Evaluation, GoalScore, InstrumentVersion
from samenspel.trajectories import actions, outcomes
from samenspel.trajectories.models import ClosureReason, Phase
from samenspel.trajectories.outcomes import GoalsOutcome
from tests.factories import TrajectoryFactory
from tests.factories.plans import life_domain, make_plan, make_team

TODAY = datetime.date(2026, 11, 18)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
EARLY = {ClosureReason.STOPPED_BY_FAMILY, ClosureReason.STOPPED_BY_PROVIDER}
WITHOUT_HELP = {ClosureReason.GOALS_REACHED, ClosureReason.CONTINUES_WITHOUT_HELP}

# Evaluation histories: the GAS scores of each evaluation, oldest first.
HISTORIES = {
    "no evaluation": [],
    "all goals reached at the end": [[-1, -1], [0, 1]],
    "some goals reached at the end": [[-1, -1], [0, -1]],
    "reached before, not at the end": [[0, 0], [-1, -2]],
    "none reached": [[-1, -2]],
}
EXPECTED_GOALS = {
    "no evaluation": GoalsOutcome.NO_EVALUATION,
    "all goals reached at the end": GoalsOutcome.REALISED,
    "some goals reached at the end": GoalsOutcome.PARTLY,
    "reached before, not at the end": GoalsOutcome.NOT_REALISED,
    "none reached": GoalsOutcome.NOT_REALISED,
}


@pytest.mark.parametrize("reason", list(ClosureReason))
@pytest.mark.parametrize("agreed", [True, False, None])
@pytest.mark.parametrize("history", list(HISTORIES))
def test_the_rules_for_every_reason_and_history(reason, agreed, history):
    scores = HISTORIES[history]
    last = scores[-1] if scores else None

    assert outcomes.is_dropout(reason, mutual_agreement=agreed) == (
        reason in EARLY and agreed is not True
    )
    assert outcomes.continues_without_help(reason) == (reason in WITHOUT_HELP)
    # 3.4 follows the last evaluation whatever the reason says.
    assert outcomes.goals_outcome(last) == EXPECTED_GOALS[history]


def test_self_reliance_counts_only_domains_scored_twice():
    rule = outcomes.self_reliance_increased
    assert rule({}, {}) is None
    assert rule({(None, "financien"): 2}, {}) is None
    assert rule({(None, "financien"): 2}, {(None, "financien"): 3}) is True
    assert rule({(None, "financien"): 2}, {(None, "financien"): 2}) is False
    both = {(None, "financien"): 2, (1, "huisvesting"): 3}
    assert rule(both, {(None, "financien"): 4, (1, "huisvesting"): 2}) is False
    assert rule(both, {(None, "financien"): 4, (1, "huisvesting"): 3}) is True
    assert rule(both, {(None, "financien"): 4, (2, "huisvesting"): 1}) is True  # other person


def test_satisfaction_is_four_or_five_and_may_be_skipped():
    assert [outcomes.is_satisfied(s) for s in (None, 1, 3, 4, 5)] == [
        None,
        False,
        False,
        True,
        True,
    ]


def _trajectory_with_history(scores):
    trajectory, coordinator = make_team(TrajectoryFactory(phase=Phase.EXECUTION))
    user = coordinator.user
    if scores:
        version = make_plan(trajectory, actor=user, goals=len(scores[0]), agreed=True)
        goals = list(version.goals.order_by("id"))
        for number, evaluation_scores in enumerate(scores):
            evaluation = Evaluation.objects.create(
                trajectory=trajectory,
                plan_version=version,
                held_on=TODAY - datetime.timedelta(days=42 * (len(scores) - number)),
                step="same",
                next_evaluation_on=TODAY,
            )
            for goal, attainment in zip(goals, evaluation_scores, strict=True):
                GoalScore.objects.create(evaluation=evaluation, goal=goal, attainment=attainment)
    return trajectory, user


@pytest.mark.parametrize("history", list(HISTORIES))
def test_goals_reached_counts_only_what_the_last_evaluation_shows(history):
    trajectory, user = _trajectory_with_history(HISTORIES[history])

    closure = actions.close_trajectory(trajectory, reason=ClosureReason.GOALS_REACHED, actor=user)

    assert closure.goals_outcome == EXPECTED_GOALS[history]
    assert closure.goals_realised == (EXPECTED_GOALS[history] == GoalsOutcome.REALISED)
    assert closure.continues_without_help and not closure.dropout


@pytest.mark.parametrize(("agreed", "dropout"), [(True, False), (False, True), (None, True)])
def test_stopping_by_mutual_agreement_is_not_dropout(agreed, dropout):
    trajectory, user = _trajectory_with_history([])

    closure = actions.close_trajectory(
        trajectory,
        reason=ClosureReason.STOPPED_BY_FAMILY,
        mutual_agreement=agreed,
        satisfaction=4,
        actor=user,
    )

    assert closure.dropout is dropout
    assert closure.satisfaction == 4
    assert not closure.continues_without_help


def test_a_referral_is_never_dropout_and_keeps_no_agreement_answer():
    trajectory, user = _trajectory_with_history([])

    closure = actions.close_trajectory(
        trajectory, reason=ClosureReason.REFERRED, mutual_agreement=False, actor=user
    )

    assert not closure.dropout and closure.mutual_agreement is None


def test_zrm_at_start_and_closure_decides_self_reliance():
    trajectory, user = _trajectory_with_history([])
    version = InstrumentVersion.objects.get(instrument__code="zrm-2017")
    for day, score in ((TODAY - datetime.timedelta(days=90), 2), (TODAY, 4)):
        assessment = Assessment.objects.create(
            trajectory=trajectory, instrument_version=version, assessed_on=day
        )
        DomainScore.objects.create(
            assessment=assessment, domain=life_domain("financien"), score=score, relevance="x"
        )

    closure = actions.close_trajectory(
        trajectory, reason=ClosureReason.CONTINUES_WITHOUT_HELP, actor=user
    )

    assert closure.self_reliance_increased is True


def test_a_single_zrm_measures_nothing():
    trajectory, user = _trajectory_with_history([])

    closure = actions.close_trajectory(trajectory, reason=ClosureReason.REFERRED, actor=user)

    assert closure.self_reliance_increased is None
    assert closure.goals_outcome == GoalsOutcome.NO_EVALUATION


@pytest.mark.parametrize("reason", list(ClosureReason))
@pytest.mark.parametrize("history", list(HISTORIES))
def test_closing_stores_every_indicator_for_every_reason_and_history(reason, history):
    """The action, not only the rules: each reason with each evaluation history gives the
    stored indicators 3.1 and 3.4 and drop-out (1) as the rules above say."""
    trajectory, user = _trajectory_with_history(HISTORIES[history])

    closure = actions.close_trajectory(trajectory, reason=reason, actor=user)

    assert closure.goals_outcome == EXPECTED_GOALS[history]
    assert closure.goals_realised == (EXPECTED_GOALS[history] == GoalsOutcome.REALISED)
    assert closure.continues_without_help == (reason in WITHOUT_HELP)
    assert closure.dropout == (reason in EARLY)  # no mutual agreement given
