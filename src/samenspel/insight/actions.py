"""Writes of time entries: each in one transaction with its access-log event.

A time entry says that a professional worked on a family's trajectory, so it is family data:
the access policy must let the actor edit the family (`decide`), the professional must be on
the trajectory's care team that day, and only the professional themself changes their entries.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.access.policy import Action, decide
from samenspel.audit.models import EventType
from samenspel.insight import profiles
from samenspel.insight.models import (
    DIRECT_ACTIVITIES,
    Activity,
    Profile,
    ProfileSet,
    TimeEntry,
    TimeSource,
    TrajectoryProfile,
)
from samenspel.trajectories.models import CareTeamMembership, Meeting, Trajectory

if TYPE_CHECKING:
    from django.http import HttpRequest

    from samenspel.accounts.models import User
    from samenspel.insight.importing import TimeRow
    from samenspel.network.models import Organisation, Professional

PURPOSE = "trajectory"
MAX_MINUTES = 24 * 60
# Time is booked close to the work: a week view corrects the last weeks, not last year.
MAX_DAYS_BACK = 92


def _check(
    trajectory: Trajectory,
    *,
    professional: Professional,
    worked_on: datetime.date,
    minutes: int,
    activity: str,
    actor: User,
    today: datetime.date,
) -> None:
    if not decide(actor, trajectory.family, Action.EDIT).allowed:
        raise PermissionDenied
    errors: dict[str, str] = {}
    if activity not in Activity.values:
        errors["activity"] = _("Choose what you did.")
    if not 1 <= minutes <= MAX_MINUTES:
        errors["minutes"] = _("Enter between 1 and 1440 minutes.")
    if worked_on > today:
        errors["worked_on"] = _("You cannot book time on a day that has not come yet.")
    elif worked_on < today - datetime.timedelta(days=MAX_DAYS_BACK):
        errors["worked_on"] = _("This day is more than three months ago.")
    elif not (
        CareTeamMembership.objects.filter(trajectory=trajectory, professional=professional)
        .active_on(worked_on)
        .exists()
    ):
        errors["worked_on"] = _("You were not on this family's team on that day.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_time(
    trajectory: Trajectory,
    *,
    professional: Professional,
    minutes: int,
    activity: str,
    actor: User,
    worked_on: datetime.date | None = None,
    meeting: Meeting | None = None,
    request: HttpRequest | None = None,
) -> TimeEntry:
    """Book minutes on a trajectory; with `meeting`, take over a held meeting's duration."""
    today = timezone.localdate()
    worked_on = worked_on or today
    if professional.user_id != actor.pk:
        raise PermissionDenied
    _check(
        trajectory,
        professional=professional,
        worked_on=worked_on,
        minutes=minutes,
        activity=activity,
        actor=actor,
        today=today,
    )
    if meeting is not None:
        if meeting.trajectory_id != trajectory.pk or not meeting.held:
            raise ValidationError(_("Only a meeting of this trajectory that was held."))
        if TimeEntry.objects.filter(meeting=meeting, professional=professional).exists():
            raise ValidationError(_("You have already booked this meeting."))
    entry = TimeEntry.objects.create(
        professional=professional,
        trajectory=trajectory,
        organisation_id=professional.home_organisation_id,
        network_id=trajectory.network_id,
        worked_on=worked_on,
        minutes=minutes,
        activity=activity,
        direct=activity in DIRECT_ACTIVITIES,
        meeting=meeting,
        source=TimeSource.MEETING if meeting else TimeSource.MANUAL,
        created_by=actor,
    )
    audit.record(
        EventType.CREATE,
        "insight.time_entry.create",
        actor=actor,
        request=request,
        family_id=trajectory.family_id,
        obj=entry,
        purpose=PURPOSE,
        detail={"minutes": minutes, "activity": activity},
    )
    return entry


@transaction.atomic
def change_time_entry(
    entry: TimeEntry,
    *,
    minutes: int,
    activity: str,
    worked_on: datetime.date,
    actor: User,
    expected_version: int,
    request: HttpRequest | None = None,
) -> TimeEntry:
    """Correct one's own entry; a change made meanwhile (another tab) is not overwritten."""
    locked = (
        TimeEntry.objects.select_for_update()
        .select_related("professional", "trajectory__family")
        .get(pk=entry.pk)
    )
    if locked.professional.user_id != actor.pk:
        raise PermissionDenied
    if locked.version != expected_version:
        raise ValidationError(
            _("This entry was changed in the meantime. Check it and make your change again.")
        )
    _check(
        locked.trajectory,
        professional=locked.professional,
        worked_on=worked_on,
        minutes=minutes,
        activity=activity,
        actor=actor,
        today=timezone.localdate(),
    )
    locked.minutes, locked.activity, locked.worked_on = minutes, activity, worked_on
    locked.direct = activity in DIRECT_ACTIVITIES
    locked.version += 1
    locked.save(update_fields=["minutes", "activity", "worked_on", "direct", "version"])
    audit.record(
        EventType.UPDATE,
        "insight.time_entry.update",
        actor=actor,
        request=request,
        family_id=locked.trajectory.family_id,
        obj=locked,
        purpose=PURPOSE,
        detail={"minutes": minutes, "activity": activity},
    )
    return locked


