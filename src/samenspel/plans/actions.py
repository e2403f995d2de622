"""Every business write of family plans: verb-first, keyword-only `actor=`, one transaction
with its access event (STYLE.md)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.audit.models import EventType
from samenspel.plans import draft_values
from samenspel.plans.draft_values import DraftValues
from samenspel.plans.gas import GoalScore as GasScore
from samenspel.plans.gas import t_score
from samenspel.plans.models import (
    AgreedVersionIsFinalError,
    AssentMethod,
    Assessment,
    DomainNote,
    DomainScore,
    Evaluation,
    Goal,
    GoalScore,
    InstrumentKind,
    InstrumentVersion,
    Occasion,
    Plan,
    PlanAction,
    PlanAssent,
    PlanVersion,
    Step,
    VersionStatus,
)
from samenspel.plans.queries import safety_concerns
from samenspel.trajectories.models import CareTeamMembership, CareTeamRole, Meeting, Trajectory

if TYPE_CHECKING:
    from samenspel.accounts.models import User
    from samenspel.families.models import FamilyMember

Row = TypeVar("Row", bound=models.Model)


class EditConflictError(Exception):
    """Somebody else saved this draft row after you opened it: `current` is what they saved."""

    def __init__(self, current: models.Model) -> None:
        super().__init__(current.pk)
        self.current = current


# The access-log names of draft rows (create, update, delete), written out: the vocabulary
# (audit/vocabulary.py) is checked against every name at the call sites.
_ITEM_ACTIONS: dict[str, tuple[str, str, str]] = {
    "goal": ("plans.goal.create", "plans.goal.update", "plans.goal.delete"),
    "planaction": ("plans.planaction.create", "plans.planaction.update", "plans.planaction.delete"),
    "domainnote": ("plans.domainnote.create", "plans.domainnote.update", "plans.domainnote.delete"),
    # The version's own text (its row is saved the same way; never created or removed here).
    "planversion": (
        "plans.planversion.update",
        "plans.planversion.update",
        "plans.planversion.update",
    ),
}


def _item_action(obj: models.Model, step: int) -> str:
    return _ITEM_ACTIONS[obj._meta.model_name or ""][step]


def _family_id(version: PlanVersion) -> int:
    return version.plan.trajectory.family_id


@transaction.atomic
def start_plan(
    trajectory: Trajectory, *, actor: User, request: HttpRequest | None = None
) -> PlanVersion:
    """The family plan of a trajectory with its first draft; returns that draft."""
    plan, created = Plan.objects.get_or_create(trajectory=trajectory)
    if not created:
        raise ValidationError(_("This trajectory already has a family plan."))
    version = PlanVersion.objects.create(
        plan=plan, number=1, occasion=Occasion.FIRST, created_by=actor, changed_by=actor
    )
    audit.record(
        EventType.CREATE,
        "plans.plan.create",
        actor=actor,
        request=request,
        family_id=trajectory.family_id,
        obj=plan,
    )
    return version


def _lock_draft(version: PlanVersion) -> None:
    """Hold the draft's row until this change commits, so agreeing it waits for the change
    (PostgreSQL: SELECT … FOR UPDATE; SQLite has one writer at a time anyway). Raises when
    the version was agreed meanwhile."""
    status = (
        PlanVersion.objects.select_for_update()
        .filter(pk=version.pk)
        .values_list("status", flat=True)
        .first()
    )
    if status != VersionStatus.DRAFT:
        raise AgreedVersionIsFinalError(version.pk)


@transaction.atomic
def save_draft_item(
    instance: Any,
    values: DraftValues,
    *,
    version: PlanVersion,
    expected_revision: int | None,
    actor: User,
    request: HttpRequest | None = None,
) -> Any:
    """Save a draft row (the version's own text, a goal, an action, a note): `instance` is
    the row (new: unsaved, e.g. `Goal()`), `values` its new values (plans/draft_values.py),
    checked here against the plan's rules whoever calls.

    Optimistic concurrency: the row is only written when its revision is still the one the
    form was opened with. Otherwise `EditConflictError` carries what the other person saved, and
    the page offers a merge (`plans.merge`) instead of overwriting their work.
    """
    if not isinstance(values, draft_values.VALUES_FOR[type(instance)]):
        raise TypeError(f"{type(values).__name__} are not the values of {type(instance).__name__}")
    values = draft_values.check(values, version=version)
    model = type(instance)
    now = timezone.now()
    is_new = instance.pk is None
    _lock_draft(version)
    if is_new:
        instance.version = version
    else:
        rows = model.objects.filter(pk=instance.pk, revision=expected_revision)
        rows = (
            rows.filter(status=VersionStatus.DRAFT)
            if model is PlanVersion
            else rows.filter(version__status=VersionStatus.DRAFT)
        )
        if not rows.update(revision=F("revision") + 1, changed_by=actor, changed_at=now):
            current = model.objects.filter(pk=instance.pk).first()
            if current is None:
                raise ValidationError(_("Somebody removed this part of the plan meanwhile."))
            draft = current if model is PlanVersion else current.version
            if draft.status != VersionStatus.DRAFT:
                raise AgreedVersionIsFinalError(version.pk)
            raise EditConflictError(current)
        instance.revision = (expected_revision or 0) + 1
    many = draft_values.apply(instance, values)
    instance.changed_by = actor
    instance.changed_at = now
    # Relations are checked by `draft_values.check` against this family's plan (the model's
    # own check would only ask, one query each, whether the row exists).
    instance.clean_fields(exclude=[f.name for f in model._meta.fields if f.is_relation])
    instance.save()
    for name, value in many.items():
        getattr(instance, name).set(value)
    audit.record(
        EventType.CREATE if is_new else EventType.UPDATE,
        _item_action(instance, 0 if is_new else 1),
        actor=actor,
        request=request,
        family_id=_family_id(version),
        obj=instance,
    )
    return instance


@transaction.atomic
def remove_draft_item(
    item: Goal | PlanAction | DomainNote,
    *,
    expected_revision: int,
    actor: User,
    request: HttpRequest | None = None,
) -> None:
    """Remove a goal, action or note from the draft, unless someone changed it meanwhile."""
    model = type(item)
    _lock_draft(item.version)
    rows = model.objects.filter(
        pk=item.pk, revision=expected_revision, version__status=VersionStatus.DRAFT
    )
    if model is Goal:
        PlanAction.objects.filter(goal_id=item.pk, version__status=VersionStatus.DRAFT).update(
            goal=None
        )
    deleted, _per_model = rows.delete()
    if not deleted:
        current = model.objects.select_related("version").filter(pk=item.pk).first()
        if current is not None and current.version.status != VersionStatus.DRAFT:
            raise AgreedVersionIsFinalError(item.version_id)
        if current is not None:
            raise EditConflictError(current)
        return
    audit.record(
        EventType.DELETE,
        _item_action(item, 2),
        actor=actor,
        request=request,
        family_id=_family_id(item.version),
        obj=item,
    )


def is_coordinator(user: User, trajectory: Trajectory, *, on: datetime.date | None = None) -> bool:
    return (
        CareTeamMembership.objects.active_on(on or timezone.localdate())
        .filter(trajectory=trajectory, professional__user=user, role=CareTeamRole.COORDINATOR)
        .exists()
    )


@transaction.atomic
def agree_version(
    version: PlanVersion,
    *,
    actor: User,
    agreed_on: datetime.date,
    coordinator_method: str = AssentMethod.MEETING,
    members: Mapping[FamilyMember, str] | None = None,
    request: HttpRequest | None = None,
) -> PlanVersion:
    """The coordinator agrees the draft: from now on it is final. Family members who agreed
    at the same time are recorded with how they did (in the meeting, on paper)."""
    trajectory = version.plan.trajectory
    if not is_coordinator(actor, trajectory, on=agreed_on):
        raise PermissionDenied(_("Only the family's coordinator agrees the plan."))
    if not version.goals.exists():
        raise ValidationError(_("A plan needs at least one goal before it can be agreed."))
    if safety_concerns(trajectory) and not version.safety_plan.strip():
        # DOMAIN.md §7: when basic care and safety are not in order, the safety plan (Veilig
        # Verder) is part of the family plan.
        raise ValidationError(
            _("The safety check raised concerns: write the safety plan before agreeing.")
        )
    now = timezone.now()
    agreed = PlanVersion.objects.filter(pk=version.pk, status=VersionStatus.DRAFT).update(
        status=VersionStatus.AGREED, agreed_at=now, agreed_by=actor, changed_at=now
    )
    if not agreed:
        raise AgreedVersionIsFinalError(version.pk)
    PlanAssent.objects.create(
        version=version,
        coordinator=actor,
        method=coordinator_method,
        agreed_on=agreed_on,
        recorded_by=actor,
    )
    for member, method in (members or {}).items():
        _add_member_agreement(version, member, method, agreed_on, actor)
    audit.record(
        EventType.UPDATE,
        "plans.version.agree",
        actor=actor,
        request=request,
        family_id=trajectory.family_id,
        obj=version,
        detail={"members": sorted(member.pk for member in members or {})},
    )
    version.refresh_from_db()
    return version


def _add_member_agreement(
    version: PlanVersion, member: FamilyMember, method: str, day: datetime.date, actor: User
) -> PlanAssent:
    if member.family_id != version.plan.trajectory.family_id:
        raise ValidationError(_("This person is not a member of this family."))
    if PlanAssent.objects.filter(version=version, member=member).exists():
        raise ValidationError(
            _("%(name)s has already agreed to this version.") % {"name": member.given_name}
        )
    return PlanAssent.objects.create(
        version=version, member=member, method=method, agreed_on=day, recorded_by=actor
    )


@transaction.atomic
def record_member_agreement(
    version: PlanVersion,
    *,
    member: FamilyMember,
    method: str,
    agreed_on: datetime.date,
    actor: User,
    request: HttpRequest | None = None,
) -> PlanAssent:
    """A family member agrees later (on paper, or in the portal): the content stays as it
    was agreed; only who agreed grows."""
    if not PlanVersion.objects.filter(pk=version.pk, status=VersionStatus.AGREED).exists():
        # A draft still changes: agreeing with it would agree with words that may go.
        raise ValidationError(_("Family members agree with a version once it is agreed."))
    agreement = _add_member_agreement(version, member, method, agreed_on, actor)
    audit.record(
        EventType.CREATE,
        "plans.agreement.create",
        actor=actor,
        request=request,
        family_id=member.family_id,
        member_id=member.pk,
        obj=agreement,
    )
    return agreement


@transaction.atomic
def start_new_version(
    plan: Plan,
    *,
    occasion: str,
    reason: str,
    actor: User,
    evaluation: Evaluation | None = None,
    request: HttpRequest | None = None,
) -> PlanVersion:
    """A new draft, copied from the last agreed version, to change at an MDO or evaluation."""
    # Serialise new versions of one plan (PostgreSQL locks the row; SQLite has one writer).
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    if plan.versions.filter(status=VersionStatus.DRAFT).exists():
        raise ValidationError(_("There is already a draft of this plan: change that one."))
    source = plan.versions.filter(status=VersionStatus.AGREED).order_by("-number").first()
    number = (plan.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    now = timezone.now()
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        occasion=occasion,
        change_reason=reason,
        family_words=source.family_words if source else "",
        safety_plan=source.safety_plan if source else "",
        based_on=source,
        evaluation=evaluation,
        created_by=actor,
        changed_by=actor,
        changed_at=now,
    )
    if source is not None:
        _copy_content(source, version)
    audit.record(
        EventType.CREATE,
        "plans.version.create",
        actor=actor,
        request=request,
        family_id=plan.trajectory.family_id,
        obj=version,
        detail={"number": number, "based_on": source.number if source else None},
    )
    return version


def _copy_content(source: PlanVersion, target: PlanVersion) -> None:
    """Copy notes, goals (with their members) and actions, keeping each row's key."""

    def copy(row: Row, **changes: Any) -> Row:
        row.pk = None
        row.id = None  # type: ignore[attr-defined]
        row._state.adding = True
        for name, value in {"version": target, "revision": 1, **changes}.items():
            setattr(row, name, value)
        return row

    DomainNote.objects.bulk_create(copy(note) for note in source.notes.all())
    old_goals = list(source.goals.prefetch_related("members"))
    members = {goal.pk: [m.pk for m in goal.members.all()] for goal in old_goals}
    old_ids = [goal.pk for goal in old_goals]
    new_goals = Goal.objects.bulk_create(copy(goal) for goal in old_goals)
    goal_map = dict(zip(old_ids, new_goals, strict=True))
    Goal.members.through.objects.bulk_create(
        Goal.members.through(goal_id=goal_map[old].pk, familymember_id=member_id)
        for old, ids in members.items()
        for member_id in ids
    )
    PlanAction.objects.bulk_create(
        copy(action, goal=goal_map.get(action.goal_id) if action.goal_id else None)
        for action in source.actions.all()
    )


@transaction.atomic
def record_evaluation(
    trajectory: Trajectory,
    *,
    version: PlanVersion,
    held_on: datetime.date,
    step: Step | str,
    next_evaluation_on: datetime.date,
    scores: Mapping[Goal, tuple[int, str]],
    goes_well: str = "",
    must_change: str = "",
    plan_changes: bool = False,
    meeting: Meeting | None = None,
    safety_status: str = "",
    safety_notes: str = "",
    actor: User,
    request: HttpRequest | None = None,
) -> Evaluation:
    """The evaluation of one cycle: a GAS score for every goal, the T-score, the next date.

    When the plan changes, a new draft version is started from the evaluated one.
    """
    if version.status != VersionStatus.AGREED or version.plan.trajectory_id != trajectory.pk:
        raise ValidationError(_("Only an agreed version of this family's plan is evaluated."))
    if next_evaluation_on <= held_on:
        raise ValidationError(_("The next evaluation comes after this one."))
    if not scores:
        raise ValidationError(_("Score at least one goal."))
    if any(goal.version_id != version.pk for goal in scores):
        raise ValidationError(_("Score the goals of the evaluated version."))
    if meeting is not None and meeting.trajectory_id != trajectory.pk:
        raise ValidationError(_("That meeting belongs to another trajectory."))
    evaluation = Evaluation.objects.create(
        trajectory=trajectory,
        plan_version=version,
        meeting=meeting,
        held_on=held_on,
        goes_well=goes_well,
        must_change=must_change,
        step=step,
        next_evaluation_on=next_evaluation_on,
        plan_changes=plan_changes,
        safety_status=safety_status,
        safety_notes=safety_notes.strip(),
        t_score=t_score(GasScore(value, goal.weight) for goal, (value, _n) in scores.items()),
        created_by=actor,
    )
    GoalScore.objects.bulk_create(
        GoalScore(evaluation=evaluation, goal=goal, attainment=value, note=note)
        for goal, (value, note) in scores.items()
    )
    # Bump the trajectory's own optimistic version: an open trajectory form must not write
    # an old next-evaluation date back over this one.
    Trajectory.objects.filter(pk=trajectory.pk).update(
        next_evaluation_on=next_evaluation_on, version=F("version") + 1
    )
    trajectory.refresh_from_db(fields=["next_evaluation_on", "version"])
    audit.record(
        EventType.CREATE,
        "plans.evaluation.create",
        actor=actor,
        request=request,
        family_id=trajectory.family_id,
        obj=evaluation,
        detail={"safety": safety_status} if safety_status else None,
    )
    # A draft already being written is where the change goes; otherwise start one.
    if plan_changes and not version.plan.versions.filter(status=VersionStatus.DRAFT).exists():
        start_new_version(
            version.plan,
            occasion=Occasion.EVALUATION,
            reason=must_change,
            evaluation=evaluation,
            actor=actor,
            request=request,
        )
    return evaluation


@transaction.atomic
def record_assessment(
    trajectory: Trajectory,
    *,
    instrument_version: InstrumentVersion,
    assessed_on: datetime.date,
    scores: Mapping[int, tuple[int, str]],
    member: FamilyMember | None = None,
    evaluation: Evaluation | None = None,
    actor: User,
    request: HttpRequest | None = None,
) -> Assessment:
    """A ZRM (or ZRM-Huishoudens, ORS, SRS) measurement of the domains that were discussed.

    `scores` maps domain id → (score, why the domain matters for the help question). Domains
    left out were not discussed: never every domain by force (Autoriteit Persoonsgegevens,
    2018, on the ZRM).
    """
    if not scores:
        raise ValidationError(_("Score at least one domain, or record nothing."))
    domains = set(instrument_version.domains.filter(scored=True).values_list("pk", flat=True))
    if not set(scores) <= domains:
        raise ValidationError(_("Score only the domains of this instrument."))
    is_zrm = instrument_version.instrument.kind == InstrumentKind.ZRM
    for value, relevance in scores.values():
        if not instrument_version.scale_min <= value <= instrument_version.scale_max:
            raise ValidationError(_("A score lies on the instrument's scale."))
        if is_zrm and not relevance.strip():
            raise ValidationError(_("Say why each scored domain matters for the help question."))
    if member is not None and member.family_id != trajectory.family_id:
        raise ValidationError(_("This person is not a member of this family."))
    if evaluation is not None and evaluation.trajectory_id != trajectory.pk:
        raise ValidationError(_("That evaluation belongs to another trajectory."))
    assessment = Assessment.objects.create(
        trajectory=trajectory,
        instrument_version=instrument_version,
        assessed_on=assessed_on,
        member=member,
        evaluation=evaluation,
        created_by=actor,
    )
    DomainScore.objects.bulk_create(
        DomainScore(assessment=assessment, domain_id=domain_id, score=value, relevance=why)
        for domain_id, (value, why) in scores.items()
    )
    audit.record(
        EventType.CREATE,
        "plans.assessment.create",
        actor=actor,
        request=request,
        family_id=trajectory.family_id,
        member_id=member.pk if member else None,
        obj=assessment,
    )
    return assessment
