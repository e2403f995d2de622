"""Time pages: quick entry, the week view to check and correct, and held meetings to book."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.accounts.models import Role
from samenspel.analytics.suppression import min_cell_size
from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.core.validators import whole_number
from samenspel.insight import actions, figures, importing, queries
from samenspel.insight.forms import (
    ChangeTimeEntryForm,
    TimeEntryForm,
    TimeImportForm,
    default_entry,
)
from samenspel.insight.models import Activity, TimeEntry
from samenspel.network.models import Network, Organisation, Professional
from samenspel.trajectories.models import Meeting, Trajectory


def _professional(request: AuthenticatedHttpRequest) -> Professional:
    professional = Professional.objects.filter(user=request.user).first()
    if professional is None:
        raise PermissionDenied
    return professional


def _next(request: AuthenticatedHttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def _apply_errors(form: TimeEntryForm | ChangeTimeEntryForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for problem in errors:
                form.add_error(field if field in form.fields else None, problem)
    else:
        form.add_error(None, error)


@login_required
def quick_entry(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Book time: every field has a default (today, the last family, 30 minutes with the
    family), so the usual booking is one click."""
    professional = _professional(request)
    today = timezone.localdate()
    trajectories = queries.my_trajectories(request.user, today=today)
    week_url = reverse("insight:week")
    if request.method == "POST":
        form = TimeEntryForm(request.POST, trajectories=trajectories)
        if form.is_valid():
            trajectory = (
                Trajectory.objects.select_related("family")
                .filter(pk=form.cleaned_data["trajectory"])
                .first()
            )
            if trajectory is None:
                raise Http404
            try:
                entry = actions.record_time(
                    trajectory,
                    professional=professional,
                    worked_on=form.cleaned_data["worked_on"],
                    minutes=form.cleaned_data["minutes"],
                    activity=form.cleaned_data["activity"],
                    actor=request.user,
                    request=request,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(minutes)s minutes booked: %(activity)s.")
                    % {"minutes": entry.minutes, "activity": entry.get_activity_display()},
                )
                return redirect(_next(request, week_url))
    else:
        wanted = request.GET.get("trajectory", "")
        chosen = whole_number(wanted)
        if chosen is None:
            chosen = queries.last_trajectory_id(professional)
        if chosen not in dict(trajectories) and trajectories:
            chosen = trajectories[0][0]
        form = TimeEntryForm(initial=default_entry(chosen, today), trajectories=trajectories)
    return render(
        request,
        "insight/quick_entry.html",
        {"form": form, "has_families": bool(trajectories), "next": _next(request, "")},
    )


@login_required
def week(request: AuthenticatedHttpRequest) -> HttpResponse:
    professional = _professional(request)
    today = timezone.localdate()
    try:
        day = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = today
    monday = queries.monday_of(day)
    return render(
        request,
        "insight/week.html",
        {
            "week": queries.week(professional, monday),
            "previous": monday - datetime.timedelta(days=7),
            "following": monday + datetime.timedelta(days=7) if monday <= today else None,
            "proposals": queries.meeting_proposals(request.user, professional, today=today),
            "today": today,
            "teams": figures.team_split(professional.pk, today=today),
            "min_cell": min_cell_size(),
            "min_others": figures.TEAM_MIN_OTHERS,
            "settle_days": figures.SETTLE_DAYS,
        },
    )


def _own_entry(request: AuthenticatedHttpRequest, entry_id: int) -> TimeEntry:
    # Only one's own entries exist for this page: another's is a 404, not a 403.
    entry = (
        TimeEntry.objects.select_related("trajectory__family")
        .filter(pk=entry_id, professional__user=request.user)
        .first()
    )
    if entry is None:
        raise Http404
    return entry


