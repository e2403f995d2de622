"""Reads of family plans, for the plan pages and for other apps.

For other apps (documented in docs/ARCHITECTURE.md):
- `has_agreed_plan(trajectory)`: the trajectories app guards "to execution needs an agreed plan".
- `open_goals_and_actions(trajectory)`: the agenda of an MDO or evaluation meeting.

Neither checks access: the caller has already been through the access policy for the family.
Confidential items are left out unless the caller passes `hidden_member_ids=set()` knowingly.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from samenspel.plans.models import (
    OPEN_ACTION_STATUSES,
    DomainNote,
    Evaluation,
    Goal,
    InstrumentDomain,
    PlanAction,
    PlanAssent,
    PlanVersion,
    VersionStatus,
)
from samenspel.trajectories.models import CareTeamMembership, CareTeamRole, Trajectory

if TYPE_CHECKING:
    import datetime

    from samenspel.access.policy import Decision
    from samenspel.accounts.models import User
    from samenspel.families.models import Family


def has_agreed_plan(trajectory: Trajectory) -> bool:
    """Has this trajectory's family plan at least one version agreed by the coordinator?"""
    return PlanVersion.objects.filter(
        plan__trajectory=trajectory, status=VersionStatus.AGREED
    ).exists()


@dataclass(frozen=True)
class OpenItems:
    """What is still open in the plan in force, for a meeting's agenda."""

    version: PlanVersion | None
    goals: list[Goal] = field(default_factory=list)
    actions: list[PlanAction] = field(default_factory=list)


def open_goals_and_actions(
    trajectory: Trajectory, *, hidden_member_ids: set[int] | None = None
) -> OpenItems:
    """The goals of the last agreed version and its actions still to do or underway.

    `hidden_member_ids` (from `access.policy.confidential_member_ids`) leaves out confidential
    goals and their actions; when None, every confidential goal is left out.
    """
    version = (
        PlanVersion.objects.filter(plan__trajectory=trajectory, status=VersionStatus.AGREED)
        .order_by("-number")
        .first()
    )
    if version is None:
        return OpenItems(None)
    goals = [
        goal
        for goal in version.goals.select_related("domain").prefetch_related("members")
        if is_visible(goal, hidden_member_ids)
    ]
    visible_goal_ids = {goal.pk for goal in goals}
    actions = [
        action
        for action in _actions(version).filter(status__in=OPEN_ACTION_STATUSES)
        if action.goal_id is None or action.goal_id in visible_goal_ids
    ]
    return OpenItems(version, goals, actions)


def is_visible(item: Goal | DomainNote, hidden_member_ids: set[int] | None) -> bool:
    """Is this goal or note shown to someone from whom these members' confidential
    sections are hidden? (None: hide every confidential item.)"""
    if not item.confidential:
        return True
    if hidden_member_ids is None:
        return False
    if isinstance(item, Goal):
        member_ids = {member.pk for member in item.members.all()}
        # A confidential goal about nobody in particular is about the whole household.
        return bool(member_ids) and not (member_ids & hidden_member_ids)
    return item.member_id is not None and item.member_id not in hidden_member_ids


def hidden_member_ids(user: User, family: Family, decision: Decision | None = None) -> set[int]:
    """The members whose confidential parts of the plan this user may not see."""
    from samenspel.access.policy import confidential_member_ids

    return confidential_member_ids(user, family, decision=decision)


def life_domains() -> QuerySet[InstrumentDomain]:
    """The life domains (leefgebieden): the domains of the current ZRM, with the unscored
    extra domain Opvoeding. Goals, notes, help questions and the walk-along journal are filed
    under them (the journal by code: docs/glossary.md)."""
    return InstrumentDomain.objects.filter(
        version__instrument__code="zrm-2017", version__is_current=True
    ).order_by("position")


def life_domain_labels() -> dict[str, str]:
    """Code → the life domain's name in the reader's language."""
    return {domain.code: domain.label for domain in life_domains()}


def _actions(version: PlanVersion) -> QuerySet[PlanAction]:
    return version.actions.select_related(
        "professional__user", "organisation", "member", "goal", "changed_by"
    ).order_by("due_on", "id")


def _shown_goals() -> QuerySet[Goal]:
    """Goals with only what FHIR's CarePlan shows of them (and `_in_scope` reads)."""
    return Goal.objects.select_related("domain").order_by("domain__position", "id")


def _shown_actions() -> QuerySet[PlanAction]:
    """Actions with only what FHIR's CarePlan shows of them (`owner_label`)."""
    return PlanAction.objects.select_related("professional__user", "member").order_by(
        "due_on", "id"
    )


