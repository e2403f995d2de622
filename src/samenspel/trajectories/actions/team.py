"""Phases and the care team: phase moves, team places, team request, direct requests."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.audit.models import EventType
from samenspel.trajectories.actions.common import lock_trajectory, log_event, notify, touch
from samenspel.trajectories.models import (
    CareTeamMembership,
    CareTeamRole,
    DirectRequest,
    Phase,
    RequestStatus,
    Selection,
    TeamRequest,
    Trajectory,
    TrajectorySettings,
)
from samenspel.trajectories.phases import transition_problems

if TYPE_CHECKING:
    from django.http import HttpRequest

    from samenspel.accounts.models import User
    from samenspel.network.models import Area, Expertise, Language, Professional


# --- phases ------------------------------------------------------------------------------


@transaction.atomic
def move_to_phase(
    trajectory: Trajectory,
    target: str,
    *,
    actor: User,
    request: HttpRequest | None = None,
    expected_version: int | None = None,
    skip_reason: str = "",
) -> Trajectory:
    locked = lock_trajectory(trajectory, expected_version)
    problems = transition_problems(locked, target, skip_reason=skip_reason)
    if problems:
        raise ValidationError(problems)
    today = timezone.localdate()
    rhythm = TrajectorySettings.for_network(locked.network_id)
    fields: dict[str, object] = {"phase": target, "phase_since": today}
    if target == Phase.WALK_ALONG:
        fields["walk_along_until"] = today + datetime.timedelta(weeks=rhythm.walk_along_weeks)
    if target == Phase.PLAN and locked.phase == Phase.WALK_ALONG:
        fields["mdo_skipped_reason"] = skip_reason.strip()
    if target == Phase.EXECUTION and locked.next_evaluation_on is None:
        # The next evaluation is always known once the plan runs.
        fields["next_evaluation_on"] = today + datetime.timedelta(
            weeks=rhythm.evaluation_interval_weeks
        )
    previous = locked.phase
    touch(locked, **fields)
    if target == Phase.WALK_ALONG:
        # The start of help: the profile is derived now, from the help question and the team
        # just composed, and kept with the version it was classified with (insight app).
        from samenspel.insight.actions import classify_trajectory

        classify_trajectory(locked, actor=actor)
    log_event(
        "trajectories.trajectory.phase",
        locked,
        actor=actor,
        request=request,
        detail={"from": previous, "to": target, "skip_reason": skip_reason.strip()},
    )
    return locked


# --- care team -----------------------------------------------------------------------------


def _check_one_coordinator(
    trajectory: Trajectory, start: datetime.date, end: datetime.date | None, *, ignore: int | None
) -> None:
    clash = (
        CareTeamMembership.objects.coordinators()
        .filter(trajectory=trajectory)
        .overlapping(start, end)
    )
    if ignore is not None:
        clash = clash.exclude(pk=ignore)
    if clash.exists():
        raise ValidationError(
            _(
                "This trajectory already has a coordinator in that period; change the coordinator "
                "instead of adding a second one."
            )
        )


@transaction.atomic
def add_team_member(
    trajectory: Trajectory,
    *,
    actor: User,
    role: str,
    professional: Professional | None = None,
    name: str = "",
    organisation_id: int | None = None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    selection: str = Selection.OTHER,
    selection_note: str = "",
    covers: CareTeamMembership | None = None,
    request: HttpRequest | None = None,
) -> CareTeamMembership:
    locked = lock_trajectory(trajectory)
    if locked.is_closed:
        raise ValidationError(_("This trajectory is closed; re-open it to change the team."))
    start = valid_from or timezone.localdate()
    if role == CareTeamRole.COORDINATOR:
        _check_one_coordinator(locked, start, valid_until, ignore=None)
    if professional is not None and covers is None:
        duplicate = (
            locked.team_memberships.filter(professional=professional, role=role)
            .overlapping(start, valid_until)
            .exists()
        )
        if duplicate:
            raise ValidationError(
                _("%(name)s already has this role on the team.") % {"name": professional}
            )
    if selection == Selection.FAMILY_CHOICE and not selection_note.strip():
        raise ValidationError(_("Record why the family chose otherwise than proposed."))
    membership = CareTeamMembership(
        trajectory=locked,
        professional=professional,
        name=name,
        role=role,
        organisation_id=organisation_id
        or (professional.home_organisation_id if professional else None),
        valid_from=start,
        valid_until=valid_until,
        selection=selection,
        selection_note=selection_note.strip(),
        covers=covers,
        created_by=actor,
    )
    membership.full_clean()
    membership.save()
    touch(locked)
    log_event(
        "trajectories.team.add",
        locked,
        actor=actor,
        request=request,
        obj=membership,
        event_type=EventType.CREATE,
        detail={"role": role, "selection": selection},
    )
    return membership


@transaction.atomic
def change_coordinator(
    trajectory: Trajectory,
    *,
    professional: Professional,
    actor: User,
    on: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> CareTeamMembership:
    """Hand the coordinator role to `professional` from `on`: the current place ends the day
    before, so there is exactly one coordinator on every day."""
    locked = lock_trajectory(trajectory)
    on = on or timezone.localdate()
    current = (
        CareTeamMembership.objects.coordinators()
        .filter(trajectory=locked)
        .overlapping(on, None)
        .order_by("valid_from")
        .first()
    )
    if current is not None:
        if current.professional_id == professional.pk:
            raise ValidationError(
                _("%(name)s is already the coordinator.") % {"name": professional}
            )
        if current.valid_from >= on:
            current.delete()
        else:
            current.valid_until = on - datetime.timedelta(days=1)
            current.save(update_fields=["valid_until"])
    membership = add_team_member(
        locked,
        actor=actor,
        role=CareTeamRole.COORDINATOR,
        professional=professional,
        valid_from=on,
        request=request,
    )
    return membership


@transaction.atomic
def end_membership(
    membership: CareTeamMembership,
    *,
    actor: User,
    on: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> CareTeamMembership:
    if membership.role == CareTeamRole.COORDINATOR:
        raise ValidationError(
            _("The coordinator cannot simply leave: hand the role to someone else first.")
        )
    locked = lock_trajectory(membership.trajectory)
    on = on or timezone.localdate()
    membership.valid_until = max(on, membership.valid_from)
    membership.save(update_fields=["valid_until"])
    touch(locked)
    log_event("trajectories.team.end", locked, actor=actor, request=request, obj=membership)
    return membership


@transaction.atomic
def take_on_registration(
    trajectory: Trajectory,
    *,
    coordinator: Professional,
    actor: User,
    request: HttpRequest | None = None,
) -> Trajectory:
    """A registration waiting for a team gets its coordinator, and team composition starts."""
    locked = lock_trajectory(trajectory)
    if locked.phase != Phase.REGISTRATION:
        raise ValidationError(_("This registration has already been taken on."))
    add_team_member(
        locked,
        actor=actor,
        role=CareTeamRole.COORDINATOR,
        professional=coordinator,
        request=request,
    )
    moved = move_to_phase(locked, Phase.TEAM_COMPOSITION, actor=actor, request=request)
    send_referrers_request(moved, actor=actor, request=request)
    return moved


def send_referrers_request(
    trajectory: Trajectory, *, actor: User, request: HttpRequest | None
) -> None:
    """The wíe-vraag named at registration goes out now the trajectory starts: asked in the
    referrer's name, with their reason (source 002)."""
    from samenspel.families.models import Registration

    registration = (
        Registration.objects.filter(trajectory=trajectory)
        .select_related("asked_professional__user", "registered_by")
        .first()
    )
    if registration is None or registration.asked_professional is None:
        return
    if trajectory.team_memberships.filter(professional=registration.asked_professional).exists():
        return  # the coordinator took the registration on themselves: nothing to ask
    ask_professional(
        trajectory,
        professional=registration.asked_professional,
        message=registration.asked_reason or _("Asked for at registration."),
        actor=actor,
        requested_by=registration.registered_by,
        request=request,
    )


