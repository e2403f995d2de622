"""Closure with the Jeugdwet indicators, the follow-up check, and re-opening."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.audit.models import EventType
from samenspel.plans.models import DomainScore, Evaluation, GoalScore, InstrumentKind
from samenspel.trajectories import outcomes
from samenspel.trajectories.models import (
    INDICATORS,
    Closure,
    Phase,
    Trajectory,
    TrajectorySettings,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from samenspel.accounts.models import User
    from samenspel.network.models import Professional

from samenspel.trajectories.actions.common import add_months, lock_trajectory, log_event, touch
from samenspel.trajectories.actions.team import take_on_registration


@transaction.atomic
def close_trajectory(
    trajectory: Trajectory,
    *,
    reason: str,
    actor: User,
    note: str = "",
    mutual_agreement: bool | None = None,
    satisfaction: int | None = None,
    on: datetime.date | None = None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Closure:
    locked = lock_trajectory(trajectory, expected_version)
    if locked.is_closed:
        raise ValidationError(_("This trajectory is already closed."))
    if reason not in INDICATORS:
        raise ValidationError(_("Choose a reason for closing."))
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise ValidationError(_("Choose a score from 1 to 5, or leave it empty."))
    on = on or timezone.localdate()
    rhythm = TrajectorySettings.for_network(locked.network_id)
    evaluations = list(
        Evaluation.objects.filter(trajectory=locked)
        .order_by("held_on", "id")
        .values_list("pk", "t_score")
    )
    scores = [t_score for _pk, t_score in evaluations]
    last_goals = (
        list(
            GoalScore.objects.filter(evaluation_id=evaluations[-1][0]).values_list(
                "attainment", flat=True
            )
        )
        if evaluations
        else []
    )
    goals = outcomes.goals_outcome(last_goals)
    early = INDICATORS[reason]["early"]
    closure = Closure.objects.create(
        trajectory=locked,
        reason=reason,
        note=note.strip(),
        closed_on=on,
        dropout=outcomes.is_dropout(reason, mutual_agreement=mutual_agreement),
        mutual_agreement=mutual_agreement if early else None,
        continues_without_help=outcomes.continues_without_help(reason),
        goals_outcome=goals,
        goals_realised=goals == outcomes.GoalsOutcome.REALISED,
        self_reliance_increased=_self_reliance_increased(locked),
        satisfaction=satisfaction,
        first_t_score=scores[0] if scores else None,
        final_t_score=scores[-1] if scores else None,
        evaluations=len(scores),
        follow_up_due_on=add_months(on, rhythm.follow_up_months),
        closed_by=actor,
    )
    touch(locked, phase=Phase.CLOSED, phase_since=on, closed_on=on)
    log_event(
        "trajectories.trajectory.close",
        locked,
        actor=actor,
        request=request,
        obj=closure,
        detail={"reason": reason},
    )
    return closure


def _self_reliance_increased(trajectory: Trajectory) -> bool | None:
    """Indicator 3.3: the first and the last ZRM score of every (member or household,
    domain) that was scored at two different assessments (`outcomes.self_reliance_increased`).
    One query."""
    start: dict[tuple[object, object], int] = {}
    end: dict[tuple[object, object], int] = {}
    first_assessment: dict[tuple[object, object], int] = {}
    for member, domain, assessment, score in (
        DomainScore.objects.filter(
            assessment__trajectory=trajectory,
            assessment__instrument_version__instrument__kind=InstrumentKind.ZRM,
        )
        .order_by("assessment__assessed_on", "assessment_id")
        .values_list("assessment__member_id", "domain__code", "assessment_id", "score")
    ):
        key = (member, domain)
        if key not in start:
            start[key], first_assessment[key] = score, assessment
        elif assessment != first_assessment[key]:
            end[key] = score
    return outcomes.self_reliance_increased(start, end)


@transaction.atomic
def record_follow_up(
    closure: Closure, *, youth_care_restarted: bool, actor: User, request: HttpRequest | None = None
) -> Closure:
    if closure.follow_up_due_on > timezone.localdate():
        raise ValidationError(_("The follow-up check is not due yet."))
    closure.youth_care_restarted = youth_care_restarted
    closure.follow_up_checked_on = timezone.localdate()
    closure.save(update_fields=["youth_care_restarted", "follow_up_checked_on"])
    log_event(
        "trajectories.closure.follow_up",
        closure.trajectory,
        actor=actor,
        request=request,
        obj=closure,
    )
    return closure


@transaction.atomic
def reopen_trajectory(
    trajectory: Trajectory,
    *,
    coordinator: Professional,
    actor: User,
    request: HttpRequest | None = None,
) -> Trajectory:
    """Re-opening starts a new trajectory linked to the closed one; the old one stays closed
    so its indicators keep their meaning. The last coordinator takes up the new one."""
    locked = lock_trajectory(trajectory)
    if not locked.is_closed:
        raise ValidationError(_("Only a closed trajectory can be re-opened."))
    if Trajectory.objects.filter(family_id=locked.family_id).open().exists():
        raise ValidationError(_("This family already has an open trajectory."))
    new = Trajectory.objects.create(
        family_id=locked.family_id, network_id=locked.network_id, previous=locked
    )
    log_event(
        "trajectories.trajectory.reopen",
        new,
        actor=actor,
        request=request,
        event_type=EventType.CREATE,
        detail={"previous": locked.pk},
    )
    take_on_registration(new, coordinator=coordinator, actor=actor, request=request)
    new.refresh_from_db()
    return new
