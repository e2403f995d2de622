"""Handover: temporary cover with automatic return, and permanent transfer."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.audit.models import EventType
from samenspel.trajectories.actions.common import lock_trajectory, log_event, notify
from samenspel.trajectories.models import (
    CareTeamMembership,
    CareTeamRole,
    Handover,
    HandoverKind,
    Selection,
    Trajectory,
)
from samenspel.trajectories.tasks import local_date

if TYPE_CHECKING:
    from django.http import HttpRequest

    from samenspel.accounts.models import User
    from samenspel.network.models import Absence, Professional

from samenspel.trajectories.actions.team import add_team_member, change_coordinator

# --- handover ------------------------------------------------------------------------------


@transaction.atomic
def start_cover(
    membership: CareTeamMembership,
    *,
    cover: Professional,
    starts_on: datetime.date,
    ends_on: datetime.date,
    note: str,
    actor: User,
    absence: Absence | None = None,
    request: HttpRequest | None = None,
) -> Handover:
    """Temporary cover (waarneming): the cover gets a place that ends on `ends_on`, so access
    returns automatically through the policy. A coordinator's place is split around the
    cover so there is exactly one coordinator on every day."""
    if not note.strip():
        raise ValidationError(
            _("Write a handover note: the cover needs to know where things stand.")
        )
    if ends_on < starts_on:
        raise ValidationError(_("The cover cannot end before it starts."))
    if cover.pk == membership.professional_id:
        raise ValidationError(_("Someone cannot cover for themselves."))
    trajectory = lock_trajectory(membership.trajectory)
    coordinator = membership.role == CareTeamRole.COORDINATOR
    original_until = membership.valid_until
    if coordinator:
        if membership.valid_from >= starts_on:
            raise ValidationError(_("The cover must start after the coordinator's place began."))
        membership.valid_until = starts_on - datetime.timedelta(days=1)
        membership.save(update_fields=["valid_until"])
    cover_place = add_team_member(
        trajectory,
        actor=actor,
        role=membership.role,
        professional=cover,
        valid_from=starts_on,
        valid_until=ends_on,
        selection=Selection.COVER,
        selection_note=note,
        covers=membership,
        request=request,
    )
    if coordinator and (original_until is None or original_until > ends_on):
        add_team_member(
            trajectory,
            actor=actor,
            role=membership.role,
            professional=membership.professional,
            organisation_id=membership.organisation_id,
            valid_from=ends_on + datetime.timedelta(days=1),
            valid_until=original_until,
            selection=Selection.COVER,
            selection_note=_("Returns after cover"),
            request=request,
        )
    return _record_handover(
        trajectory,
        "trajectories.handover.cover",
        actor=actor,
        request=request,
        kind=HandoverKind.TEMPORARY,
        from_membership=membership,
        to_membership=cover_place,
        absence=absence,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note.strip(),
    )


@transaction.atomic
def transfer_place(
    membership: CareTeamMembership,
    *,
    to: Professional,
    on: datetime.date,
    note: str,
    actor: User,
    request: HttpRequest | None = None,
) -> Handover:
    """Permanent transfer: the place moves to `to` for good from `on`; history is kept."""
    if not note.strip():
        raise ValidationError(
            _("Write a handover note: the new colleague needs to know where things stand.")
        )
    trajectory = lock_trajectory(membership.trajectory)
    if membership.role == CareTeamRole.COORDINATOR:
        new_place = change_coordinator(
            trajectory, professional=to, actor=actor, on=on, request=request
        )
    else:
        membership.valid_until = max(on - datetime.timedelta(days=1), membership.valid_from)
        membership.save(update_fields=["valid_until"])
        new_place = add_team_member(
            trajectory,
            actor=actor,
            role=membership.role,
            professional=to,
            valid_from=on,
            selection=Selection.TRANSFER,
            selection_note=note,
            request=request,
        )
    return _record_handover(
        trajectory,
        "trajectories.handover.transfer",
        actor=actor,
        request=request,
        kind=HandoverKind.PERMANENT,
        from_membership=membership,
        to_membership=new_place,
        starts_on=on,
        note=note.strip(),
    )


def _record_handover(
    trajectory: Trajectory,
    action: str,
    *,
    actor: User,
    request: HttpRequest | None,
    **handover: Any,
) -> Handover:
    """The handover row (`handover`: its fields), its access event, and the mail to whoever
    takes over (after commit)."""
    row = Handover.objects.create(trajectory=trajectory, created_by=actor, **handover)
    log_event(
        action, trajectory, actor=actor, request=request, obj=row, event_type=EventType.CREATE
    )
    _notify_handover(trajectory, row)
    return row


def _notify_handover(trajectory: Trajectory, handover: Handover) -> None:
    from samenspel.families.models import FamilyMember
    from samenspel.trajectories.tasks import team_emails

    team = team_emails(trajectory.pk, handover.starts_on) + team_emails(
        trajectory.pk, timezone.localdate()
    )
    family = list(
        FamilyMember.objects.filter(family_id=trajectory.family_id, user__isnull=False).values_list(
            "user__email", flat=True
        )
    )
    starts_on = handover.starts_on
    notify(
        team,
        lambda: _("Handover in a family team"),
        lambda: (
            _(
                "Someone covers or takes over a place in a family team from %(date)s. "
                "Read the handover note in Samenspel."
            )
            % {"date": local_date(starts_on)}
        ),
    )
    # Plain language (B1) for the family.
    notify(
        family,
        lambda: _("Someone else helps you for a while"),
        lambda: (
            _("From %(date)s another professional helps your family. You can see who in Samenspel.")
            % {"date": local_date(starts_on)}
        ),
    )


# --- absence -------------------------------------------------------------------------------


def affected_places(absence: Absence) -> list[CareTeamMembership]:
    """Every open team place of the absent professional during the absence, in every team
    and network (not only the reporter's)."""
    end = absence.ends_on or absence.starts_on
    return list(
        CareTeamMembership.objects.filter(
            professional=absence.professional, trajectory__closed_on__isnull=True
        )
        .overlapping(absence.starts_on, end)
        .select_related("trajectory__family", "trajectory__network")
        .order_by("trajectory_id", "id")
    )


@transaction.atomic
def report_absence(
    professional: Professional,
    *,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    actor: User,
    note: str = "",
    request: HttpRequest | None = None,
) -> Absence:
    """Record an absence (one's own, or a colleague's by a coordinator) and tell the
    coordinator of every family team it touches, so each can arrange cover: no family
    details in the mail, a link to the handover page."""
    from django.urls import reverse

    from samenspel import audit
    from samenspel.network.models import Absence

    absence = Absence(
        professional=professional, kind=kind, starts_on=starts_on, ends_on=ends_on, note=note
    )
    absence.full_clean()
    absence.save()
    audit.record(
        EventType.CREATE, "trajectories.absence.create", actor=actor, request=request, obj=absence
    )
    trajectories = {place.trajectory_id for place in affected_places(absence)}
    coordinators = sorted(
        set(
            CareTeamMembership.objects.active_on(timezone.localdate())
            .coordinators()
            .filter(trajectory_id__in=trajectories, professional__isnull=False)
            .exclude(professional=professional)
            .exclude(professional__user=actor)
            .values_list("professional__user__email", flat=True)
        )
    )
    if coordinators:
        path = reverse("trajectories:handover", args=[absence.pk])
        url = request.build_absolute_uri(path) if request is not None else path
        name = str(professional)
        notify(
            coordinators,
            lambda: _("A team member is absent: arrange cover"),
            lambda: (
                _(
                    "%(name)s is absent from %(start)s until %(end)s and is in a family team you "
                    "coordinate. Arrange cover in Samenspel: %(url)s"
                )
                % {
                    "name": name,
                    "start": local_date(starts_on),
                    "end": local_date(ends_on) if ends_on else "…",
                    "url": url,
                }
            ),
        )
    return absence
