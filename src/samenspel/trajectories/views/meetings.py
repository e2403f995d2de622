from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.access.policy import Action, Decision
from samenspel.audit.models import EventType
from samenspel.core.http import AuthenticatedHttpRequest, render_page
from samenspel.families.models import DataCategory
from samenspel.trajectories import actions
from samenspel.trajectories.access import (
    get_meeting_for_user,
    get_trajectory_for_user,
    read_meeting_for_user,
)
from samenspel.trajectories.forms import (
    FollowUpForm,
    MeetingForm,
    PerspectiveForm,
    RecordMeetingForm,
)
from samenspel.trajectories.ical import meeting_ics
from samenspel.trajectories.models import Meeting, MeetingKind, Participant
from samenspel.trajectories.phases import meeting_step, step_problems
from samenspel.trajectories.views.guard import phase_guard


@login_required
def meeting_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trajectory = get_trajectory_for_user(
        request,
        pk,
        action=Action.EDIT,
        audit_action="trajectories.meeting.create",
        event_type=EventType.CREATE if request.method == "POST" else EventType.READ,
    )
    # The kind asked for (a link "Plan the MDO", or the posted form) decides the phase
    # step; a kind the phase does not allow yet explains why and links to what can be done.
    asked = request.POST.get("kind") or request.GET.get("kind") or ""
    if asked in MeetingKind.values and (
        refusal := phase_guard(request, trajectory, meeting_step(asked))
    ):
        return refusal
    form = MeetingForm(
        request.POST or None,
        trajectory=trajectory,
        initial={"kind": asked} if asked in MeetingKind.values else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.plan_meeting(
                trajectory, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting has been planned and the invitations sent."))
            return redirect("trajectories:meeting", meeting_id=meeting.pk)
    return render_page(
        request, "trajectories/meeting_form.html", {"trajectory": trajectory, "form": form}
    )


def _meeting_context(
    meeting: Meeting, participants: list[Participant], decision: Decision, **forms: object
) -> dict[str, Any]:
    # The meeting's content is about the help and the plan; a reader without that category
    # sees when and where only, and a reader who sees part of the file cannot record it.
    return {
        "meeting": meeting,
        "trajectory": meeting.trajectory,
        "decision": decision,
        "sees_content": decision.sees(DataCategory.HELP_QUESTIONS),
        "may_edit": decision.allows(Action.EDIT),
        # Recording (held, perspectives, follow-up) belongs to a phase: an MDO is recorded
        # from the phase MDO on, not during the walk-along it analyses.
        "record_problems": (
            step_problems(meeting.trajectory, step)
            if (step := meeting_step(meeting.kind, record=True))
            else []
        ),
        "participants": [
            p
            for p in participants
            if p.family_member_id is None or decision.sees_member(p.family_member_id)
        ],
        "perspectives": list(meeting.perspectives.select_related("author")),
        "follow_ups": list(meeting.follow_ups.all()),
        "agenda": [line for line in meeting.agenda.splitlines() if line.strip()],
        "record_form": forms.get("record_form")
        or RecordMeetingForm(
            participants=participants,
            initial={
                "version": meeting.version,
                "present": [p.pk for p in participants if p.present],
                "integrated_analysis": meeting.integrated_analysis,
                "decisions": meeting.decisions,
            },
        ),
        "perspective_form": forms.get("perspective_form")
        or PerspectiveForm(participants=participants),
        "follow_up_form": forms.get("follow_up_form") or FollowUpForm(),
    }


def _participants(meeting: Meeting) -> list[Participant]:
    return list(
        Participant.objects.filter(meeting=meeting).select_related(
            "professional__user", "family_member"
        )
    )


@login_required
def meeting_detail(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """The meeting: agenda, participants, perspectives, the integrated analysis, decisions and
    follow-up actions. POST records the outcome (with the version the page showed)."""
    is_post = request.method == "POST"
    meeting, decision = read_meeting_for_user(
        request,
        meeting_id,
        action=Action.EDIT if is_post else Action.VIEW,
        event_type=EventType.UPDATE if is_post else EventType.READ,
        audit_action="trajectories.meeting.record" if is_post else "trajectories.meeting.read",
    )
    if is_post and (
        refusal := phase_guard(request, meeting.trajectory, meeting_step(meeting.kind, record=True))
    ):
        return refusal
    participants = _participants(meeting)
    record_form = (
        RecordMeetingForm(request.POST or None, participants=participants) if is_post else None
    )
    if record_form is not None and record_form.is_valid():
        try:
            actions.record_meeting(
                meeting,
                actor=request.user,
                request=request,
                present=record_form.cleaned_data["present"],
                integrated_analysis=record_form.cleaned_data["integrated_analysis"],
                decisions=record_form.cleaned_data["decisions"],
                expected_version=record_form.cleaned_data["version"],
            )
        except ValidationError as error:
            record_form.add_error(None, error)
        else:
            messages.success(request, _("The meeting has been recorded."))
            return redirect("trajectories:meeting", meeting_id=meeting_id)
    context = _meeting_context(meeting, participants, decision, record_form=record_form)
    return render_page(
        request, "trajectories/meeting_detail.html", context, status=422 if record_form else 200
    )


@login_required
@require_POST
def perspective_add(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting, decision = read_meeting_for_user(
        request,
        meeting_id,
        action=Action.EDIT,
        audit_action="trajectories.perspective.create",
        event_type=EventType.CREATE,
    )
    if refusal := phase_guard(request, meeting.trajectory, meeting_step(meeting.kind, record=True)):
        return refusal
    participants = _participants(meeting)
    form = PerspectiveForm(request.POST, participants=participants)
    if form.is_valid():
        actions.add_perspective(meeting, actor=request.user, request=request, **form.cleaned_data)
        messages.success(request, _("Your perspective has been added."))
        return redirect("trajectories:meeting", meeting_id=meeting_id)
    context = _meeting_context(meeting, participants, decision, perspective_form=form)
    return render_page(
        request, "trajectories/meeting_detail.html", context, status=422 if form.errors else 200
    )


@login_required
@require_POST
def follow_up_add(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting, decision = read_meeting_for_user(
        request,
        meeting_id,
        action=Action.EDIT,
        audit_action="trajectories.follow_up.create",
        event_type=EventType.CREATE,
    )
    if refusal := phase_guard(request, meeting.trajectory, meeting_step(meeting.kind, record=True)):
        return refusal
    form = FollowUpForm(request.POST)
    if form.is_valid():
        actions.add_follow_up(meeting, actor=request.user, request=request, **form.cleaned_data)
        messages.success(request, _("The follow-up action has been added."))
        return redirect("trajectories:meeting", meeting_id=meeting_id)
    context = _meeting_context(meeting, _participants(meeting), decision, follow_up_form=form)
    return render_page(
        request, "trajectories/meeting_detail.html", context, status=422 if form.errors else 200
    )


@login_required
def meeting_calendar(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """The invitation as iCalendar (RFC 5545): no family details in it, only a link."""
    meeting = get_meeting_for_user(
        request,
        meeting_id,
        action=Action.EXPORT,
        audit_action="trajectories.meeting.export",
        event_type=EventType.EXPORT,
    )
    url = request.build_absolute_uri(f"/trajectories/meetings/{meeting.pk}/")
    body = meeting_ics(meeting, _participants(meeting), url=url, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="samenspel-{meeting.pk}.ics"'
    return response