@transaction.atomic
def save_team_request(
    trajectory: Trajectory,
    *,
    actor: User,
    needed_expertise: Iterable[Expertise],
    languages: Iterable[Language] = (),
    area: Area | None = None,
    preferred: Iterable[Professional] = (),
    preference_note: str = "",
    request: HttpRequest | None = None,
) -> TeamRequest:
    locked = lock_trajectory(trajectory)
    team_request, _created = TeamRequest.objects.get_or_create(trajectory=locked)
    team_request.area = area
    team_request.preference_note = preference_note.strip()
    team_request.updated_at = timezone.now()
    team_request.save()
    team_request.needed_expertise.set(needed_expertise)
    team_request.languages.set(languages)
    team_request.preferred.set(preferred)
    log_event(
        "trajectories.team_request.update", locked, actor=actor, request=request, obj=team_request
    )
    return team_request


@transaction.atomic
def ask_professional(
    trajectory: Trajectory,
    *,
    professional: Professional,
    message: str,
    actor: User,
    role: str = CareTeamRole.SPECIALIST,
    requested_by: User | None = None,
    request: HttpRequest | None = None,
) -> DirectRequest:
    """Source 002: the referrer asks for a specific professional whose expertise fits.
    `requested_by`: the referrer when the coordinator sends the question they wrote down at
    registration (the actor is then the coordinator)."""
    locked = lock_trajectory(trajectory)
    if not message.strip():
        raise ValidationError(_("Say why you ask this professional."))
    if DirectRequest.objects.filter(
        trajectory=locked, professional=professional, status=RequestStatus.PENDING
    ).exists():
        raise ValidationError(
            _("This professional has already been asked and has not answered yet.")
        )
    direct = DirectRequest.objects.create(
        trajectory=locked,
        professional=professional,
        role=role,
        message=message.strip(),
        requested_by=requested_by or actor,
    )
    log_event(
        "trajectories.direct_request.create",
        locked,
        actor=actor,
        request=request,
        obj=direct,
        event_type=EventType.CREATE,
    )
    notify(
        [professional.user.email],
        lambda: _("You have been asked to join a family team"),
        lambda: _("A colleague asks you to join a family's team. Answer the request in Samenspel."),
    )
    return direct


