"""The rules that turn a closed trajectory into the harmonised Jeugdwet outcome indicators
(DOMAIN.md §5). Pure functions over what was recorded, so every rule is pinned by a test
(tests/trajectories/test_outcome_indicators.py) and the figures' suppression audit can list
exactly which combinations exist (`Closure` `possible_outcomes`).

1    uitval: ended early and NOT by mutual agreement. "Stopped by the family" or "by the
     provider" counts only when the coordinator records that they did not agree.
2    cliënttevredenheid: the family's own answer at closure (1-5, optional); 4 or 5 counts
     as satisfied; no answer stays unknown.
3.1  continues without help: the reason says so (goals reached, continues without help).
3.2  no new youth care within the follow-up period: answered at the follow-up check.
3.3  self-reliance increased: the ZRM scores of the first and the last assessment, for every
     (family member or household, domain) scored at both: increased when at least one went
     up and none went down; not increased otherwise; unknown without two assessments.
3.4  agreed goals realised: the GAS scores of the LAST evaluation, never the reason alone:
     every goal at 0 or above is realised, some is partly, none is not; without an
     evaluation it is not realised (and said so: "no evaluation").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import models
from django.utils.translation import gettext_lazy as _

EARLY_REASONS = frozenset({"stopped_by_family", "stopped_by_provider"})
WITHOUT_HELP_REASONS = frozenset({"goals_reached", "continues_without_help"})
SATISFIED_FROM = 4


class GoalsOutcome(models.TextChoices):
    REALISED = "realised", _("Realised")
    PARTLY = "partly", _("Partly realised")
    NOT_REALISED = "not_realised", _("Not realised")
    NO_EVALUATION = "no_evaluation", _("No evaluation held")


def is_dropout(reason: str, *, mutual_agreement: bool | None) -> bool:
    # Without an answer an early end counts as drop-out: the indicator must not look better
    # because a question was skipped.
    return reason in EARLY_REASONS and mutual_agreement is not True


def continues_without_help(reason: str) -> bool:
    return reason in WITHOUT_HELP_REASONS


def goals_outcome(last_evaluation_scores: Iterable[int] | None) -> GoalsOutcome:
    scores = list(last_evaluation_scores or [])
    if not scores:
        return GoalsOutcome.NO_EVALUATION
    reached = sum(1 for score in scores if score >= 0)
    if reached == len(scores):
        return GoalsOutcome.REALISED
    return GoalsOutcome.PARTLY if reached else GoalsOutcome.NOT_REALISED


def self_reliance_increased(
    start: Mapping[tuple[object, object], int], end: Mapping[tuple[object, object], int]
) -> bool | None:
    """`start`/`end`: score per (member or None, domain) at the first and last assessment."""
    both = [key for key in start if key in end]
    if not both:
        return None
    changes = [end[key] - start[key] for key in both]
    return any(change > 0 for change in changes) and not any(change < 0 for change in changes)


def is_satisfied(score: int | None) -> bool | None:
    return None if score is None else score >= SATISFIED_FROM
