"""Demo family plans: for the trajectories in the plan phase a draft being written; for those
in execution an agreed first version, an evaluation that changed the plan, a second agreed
version and a second evaluation, so the GAS and ZRM trends have something to show.

Goals are in the families' own words ("Noah gaat weer elke dag naar school"). Deterministic
(fixed texts, dates relative to today) and idempotent: a trajectory that already has a plan is
left alone. Runs after the trajectories step; when that step made no trajectories in these
phases, it does nothing.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from samenspel.families.models import FamilyMember, MemberRole
from samenspel.plans import actions
from samenspel.plans.models import (
    ActionOwnerKind,
    ActionStatus,
    AssentMethod,
    DomainNote,
    Goal,
    InstrumentDomain,
    InstrumentVersion,
    PlanAction,
    PlanVersion,
    Step,
)
from samenspel.plans.queries import coordinator_of
from samenspel.trajectories.models import Phase, Trajectory

if TYPE_CHECKING:
    from samenspel.accounts.models import User
    from samenspel.trajectories.models import CareTeamMembership

WEEK = datetime.timedelta(weeks=1)

# (life domain code, goal in the family's words, why it matters, −1, 0, +1, weight)
GOALS = (
    (
        "werk-opleiding",
        "{child} gaat weer elke dag naar school",
        "Dan kan {child} later zelf kiezen wat {child} wil worden.",
        "{child} gaat twee dagen per week naar school.",
        "{child} gaat elke dag naar school.",
        "{child} gaat elke dag en maakt thuis huiswerk.",
        2,
    ),
    (
        "financien",
        "We weten elke maand wat er binnenkomt en uitgaat",
        "Dan liggen we niet meer wakker van de post.",
        "We openen de brieven niet.",
        "We hebben elke maand een overzicht en betalen de vaste lasten.",
        "We sparen elke maand een klein beetje.",
        1,
    ),
    (
        "huiselijke-relaties",
        "We hebben weer rust aan tafel",
        "Iedereen wil graag samen eten zonder ruzie.",
        "Bijna elke avond is er ruzie.",
        "We eten vier avonden per week samen zonder ruzie.",
        "We eten elke avond samen en praten over de dag.",
        1,
    ),
)


def load(logins: dict[str, User]) -> None:
    trajectories = list(
        Trajectory.objects.filter(
            phase__in=[Phase.PLAN, Phase.EXECUTION], closed_on__isnull=True, plan__isnull=True
        )
        .select_related("family")
        .order_by("network_id", "family__name", "id")
    )
    domains = {
        domain.code: domain
        for domain in InstrumentDomain.objects.filter(
            version__instrument__code="zrm-2017", version__is_current=True
        )
    }
    for trajectory in trajectories:
        coordinator = coordinator_of(trajectory)
        if coordinator is None or coordinator.professional is None:
            continue
        members = list(FamilyMember.objects.filter(family=trajectory.family).order_by("id"))
        if trajectory.phase == Phase.PLAN:
            _draft_plan(trajectory, coordinator, members, domains)
        else:
            _running_plan(trajectory, coordinator, members, domains)


def _names(members: list[FamilyMember]) -> tuple[FamilyMember | None, FamilyMember | None]:
    child = next((m for m in members if m.role == MemberRole.CHILD), None)
    parent = next((m for m in members if m.role == MemberRole.PARENT), None)
    return child, parent


def _fill(
    version: PlanVersion,
    coordinator: CareTeamMembership,
    members: list[FamilyMember],
    domains: Domains,
    *,
    goals: int,
) -> None:
    child, parent = _names(members)
    name = child.given_name if child else "Ons kind"
    user = _user(coordinator)
    version.family_words = (
        f"Wij willen dat {name} weer met plezier naar school gaat en dat we thuis weer rust "
        "hebben. We willen zelf weten hoe het met het geld staat."
    )
    version.changed_by = user
    version.save()
    DomainNote.objects.create(
        version=version,
        domain=domains["huiselijke-relaties"],
        strengths="Ze zijn heel betrokken bij elkaar; oma helpt vaak.",
        concerns="Veel ruzie rond het naar bed gaan en de ochtend.",
        changed_by=user,
    )
    DomainNote.objects.create(
        version=version,
        domain=domains["financien"],
        strengths="Er is een vast inkomen.",
        concerns="Ongeopende post en betalingsachterstanden.",
        changed_by=user,
    )
    for code, title, why, minus, zero, plus, weight in GOALS[:goals]:
        goal = Goal.objects.create(
            version=version,
            domain=domains[code],
            title=title.format(child=name),
            why_it_matters=why.format(child=name),
            level_minus_2=f"Slechter dan nu: {minus.format(child=name).lower()}",
            level_minus_1=minus.format(child=name),
            level_0=zero.format(child=name),
            level_plus_1=plus.format(child=name),
            level_plus_2=f"{plus.format(child=name)} En het gaat vanzelf.",
            weight=weight,
            target_date=timezone.localdate() + 12 * WEEK,
            changed_by=user,
        )
        if code == "werk-opleiding" and child:
            goal.members.set([child])
        elif parent:
            goal.members.set([parent])
        PlanAction.objects.create(
            version=version,
            goal=goal,
            what=f"Elke week met het gezin bespreken: {goal.title}",
            owner_kind=ActionOwnerKind.PROFESSIONAL,
            professional=coordinator.professional,
            organisation=coordinator.organisation,
            due_on=timezone.localdate() + 2 * WEEK,
            changed_by=user,
        )
    if parent:
        PlanAction.objects.create(
            version=version,
            what="Elke zondag samen de week doornemen",
            owner_kind=ActionOwnerKind.MEMBER,
            member=parent,
            due_on=timezone.localdate() + WEEK,
            changed_by=user,
        )
    PlanAction.objects.create(
        version=version,
        what="Twee ochtenden per week helpen met naar school gaan",
        owner_kind=ActionOwnerKind.NETWORK,
        network_person="Oma Ria",
        due_on=timezone.localdate() + WEEK,
        changed_by=user,
    )


Domains = dict[str, InstrumentDomain]


def _user(coordinator: CareTeamMembership) -> User:
    return coordinator.professional.user  # type: ignore[union-attr]


def _draft_plan(
    trajectory: Trajectory,
    coordinator: CareTeamMembership,
    members: list[FamilyMember],
    domains: Domains,
) -> None:
    version = actions.start_plan(trajectory, actor=_user(coordinator))
    _fill(version, coordinator, members, domains, goals=2)


def _agree(
    version: PlanVersion,
    coordinator: CareTeamMembership,
    day: datetime.date,
    members: list[FamilyMember],
) -> None:
    # The coordinator agrees on a day they held the role (the demo's dates are relative).
    day = max(day, coordinator.valid_from)
    _child, parent = _names(members)
    actions.agree_version(
        version,
        actor=_user(coordinator),
        agreed_on=day,
        members={parent: AssentMethod.MEETING} if parent else {},
    )
    # The action stamps the moment of agreeing; the demo's agreement was on `day`, so the
    # version says so too (evaluations then come after the version they evaluate).
    PlanVersion.objects.filter(pk=version.pk).update(
        agreed_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(11, 0)))
    )


def _evaluate(
    trajectory: Trajectory,
    version: PlanVersion,
    coordinator: CareTeamMembership,
    day: datetime.date,
    scores: tuple[int, ...],
    *,
    changes: bool,
) -> None:
    user = _user(coordinator)
    goals = list(version.goals.order_by("id"))
    evaluation = actions.record_evaluation(
        trajectory,
        version=version,
        held_on=day,
        step=Step.SAME if changes else Step.DOWN,
        next_evaluation_on=day + 6 * WEEK,
        scores={goal: (score, "") for goal, score in zip(goals, scores, strict=False)},
        goes_well="Er wordt vaker naar school gegaan; de post wordt elke week geopend.",
        must_change="De ochtenden blijven zwaar: daar komt een doel bij." if changes else "",
        plan_changes=changes,
        actor=user,
    )
    zrm = InstrumentVersion.objects.get(instrument__code="zrm-2017", is_current=True)
    codes = {"financien": 2 + (not changes), "werk-opleiding": 2 + 2 * (not changes)}
    actions.record_assessment(
        trajectory,
        instrument_version=zrm,
        assessed_on=day,
        scores={
            zrm.domains.get(code=code).pk: (score, "Hoort bij de hulpvraag van het gezin.")
            for code, score in codes.items()
        },
        evaluation=evaluation,
        actor=user,
    )


def _running_plan(
    trajectory: Trajectory,
    coordinator: CareTeamMembership,
    members: list[FamilyMember],
    domains: Domains,
) -> None:
    today = timezone.localdate()
    user = _user(coordinator)
    # The trajectories step dated this family's evaluation in the past (an overdue one, for
    # the dashboards and reminders): the whole plan history moves back seven weeks, so the
    # last evaluation's six weeks ran out a fortnight ago and every evaluation still comes
    # after the agreement of the version it evaluates.
    overdue = trajectory.next_evaluation_on is not None and trajectory.next_evaluation_on < today
    shift = 7 * WEEK if overdue else datetime.timedelta(0)
    today -= shift
    first = actions.start_plan(trajectory, actor=user)
    _fill(first, coordinator, members, domains, goals=2)
    _agree(first, coordinator, today - 13 * WEEK, members)
    _evaluate(trajectory, first, coordinator, today - 7 * WEEK, (-1, 0), changes=True)
    second = PlanVersion.objects.get(plan=first.plan, number=2)
    code, title, why, minus, zero, plus, weight = GOALS[2]
    Goal.objects.create(
        version=second,
        domain=domains[code],
        title=title,
        why_it_matters=why,
        level_minus_1=minus,
        level_0=zero,
        level_plus_1=plus,
        weight=weight,
        changed_by=user,
    )
    PlanAction.objects.filter(version=second, owner_kind=ActionOwnerKind.NETWORK).update(
        status=ActionStatus.UNDERWAY
    )
    _agree(second, coordinator, today - 6 * WEEK, members)
    _evaluate(trajectory, second, coordinator, today - WEEK, (1, 0, 0), changes=False)
    if not overdue:
        _plan_next_evaluation(trajectory, coordinator, members)


def _plan_next_evaluation(
    trajectory: Trajectory, coordinator: CareTeamMembership, members: list[FamilyMember]
) -> None:
    """The next evaluation is in the diary already: an upcoming meeting with the family on
    the day the rhythm gives (so agendas, reminders and calendar feeds have something ahead)."""
    from samenspel.trajectories import actions as trajectory_actions
    from samenspel.trajectories.models import MeetingKind

    trajectory.refresh_from_db()
    day = trajectory.next_evaluation_on
    if day is None or trajectory.meetings.filter(kind=MeetingKind.EVALUATION).exists():
        return
    _child, parent = _names(members)
    trajectory_actions.plan_meeting(
        trajectory,
        kind=MeetingKind.EVALUATION,
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(14, 0))),
        actor=_user(coordinator),
        location="Bij het gezin thuis",
        professionals=[coordinator.professional] if coordinator.professional else [],
        family_members=[parent] if parent else [],
    )