@login_required
def entry_change(request: AuthenticatedHttpRequest, entry_id: int) -> HttpResponse:
    entry = _own_entry(request, entry_id)
    back = reverse("insight:week") + "?week=" + entry.worked_on.isoformat()
    if request.method == "POST":
        form = ChangeTimeEntryForm(request.POST)
        if form.is_valid():
            try:
                actions.change_time_entry(
                    entry,
                    minutes=form.cleaned_data["minutes"],
                    activity=form.cleaned_data["activity"],
                    worked_on=form.cleaned_data["worked_on"],
                    expected_version=form.cleaned_data["version"],
                    actor=request.user,
                    request=request,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The time entry has been changed."))
                return redirect(back)
    else:
        form = ChangeTimeEntryForm(
            initial={
                "worked_on": entry.worked_on,
                "minutes": entry.minutes,
                "activity": entry.activity,
                "version": entry.version,
            }
        )
    return render(
        request, "insight/entry_change.html", {"form": form, "entry": entry, "back": back}
    )


@require_POST
@login_required
def entry_remove(request: AuthenticatedHttpRequest, entry_id: int) -> HttpResponse:
    entry = _own_entry(request, entry_id)
    back = reverse("insight:week") + "?week=" + entry.worked_on.isoformat()
    actions.remove_time_entry(entry, actor=request.user, request=request)
    messages.success(request, _("The time entry has been removed."))
    return redirect(back)


@require_POST
@login_required
def book_meeting(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """Take over a held meeting's duration as indirect time (MDO)."""
    professional = _professional(request)
    today = timezone.localdate()
    proposals = {
        p.meeting_id: p for p in queries.meeting_proposals(request.user, professional, today=today)
    }
    if meeting_id not in proposals:
        raise Http404
    meeting = Meeting.objects.select_related("trajectory__family").get(pk=meeting_id)
    try:
        actions.record_time(
            meeting.trajectory,
            professional=professional,
            worked_on=proposals[meeting_id].day,
            minutes=meeting.duration_minutes,
            activity=Activity.MDO,
            meeting=meeting,
            actor=request.user,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting has been booked."))
    return redirect(reverse("insight:week") + "?week=" + proposals[meeting_id].day.isoformat())


@role_required(Role.NETWORK_ADMIN)
def time_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Import time from an organisation's own time system: a dry run first, lines with
    problems named, then everything or nothing."""
    scope = request.user.networks_with_role(Role.NETWORK_ADMIN)
    organisations = Organisation.objects.order_by("name")
    if scope is not None:
        organisations = organisations.filter(memberships__network_id__in=scope).distinct()
    form = TimeImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    problems: list[importing.Problem] = []
    checked = 0
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        organisation = form.cleaned_data["organisation"]
        try:
            rows = importing.read_rows(upload, upload.name)
        except importing.UnreadableFileError as error:
            form.add_error("file", str(error))
        else:
            good, problems = importing.check_rows(rows, organisation)
            checked = len(rows)
            if not problems and not form.cleaned_data["dry_run"]:
                created, updated = actions.import_time_entries(
                    good, organisation, actor=request.user, request=request
                )
                messages.success(
                    request,
                    _("%(created)s time entries imported, %(updated)s updated.")
                    % {"created": created, "updated": updated},
                )
                return redirect("insight:time_import")
    return render(
        request,
        "insight/import.html",
        {"form": form, "problems": problems, "checked": checked},
    )


@role_required(Role.COORDINATOR, Role.NETWORK_ADMIN, Role.POLICY_ADVISER)
def network_time(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Direct and indirect time of the user's networks per finished quarter, per
    organisation; small groups suppressed as on the figures page."""
    scope: set[int] = set()
    everywhere = False
    for role in (Role.COORDINATOR, Role.NETWORK_ADMIN, Role.POLICY_ADVISER):
        if request.user.has_role(role):
            networks = request.user.networks_with_role(role)
            if networks is None:
                everywhere = True
            else:
                scope |= set(networks)
    chosen = Network.objects.order_by("name")
    if not everywhere:
        chosen = chosen.filter(pk__in=scope)
    today = timezone.localdate()
    return render(
        request,
        "insight/network_time.html",
        {
            "networks": [
                (network, figures.network_split(network.pk, today=today)) for network in chosen[:20]
            ],
            "min_cell": min_cell_size(),
        },
    )
