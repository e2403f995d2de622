"""The values of a draft row (the version's own text, a goal, an action, a note), as the
plan's actions take them (issue 19: actions take values, not forms). The plan pages' forms
and the API both build one of these and call `plans.actions.save_draft_item`; `check`
holds every rule about them, so a caller without a form is held to the same rules."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samenspel.plans.models import (
    ActionOwnerKind,
    ActionStatus,
    DomainNote,
    Goal,
    InstrumentDomain,
    PlanAction,
    PlanVersion,
)

if TYPE_CHECKING:
    from samenspel.families.models import FamilyMember
    from samenspel.network.models import Organisation, Professional


@dataclass(frozen=True)
class VersionText:
    family_words: str = ""
    safety_plan: str = ""
    change_reason: str = ""


@dataclass(frozen=True)
class NoteValues:
    domain: InstrumentDomain | None
    member: FamilyMember | None = None
    strengths: str = ""
    concerns: str = ""
    confidential: bool = False


@dataclass(frozen=True)
class GoalValues:
    title: str
    domain: InstrumentDomain | None
    level_0: str
    members: Sequence[FamilyMember] = ()
    why_it_matters: str = ""
    target_date: datetime.date | None = None
    level_minus_2: str = ""
    level_minus_1: str = ""
    level_plus_1: str = ""
    level_plus_2: str = ""
    weight: int = 1
    confidential: bool = False


@dataclass(frozen=True)
class ActionValues:
    what: str
    owner_kind: str
    goal: Goal | None = None
    professional: Professional | None = None
    organisation: Organisation | None = None
    member: FamilyMember | None = None
    network_person: str = ""
    due_on: datetime.date | None = None
    status: str = ActionStatus.PLANNED


DraftValues = VersionText | NoteValues | GoalValues | ActionValues

# A goal's own fields, in the order the goal form asks them and the diff between versions
# shows them.
GOAL_FIELDS = (
    "title",
    "domain",
    "members",
    "why_it_matters",
    "target_date",
    "level_minus_2",
    "level_minus_1",
    "level_0",
    "level_plus_1",
    "level_plus_2",
    "weight",
    "confidential",
)

VALUES_FOR: dict[type, type] = {
    PlanVersion: VersionText,
    DomainNote: NoteValues,
    Goal: GoalValues,
    PlanAction: ActionValues,
}

# Many-to-many fields: set after the row is saved.
_M2M = {"members"}


def from_cleaned(model: type, cleaned: dict[str, Any]) -> DraftValues:
    """The values of a valid plan form (its fields are named as the value fields)."""
    kind = VALUES_FOR[model]
    values: DraftValues = kind(
        **{f.name: cleaned[f.name] for f in fields(kind) if f.name in cleaned}
    )
    return values


def apply(instance: Any, values: DraftValues) -> dict[str, Any]:
    """Set the row's fields from `values`; returns the many-to-many values to set after save."""
    later: dict[str, Any] = {}
    for f in fields(values):
        value = getattr(values, f.name)
        if f.name in _M2M:
            later[f.name] = list(value)
        else:
            setattr(instance, f.name, value.strip() if isinstance(value, str) else value)
    return later


def check(values: DraftValues, *, version: PlanVersion) -> DraftValues:
    """Refuse values that break the plan's rules or point outside this family's plan;
    returns them completed (an action's organisation from the professional's team place)."""
    from samenspel.trajectories.models import CareTeamMembership

    trajectory = version.plan.trajectory
    errors: dict[str, str] = {}

    def family_member(member: FamilyMember | None) -> bool:
        return member is None or member.family_id == trajectory.family_id

    if isinstance(values, NoteValues | GoalValues) and values.domain is None:
        errors["domain"] = _("Choose a life domain.")
    if isinstance(values, NoteValues):
        if not (values.strengths.strip() or values.concerns.strip()):
            errors["strengths"] = _("Write down a strength, a concern or both.")
        if values.confidential and values.member is None:
            errors["member"] = _("A confidential note is about one person: choose who it is about.")
        if not family_member(values.member):
            errors["member"] = _("Choose a member of this family.")
    elif isinstance(values, GoalValues):
        if not values.title.strip():
            errors["title"] = _("This field is required.")
        if not values.level_0.strip():
            errors["level_0"] = _("Describe what it looks like when the goal is reached.")
        if values.weight < 1:
            errors["weight"] = _("The weight is 1 or more.")
        if values.confidential and not values.members:
            errors["members"] = _("A confidential goal is about someone: choose for whom it is.")
        if not all(family_member(m) for m in values.members):
            errors["members"] = _("Choose a member of this family.")
    elif isinstance(values, ActionValues):
        if not values.what.strip():
            errors["what"] = _("This field is required.")
        if values.goal is not None and values.goal.version_id != version.pk:
            errors["goal"] = _("Choose a goal of this plan.")
        team = CareTeamMembership.objects.filter(trajectory=trajectory)
        if values.owner_kind == ActionOwnerKind.PROFESSIONAL:
            place = (
                team.filter(professional=values.professional).select_related("organisation").first()
                if values.professional is not None
                else None
            )
            if place is None:
                errors["professional"] = _("Choose the professional who does this.")
            elif values.organisation is None:
                organisation = place.organisation or values.professional.home_organisation  # type: ignore[union-attr]
                values = _replace(values, organisation=organisation)
            elif not team.filter(organisation=values.organisation).exists():
                errors["organisation"] = _("Choose an organisation of this team.")
            values = _replace(values, member=None, network_person="")
        elif values.owner_kind == ActionOwnerKind.MEMBER:
            if values.member is None or not family_member(values.member):
                errors["member"] = _("Choose the family member who does this.")
            values = _replace(values, professional=None, organisation=None, network_person="")
        elif values.owner_kind == ActionOwnerKind.NETWORK:
            if not values.network_person.strip():
                errors["network_person"] = _("Write down who from the network does this.")
            values = _replace(values, professional=None, organisation=None, member=None)
        else:
            errors["owner_kind"] = _("Choose who does this.")
        if values.status not in ActionStatus.values:
            errors["status"] = _("Choose a status.")
    if errors:
        raise ValidationError(errors)
    return values


def _replace(values: ActionValues, **changes: Any) -> ActionValues:
    from dataclasses import replace

    return replace(values, **changes)