def fhir_content_prefetches() -> list[Prefetch[Any]]:
    """The goals and actions of any number of versions in two queries, for
    `plan_content(..., goals_and_actions_only=True)` (FHIR's CarePlan and its `_history`)."""
    return [Prefetch("goals", queryset=_shown_goals()), Prefetch("actions", _shown_actions())]


@dataclass
class PlanContent:
    """One version's content as one user may see it."""

    version: PlanVersion
    notes: list[DomainNote]
    goals: list[Goal]
    actions: list[PlanAction]
    assents: list[PlanAssent]
    hidden_count: int = 0
    # Parts the access policy withholds (members and categories): the page says so.
    withheld_count: int = 0

    def who_does_what(self) -> list[tuple[str, list[PlanAction]]]:
        """Actions grouped by who does them ("wie doet wat"), people in order of name."""
        grouped: dict[str, list[PlanAction]] = defaultdict(list)
        for action in self.actions:
            grouped[action.owner_label].append(action)
        return sorted(grouped.items(), key=lambda pair: pair[0].casefold())


def _in_scope(item: Goal | DomainNote, decision: Decision | None) -> bool:
    """Is this goal or note inside the reader's members and categories (access/scope.py)?"""
    if decision is None:
        return True
    from samenspel.access.scope import domain_category

    category = domain_category(item.domain.code)
    if isinstance(item, Goal) and decision.scope is None:
        # Every member in scope: the goal's members change nothing (no read of them).
        return decision.sees(category)
    if isinstance(item, Goal):
        member_ids = [member.pk for member in item.members.all()]
        if not member_ids:
            return decision.sees(category)
        return all(decision.sees_about(pk, category) for pk in member_ids)
    return decision.sees_about(item.member_id, category)


def plan_content(
    version: PlanVersion,
    hidden: set[int],
    decision: Decision | None = None,
    *,
    goals_and_actions_only: bool = False,
) -> PlanContent:
    """The content of a version with confidential items of hidden members left out, and,
    with the reader's `decision`, the items outside their members and categories.
    `goals_and_actions_only` (FHIR's CarePlan): no notes and assents, two queries fewer,
    only the relations the CarePlan shows, the goals' members only when they decide something
    (a confidential goal, or a reader whose consent covers only some members), and the goals
    and actions as prefetched on the version (`fhir_content_prefetches`) when they are.

    A fixed number of queries however many goals, actions and notes there are.
    """
    prefetched = getattr(version, "_prefetched_objects_cache", {})
    notes = (
        []
        if goals_and_actions_only
        else list(
            version.notes.select_related("domain", "member", "changed_by").order_by(
                "domain__position"
            )
        )
    )
    if goals_and_actions_only:
        cached = "goals" in prefetched
        goals = list(version.goals.all() if cached else _shown_goals().filter(version=version))
        # Without a confidential goal, and with every member in scope (scope None), the
        # members change no answer of `is_visible` or `_in_scope`.
        if any(goal.confidential for goal in goals) or (
            decision is not None and decision.scope is not None
        ):
            prefetch_related_objects(goals, "members")
    else:
        goals = list(
            version.goals.select_related("domain", "changed_by")
            .prefetch_related("members")
            .order_by("domain__position", "id")
        )
    confidential_notes = [note for note in notes if is_visible(note, hidden)]
    confidential_goals = [goal for goal in goals if is_visible(goal, hidden)]
    visible_notes = [note for note in confidential_notes if _in_scope(note, decision)]
    visible_goals = [goal for goal in confidential_goals if _in_scope(goal, decision)]
    goal_ids = {goal.pk for goal in visible_goals}
    if not goals_and_actions_only:
        all_actions = list(_actions(version))
    elif "actions" in prefetched:
        all_actions = list(version.actions.all())
    else:
        all_actions = list(_shown_actions().filter(version=version))
    actions = [
        action
        for action in all_actions
        if (action.goal_id is None or action.goal_id in goal_ids)
        and (decision is None or action.member_id is None or decision.sees_member(action.member_id))
    ]
    # A version from the page's list has its assents already (versions_with_assents).
    assents = (
        []
        if goals_and_actions_only
        else list(
            version.assents.all()
            if "assents" in prefetched
            else version.assents.select_related("member", "coordinator")
        )
    )
    hidden_count = len(notes) - len(confidential_notes) + len(goals) - len(confidential_goals)
    shown_assents = [
        a
        for a in assents
        if decision is None or a.member_id is None or decision.sees_member(a.member_id)
    ]
    withheld_count = (
        len(confidential_notes)
        - len(visible_notes)
        + len(confidential_goals)
        - len(visible_goals)
        + len(assents)
        - len(shown_assents)
    )
    return PlanContent(
        version,
        visible_notes,
        visible_goals,
        actions,
        shown_assents,
        hidden_count,
        withheld_count,
    )


