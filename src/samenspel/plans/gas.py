"""Goal Attainment Scaling: the summary T-score over a family's goals.

    T = 50 + 10 · Σ(wᵢxᵢ) / √((1 − ρ) · Σwᵢ² + ρ · (Σwᵢ)²)

with xᵢ the attainment of goal i on −2 … +2, wᵢ ≥ 1 its weight and ρ the assumed correlation
between goal scores (0.3 by convention; Kiresuk & Sherman 1968). T = 50 means the goals were
reached as expected; every goal one level better gives about 60.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

GAS_LEVELS = (-2, -1, 0, 1, 2)
DEFAULT_RHO = 0.3


@dataclass(frozen=True)
class GoalScore:
    attainment: int
    weight: float = 1.0

    def __post_init__(self) -> None:
        if self.attainment not in GAS_LEVELS:
            raise ValueError(f"GAS attainment must be one of {GAS_LEVELS}, not {self.attainment}")
        if self.weight < 1:
            raise ValueError(f"GAS weights are at least 1, not {self.weight}")


def t_score(goals: Iterable[GoalScore], *, rho: float = DEFAULT_RHO) -> float | None:
    """The summary T-score, or None when no goal was scored."""
    scores = list(goals)
    if not scores:
        return None
    if not 0 <= rho < 1:
        raise ValueError("ρ lies in [0, 1)")
    weighted = sum(goal.weight * goal.attainment for goal in scores)
    sum_w = sum(goal.weight for goal in scores)
    sum_w2 = sum(goal.weight**2 for goal in scores)
    return 50 + 10 * weighted / math.sqrt((1 - rho) * sum_w2 + rho * sum_w**2)
