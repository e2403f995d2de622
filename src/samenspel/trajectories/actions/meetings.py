"""The walk-along journal and meetings (MDO, evaluation, process review)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from samenspel.audit.models import EventType
from samenspel.trajectories.actions.common import log_event, notify, touch
from samenspel.trajectories.models import (
    FollowUpAction,
    Meeting,
    MeetingKind,
    Observation,
    Participant,
    Perspective,
    Trajectory,
    TrajectorySettings,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from samenspel.accounts.models import User
    from samenspel.network.models import Professional


# --- walk-along journal --------------------------------------------------------------------


@transaction.atomic
def add_observation(
    trajectory: Trajectory,
    *,
    life_domain: str,
    kind: str,
    text: str,
    actor: User,
    observed_on: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> Observation:
    from samenspel.plans.queries import life_domains

    if trajectory.is_closed:
        raise ValidationError(_("This trajectory is closed."))
    if not life_domains().filter(code=life_domain).exists():
        raise ValidationError({"life_domain": _("Choose one of the life domains.")})
    observation = Observation(
        trajectory=trajectory,
        life_domain=life_domain,
        kind=kind,
        text=text.strip(),
        observed_on=observed_on or timezone.localdate(),
        author=actor,
    )
    if observation.observed_on > timezone.localdate():
        raise ValidationError(_("An observation cannot be dated in the future."))
    observation.full_clean()
    observation.save()
    log_event(
        "trajectories.observation.create",
        trajectory,
        actor=actor,
        request=request,
        obj=observation,
        event_type=EventType.CREATE,
    )
    return observation


# --- meetings ------------------------------------------------------------------------------


def open_agenda_items(trajectory: Trajectory) -> list[str]:
    """The agenda a meeting starts from: the open goals and actions of the agreed family plan
    (confidential goals left out: every invitee reads the agenda) and open follow-up actions
    of earlier meetings."""
    from samenspel.plans.queries import open_goals_and_actions

    plan = open_goals_and_actions(trajectory)
    items = [_("Goal: %(text)s") % {"text": goal.title} for goal in plan.goals]
    items += [_("Action: %(text)s") % {"text": action.what} for action in plan.actions]
    items += [
        _("Follow-up: %(text)s (%(owner)s)") % {"text": text, "owner": owner}
        for text, owner in FollowUpAction.objects.filter(
            meeting__trajectory=trajectory, done=False
        ).values_list("description", "owner")[:20]
    ]
    return items


@transaction.atomic
def plan_meeting(
    trajectory: Trajectory,
    *,
    kind: str,
    starts_at: datetime.datetime,
    actor: User,
    duration_minutes: int = 60,
    location: str = "",
    professionals: Iterable[Professional] = (),
    family_members: Iterable[object] = (),
    request: HttpRequest | None = None,
) -> Meeting:
    if trajectory.is_closed:
        raise ValidationError(_("This trajectory is closed."))
    agenda = "\n".join(open_agenda_items(trajectory))
    meeting = Meeting(
        trajectory=trajectory,
        kind=kind,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location.strip(),
        agenda=agenda,
        created_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    Participant.objects.bulk_create(
        [Participant(meeting=meeting, professional=p) for p in professionals]
        + [Participant(meeting=meeting, family_member=m) for m in family_members]  # type: ignore[misc]
    )
    log_event(
        "trajectories.meeting.create",
        trajectory,
        actor=actor,
        request=request,
        obj=meeting,
        event_type=EventType.CREATE,
    )
    emails = list(
        Participant.objects.filter(meeting=meeting, professional__isnull=False).values_list(
            "professional__user__email", flat=True
        )
    )
    local_start = timezone.localtime(meeting.starts_at)
    notify(
        emails,
        lambda: (
            _("Invitation: %(kind)s on %(date)s")
            % {
                "kind": meeting.get_kind_display(),
                "date": formats.date_format(local_start, "j F Y, H:i"),
            }
        ),
        lambda: _(
            "You are invited to a meeting about a family. The invitation (.ics) is in Samenspel."
        ),
    )
    return meeting


@transaction.atomic
def record_meeting(
    meeting: Meeting,
    *,
    actor: User,
    present: Iterable[int],
    integrated_analysis: str,
    decisions: str,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Meeting:
    """Write the meeting's outcome. An evaluation that is held sets the next one."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(
            _("Someone else changed this meeting in the meantime. Reload the page and try again.")
        )
    if locked.kind == MeetingKind.MDO and not integrated_analysis.strip():
        raise ValidationError(_("An MDO ends with one integrated analysis: write it down."))
    present_ids = set(present)
    for participant in locked.participants.all():
        if participant.present != (participant.pk in present_ids):
            participant.present = participant.pk in present_ids
            participant.save(update_fields=["present"])
    locked.integrated_analysis = integrated_analysis.strip()
    locked.decisions = decisions.strip()
    locked.held = True
    locked.version += 1
    locked.sequence += 1
    locked.save()
    trajectory = locked.trajectory
    if locked.kind == MeetingKind.EVALUATION:
        rhythm = TrajectorySettings.for_network(trajectory.network_id)
        touch(
            trajectory,
            next_evaluation_on=timezone.localdate(locked.starts_at)
            + datetime.timedelta(weeks=rhythm.evaluation_interval_weeks),
        )
    log_event("trajectories.meeting.record", trajectory, actor=actor, request=request, obj=locked)
    return locked


@transaction.atomic
def add_perspective(
    meeting: Meeting,
    *,
    discipline: str,
    text: str,
    actor: User,
    written_for: Professional | None = None,
    request: HttpRequest | None = None,
) -> Perspective:
    """A discipline's view in the meeting; `written_for` when the author writes it down for
    a contributor who is absent (a participant of the meeting)."""
    if (
        written_for is not None
        and not meeting.participants.filter(professional=written_for).exists()
    ):
        raise ValidationError(_("Write a perspective for someone invited to this meeting."))
    perspective = Perspective(
        meeting=meeting,
        discipline=discipline.strip(),
        text=text.strip(),
        author=actor,
        written_for=written_for,
    )
    perspective.full_clean()
    perspective.save()
    log_event(
        "trajectories.perspective.create",
        meeting.trajectory,
        actor=actor,
        request=request,
        obj=perspective,
        event_type=EventType.CREATE,
        detail={"written_for": written_for.pk} if written_for else None,
    )
    return perspective


@transaction.atomic
def add_follow_up(
    meeting: Meeting,
    *,
    description: str,
    owner: str,
    due_on: datetime.date | None,
    actor: User,
    request: HttpRequest | None = None,
) -> FollowUpAction:
    action = FollowUpAction(
        meeting=meeting, description=description.strip(), owner=owner.strip(), due_on=due_on
    )
    action.full_clean()
    action.save()
    log_event(
        "trajectories.follow_up.create",
        meeting.trajectory,
        actor=actor,
        request=request,
        obj=action,
        event_type=EventType.CREATE,
    )
    return action