@transaction.atomic
def remove_time_entry(entry: TimeEntry, *, actor: User, request: HttpRequest | None = None) -> None:
    locked = (
        TimeEntry.objects.select_for_update()
        .select_related("professional", "trajectory__family")
        .get(pk=entry.pk)
    )
    if locked.professional.user_id != actor.pk:
        raise PermissionDenied
    if not decide(actor, locked.trajectory.family, Action.EDIT).allowed:
        raise PermissionDenied
    audit.record(
        EventType.DELETE,
        "insight.time_entry.delete",
        actor=actor,
        request=request,
        family_id=locked.trajectory.family_id,
        obj=locked,
        purpose=PURPOSE,
    )
    locked.delete()


@transaction.atomic
def import_time_entries(
    rows: list[TimeRow],
    organisation: Organisation,
    *,
    actor: User,
    request: HttpRequest | None = None,
) -> tuple[int, int]:
    """Write every row checked by `importing.check_rows` (created, updated): all or none. A
    line id seen before updates its entry instead of booking the time twice."""
    existing = {
        entry.external_id: entry
        for entry in TimeEntry.objects.select_for_update().filter(
            organisation=organisation, external_id__in=[row.external_id for row in rows]
        )
    }
    created = updated = 0
    for row in rows:
        entry = existing.get(row.external_id) or TimeEntry(
            organisation=organisation, external_id=row.external_id, created_by=actor
        )
        is_new = entry.pk is None
        entry.professional, entry.trajectory = row.professional, row.trajectory
        entry.network_id = row.trajectory.network_id
        entry.worked_on, entry.minutes, entry.activity = row.worked_on, row.minutes, row.activity
        entry.direct = row.activity in DIRECT_ACTIVITIES
        entry.source = TimeSource.IMPORT
        if not is_new:
            entry.version += 1
        entry.save()
        audit.record(
            EventType.CREATE if is_new else EventType.UPDATE,
            "insight.time_entry.import",
            actor=actor,
            request=request,
            family_id=row.trajectory.family_id,
            obj=entry,
            purpose=PURPOSE,
            detail={"line": row.line, "professional": row.professional.pk},
        )
        created, updated = created + is_new, updated + (not is_new)
    return created, updated


@transaction.atomic
def classify_trajectory(trajectory: Trajectory, *, actor: User | None) -> TrajectoryProfile:
    """Classify once, at the start of help; a trajectory keeps its profile (and so its
    profile version) when the network later revises the definitions."""
    existing = TrajectoryProfile.objects.filter(trajectory=trajectory).first()
    if existing is not None:
        return existing
    candidates = list(
        profiles.current_set(trajectory.network_id).profiles.order_by("position", "id")
    )
    basis = profiles.basis_of(trajectory)
    classified = TrajectoryProfile.objects.create(
        trajectory=trajectory, profile=profiles.choose(candidates, basis), basis=basis
    )
    audit.record(
        EventType.CREATE,
        "insight.trajectory_profile.classify",
        actor=actor,
        family_id=trajectory.family_id,
        obj=classified,
        purpose="trajectory",
        detail={"profile": classified.profile.code},
    )
    return classified


@transaction.atomic
def revise_profiles(
    network_id: int, *, definitions: list[dict[str, Any]], note: str, actor: User
) -> ProfileSet:
    """A new version of the network's profiles; the old versions stay as they were."""
    number = profiles.current_set(network_id).number + 1
    profile_set = ProfileSet.objects.create(
        network_id=network_id, number=number, note=note, created_by=actor
    )
    Profile.objects.bulk_create(
        Profile(profile_set=profile_set, position=position, **definition)
        for position, definition in enumerate(definitions)
    )
    audit.record(
        EventType.CREATE,
        "insight.profile_set.create",
        actor=actor,
        obj=profile_set,
        detail={"number": number},
    )
    return profile_set