def coordinator_of(
    trajectory: Trajectory, *, on: datetime.date | None = None
) -> CareTeamMembership | None:
    from django.utils import timezone

    return (
        CareTeamMembership.objects.active_on(on or timezone.localdate())
        .filter(trajectory=trajectory, role=CareTeamRole.COORDINATOR)
        .select_related("professional__user", "organisation")
        .first()
    )


def evaluation_warnings(
    trajectory: Trajectory, version: PlanVersion, held_on: datetime.date
) -> list[str]:
    """What looks wrong about an evaluation on `held_on` (saved only after a deliberate
    tick): another evaluation on that day, or a date before the evaluated version was agreed."""
    from django.utils import formats
    from django.utils.translation import gettext as _

    warnings: list[str] = []
    if Evaluation.objects.filter(trajectory=trajectory, held_on=held_on).exists():
        warnings.append(
            _("There is already an evaluation on %(date)s. Is this one really another?")
            % {"date": formats.date_format(held_on, "j F Y")}
        )
    agreed_on = version.assents.filter(member=None).order_by("agreed_on").values_list(
        "agreed_on", flat=True
    ).first() or (version.agreed_at.date() if version.agreed_at else None)
    if agreed_on and held_on < agreed_on:
        warnings.append(
            _("Version %(number)s was agreed on %(agreed)s: an evaluation of it comes after that.")
            % {"number": version.number, "agreed": formats.date_format(agreed_on, "j F Y")}
        )
    return warnings


def safety_concerns(trajectory: Trajectory, evaluations: list[Evaluation] | None = None) -> bool:
    """Does the last answer to the safety question raise concerns: the last evaluation's,
    else the registration's check? Then the plan has a safety section (Veilig Verder;
    DOMAIN.md §7)."""
    from samenspel.families.models import Registration

    if evaluations is not None:
        # The page's newest evaluations, already read (newest first): no second read.
        last = next((e.safety_status for e in evaluations if e.safety_status), None)
    else:
        last = (
            Evaluation.objects.filter(trajectory=trajectory)
            .exclude(safety_status="")
            .order_by("-held_on", "-id")
            .values_list("safety_status", flat=True)
            .first()
        )
    if last:
        return last in ("concerns", "acute")
    registration = Registration.objects.filter(trajectory=trajectory).only("safety_status").first()
    return registration is not None and registration.needs_meldcode


def versions_with_assents(trajectory_id: int) -> QuerySet[PlanVersion]:
    """The versions of a trajectory's plan, newest first, each with its plan."""
    return (
        PlanVersion.objects.filter(plan__trajectory_id=trajectory_id)
        .select_related("plan", "agreed_by")  # the page names who agreed, not who wrote
        .prefetch_related(
            Prefetch("assents", queryset=PlanAssent.objects.select_related("member", "coordinator"))
        )
        .order_by("-number")
    )


@dataclass(frozen=True)
class OwnerAbsence:
    """An action owner who is absent today (issue 12): until when, the absence to arrange
    cover from, and who covers their place on this trajectory already, if anyone."""

    until: datetime.date | None
    absence_id: int
    cover: str = ""


def owner_absences(
    trajectory: Trajectory, professional_ids: list[int], on: datetime.date
) -> dict[int, OwnerAbsence]:
    """The absent owners among `professional_ids`: one query, and a second only when someone
    is absent (for the colleagues who cover them on this trajectory)."""
    from django.db.models import Q

    from samenspel.network.models import Absence

    if not professional_ids:
        return {}
    found: dict[int, OwnerAbsence] = {}
    for absence in (
        Absence.objects.filter(professional_id__in=set(professional_ids), starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .order_by("starts_on", "id")
    ):
        known = found.get(absence.professional_id)
        until: datetime.date | None = absence.ends_on
        if known is not None:  # overlapping absences: open-ended wins, else the latest end
            until = None if until is None or known.until is None else max(until, known.until)
        found[absence.professional_id] = OwnerAbsence(until=until, absence_id=absence.pk)
    if not found:
        return found
    covers = (
        CareTeamMembership.objects.active_on(on)
        .filter(trajectory=trajectory, covers__professional_id__in=found)
        .values_list("covers__professional_id", "professional__user__full_name")
    )
    for owner_id, name in covers:
        found[owner_id] = OwnerAbsence(found[owner_id].until, found[owner_id].absence_id, name)
    return found
