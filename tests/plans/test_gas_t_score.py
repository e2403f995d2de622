"""The GAS T-score against hand-worked examples (DOMAIN.md §5, ρ = 0.3)."""

import math

import pytest

from samenspel.plans.gas import GoalScore, t_score


@pytest.mark.parametrize(
    "goals,expected",
    [
        # All goals reached as expected: T = 50 whatever the weights.
        ([GoalScore(0), GoalScore(0), GoalScore(0)], 50.0),
        ([GoalScore(0, 3), GoalScore(0, 1)], 50.0),
        # Equal weights, all +1: Σwx = 3, Σw² = 3, (Σw)² = 9
        # → 50 + 30 / √(0.7·3 + 0.3·9) = 50 + 30 / √4.8 = 63.693
        ([GoalScore(1), GoalScore(1), GoalScore(1)], 63.693),
        # Equal weights, −1, 0, +1 cancel out.
        ([GoalScore(-1), GoalScore(0), GoalScore(1)], 50.0),
        # Unequal weights: +2 (w 3) and −1 (w 1): Σwx = 5, Σw² = 10, (Σw)² = 16
        # → 50 + 50 / √(7 + 4.8) = 50 + 50 / √11.8 = 64.556
        ([GoalScore(2, 3), GoalScore(-1, 1)], 64.556),
        # One goal: the denominator is w, so T moves 10 per level.
        ([GoalScore(-2)], 30.0),
        ([GoalScore(2, 2)], 70.0),
        # Unequal weights, baseline scores: −1 (w 2), −1 (w 1), −2 (w 1): Σwx = −5, Σw² = 6,
        # (Σw)² = 16 → 50 − 50 / √(4.2 + 4.8) = 50 − 50 / 3 = 33.333
        ([GoalScore(-1, 2), GoalScore(-1, 1), GoalScore(-2, 1)], 33.333),
    ],
)
def test_t_score_matches_the_hand_worked_value(goals, expected):
    assert math.isclose(t_score(goals), expected, abs_tol=0.001)


def test_no_scored_goals_means_no_t_score():
    assert t_score([]) is None


def test_rho_changes_the_spread():
    goals = [GoalScore(1), GoalScore(1)]
    # ρ = 0: independent goals, 50 + 20/√2; ρ → higher: the same scores count for less.
    assert math.isclose(t_score(goals, rho=0), 50 + 20 / math.sqrt(2))
    assert t_score(goals, rho=0.5) < t_score(goals, rho=0.3) < t_score(goals, rho=0)


@pytest.mark.parametrize("attainment,weight", [(3, 1), (-3, 1), (0, 0.5)])
def test_scores_outside_the_scale_are_refused(attainment, weight):
    with pytest.raises(ValueError):
        GoalScore(attainment, weight)