@transaction.atomic
def answer_direct_request(
    direct: DirectRequest,
    *,
    accept: bool,
    reason: str,
    actor: User,
    on_behalf: bool = False,
    request: HttpRequest | None = None,
) -> DirectRequest:
    """The professional asked answers; or, `on_behalf`, the coordinator answers for someone
    without a login or who does not answer, always with the reason (the view checks the
    coordinator)."""
    locked = DirectRequest.objects.select_for_update().get(pk=direct.pk)
    if locked.status != RequestStatus.PENDING:
        raise ValidationError(_("This request has already been answered."))
    if not on_behalf and locked.professional.user_id != actor.pk:
        raise ValidationError(_("Only the professional who was asked can answer."))
    if on_behalf and not reason.strip():
        raise ValidationError(_("Say why you answer on their behalf, and what they told you."))
    if not accept and not reason.strip():
        raise ValidationError(
            _("Give a reason when you decline, so the coordinator can ask someone else.")
        )
    locked.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    locked.answer_reason = reason.strip()
    locked.answered_at = timezone.now()
    locked.answered_by = actor if on_behalf else None
    locked.save()
    if accept:
        add_team_member(
            locked.trajectory,
            actor=actor,
            role=locked.role,
            professional=locked.professional,
            selection=Selection.DIRECT_REQUEST,
            selection_note=locked.message,
            request=request,
        )
    log_event(
        "trajectories.direct_request.answer",
        locked.trajectory,
        actor=actor,
        request=request,
        obj=locked,
        detail={"status": locked.status, "on_behalf": on_behalf},
    )
    if locked.requested_by is not None and locked.requested_by_id != actor.pk:
        notify(
            [locked.requested_by.email],
            lambda: _("Your request was answered"),
            lambda: (
                _("The professional you asked answered your request: %(status)s.")
                % {"status": locked.get_status_display()}
            ),
        )
    return locked


@transaction.atomic
def withdraw_direct_request(
    direct: DirectRequest,
    *,
    reason: str,
    actor: User,
    ask_instead: Professional | None = None,
    request: HttpRequest | None = None,
) -> DirectRequest | None:
    """The coordinator withdraws a request nobody answers (with the reason), and may send it
    to someone else at once: the same role and message. Returns the new request, if any."""
    locked = DirectRequest.objects.select_for_update().get(pk=direct.pk)
    if locked.status != RequestStatus.PENDING:
        raise ValidationError(_("This request has already been answered."))
    if not reason.strip():
        raise ValidationError(_("Say why the request is withdrawn."))
    if ask_instead is not None and ask_instead.pk == locked.professional_id:
        raise ValidationError(_("Choose someone else than the professional asked."))
    locked.status = RequestStatus.WITHDRAWN
    locked.answer_reason = reason.strip()
    locked.answered_at = timezone.now()
    locked.answered_by = actor
    locked.save()
    log_event(
        "trajectories.direct_request.withdraw",
        locked.trajectory,
        actor=actor,
        request=request,
        obj=locked,
        detail={"ask_instead": ask_instead.pk if ask_instead else None},
    )
    if ask_instead is None:
        return None
    return ask_professional(
        locked.trajectory,
        professional=ask_instead,
        message=locked.message,
        role=locked.role,
        actor=actor,
        request=request,
    )


@transaction.atomic
def add_walk_along_pair(
    trajectory: Trajectory,
    *,
    professionals: list[Professional],
    reason: str,
    actor: User,
    request: HttpRequest | None = None,
) -> list[CareTeamMembership]:
    """Take over a proposed walk-along pair in one step: both join as walk-along
    professionals (chosen from the proposal, with its reason); whoever already walks along
    is kept, not added twice."""
    if len(professionals) != 2 or professionals[0].pk == professionals[1].pk:
        raise ValidationError(_("A walk-along pair is two different professionals."))
    already = set(
        trajectory.team_memberships.active_on(timezone.localdate())
        .filter(role=CareTeamRole.WALK_ALONG)
        .values_list("professional_id", flat=True)
    )
    return [
        add_team_member(
            trajectory,
            actor=actor,
            role=CareTeamRole.WALK_ALONG,
            professional=professional,
            selection=Selection.PROPOSAL,
            selection_note=reason,
            request=request,
        )
        for professional in professionals
        if professional.pk not in already
    ]
