from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.access.policy import (
    Action,
    Decision,
    after_closure_closures,
    get_family_for_user,
)
from samenspel.access.scope import domain_category
from samenspel.audit.models import EventType
from samenspel.core.http import AuthenticatedHttpRequest, render_page
from samenspel.core.paging import paginate
from samenspel.families.models import DataCategory
from samenspel.plans.queries import life_domain_labels
from samenspel.trajectories import actions
from samenspel.trajectories.access import (
    get_trajectory_for_user,
    may_coordinate,
    read_trajectory_for_user,
    require_coordinator,
)
from samenspel.trajectories.forms import (
    CloseForm,
    CoordinatorForm,
    FollowUpCheckForm,
    ObservationForm,
    PhaseForm,
)
from samenspel.trajectories.models import (
    CareTeamMembership,
    Closure,
    DirectRequest,
    Handover,
    Meeting,
    Observation,
    Phase,
    Trajectory,
)
from samenspel.trajectories.phases import (
    Step,
    current_step,
    next_phases,
    step_problems,
    transition_problems,
)
from samenspel.trajectories.queries import absence_label, absent_until
from samenspel.trajectories.views.common import report
from samenspel.trajectories.views.guard import phase_guard

JOURNAL_PAGE = 20


def _journal(
    trajectory: Trajectory, decision: Decision, labels: dict[str, str]
) -> tuple[QuerySet[Observation], int]:
    """The journal entries this reader may see (the journal category, and the category of
    each entry's life domain), and how many are withheld. `labels`: the life domains."""
    observations = Observation.objects.filter(trajectory=trajectory)
    if decision.scope is None:
        return observations.select_related("author"), 0
    domains = [
        domain
        for domain in labels
        if decision.sees(DataCategory.JOURNAL) and decision.sees(domain_category(domain))
    ]
    shown = observations.filter(life_domain__in=domains)
    return shown.select_related("author"), observations.count() - shown.count()


def _detail_context(
    request: AuthenticatedHttpRequest, trajectory: Trajectory, decision: Decision
) -> dict[str, Any]:
    today = timezone.localdate()
    labels = life_domain_labels()
    observations, withheld_observations = _journal(trajectory, decision, labels)
    team = list(
        CareTeamMembership.objects.filter(trajectory=trajectory)
        .select_related("professional__user", "organisation")
        .order_by("-valid_until", "role", "valid_from", "id")
    )
    journal = paginate(
        request,
        observations,
        param="journal",
        per_page=JOURNAL_PAGE,
    )
    for observation in journal.object_list:
        observation.life_domain_label = labels.get(observation.life_domain, observation.life_domain)
    moves = [
        (value, label, transition_problems(trajectory, value))
        for value, label in next_phases(trajectory)
    ]
    absent = absent_until([m.professional_id for m in team], today)
    return {
        "trajectory": trajectory,
        "today": today,
        "team": [(m, m.active_on(today)) for m in team],
        "absent": {pk: absence_label(until) for pk, until in absent.items()},
        "journal": journal,
        "withheld_observations": withheld_observations,
        "decision": decision,
        "may_edit": decision.allows(Action.EDIT),
        "observation_form": ObservationForm(labels=labels),
        "meetings": list(Meeting.objects.filter(trajectory=trajectory)[:10]),
        "requests": list(
            DirectRequest.objects.filter(trajectory=trajectory).select_related(
                "professional__user"
            )[:10]
        ),
        "handovers": list(
            Handover.objects.filter(trajectory=trajectory).select_related(
                "from_membership__professional__user", "to_membership__professional__user"
            )[:10]
        ),
        "closure": Closure.objects.filter(trajectory=trajectory).first(),
        "moves": moves,
        "observe_problems": step_problems(trajectory, Step.OBSERVE),
        "current_step": current_step(trajectory),
        "can_steer": may_coordinate(request.user, trajectory),
        "coordinator_form": CoordinatorForm(network_id=trajectory.network_id, prefix="coordinator"),
        "Phase": Phase,
    }


@login_required
def trajectory_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trajectory, decision = read_trajectory_for_user(
        request,
        pk,
        action=Action.VIEW,
        audit_action="trajectories.trajectory.read",
        event_type=EventType.READ,
    )
    return render_page(
        request,
        "trajectories/trajectory_detail.html",
        _detail_context(request, trajectory, decision),
    )


@login_required
@require_POST
def phase_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trajectory = get_trajectory_for_user(
        request,
        pk,
        action=Action.EDIT,
        audit_action="trajectories.trajectory.phase",
        event_type=EventType.UPDATE,
    )
    require_coordinator(request.user, trajectory)
    form = PhaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; reload the page and try again."))
        return redirect("trajectories:detail", pk=pk)
    try:
        actions.move_to_phase(
            trajectory,
            form.cleaned_data["target"],
            actor=request.user,
            request=request,
            expected_version=form.cleaned_data["version"],
            skip_reason=form.cleaned_data["skip_reason"],
        )
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(
            request,
            _("The trajectory is now in the phase %(phase)s.")
            % {"phase": Phase(form.cleaned_data["target"]).label},
        )
    return redirect("trajectories:detail", pk=pk)


@login_required
@require_POST
def observation_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trajectory, decision = read_trajectory_for_user(
        request,
        pk,
        action=Action.EDIT,
        audit_action="trajectories.observation.create",
        event_type=EventType.CREATE,
    )
    if refusal := phase_guard(request, trajectory, Step.OBSERVE):
        return refusal
    form = ObservationForm(request.POST, labels=life_domain_labels())
    if form.is_valid():
        try:
            actions.add_observation(
                trajectory, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not request.htmx:
                messages.success(request, _("The observation was added to the journal."))
                return redirect("trajectories:detail", pk=pk)
            form = ObservationForm(labels=form.labels)
    context = _detail_context(request, trajectory, decision) | {"observation_form": form}
    status = 422 if form.errors else 200
    return render_page(
        request, "trajectories/trajectory_detail.html", context, partial="journal", status=status
    )


@login_required
def close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trajectory = get_trajectory_for_user(
        request,
        pk,
        action=Action.EDIT,
        audit_action="trajectories.trajectory.close",
        event_type=EventType.UPDATE if request.method == "POST" else EventType.READ,
    )
    require_coordinator(request.user, trajectory)
    form = CloseForm(request.POST or None, initial={"version": trajectory.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.close_trajectory(
                trajectory,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                mutual_agreement=form.cleaned_data["mutual_agreement"],
                satisfaction=form.cleaned_data["satisfaction"],
                expected_version=form.cleaned_data["version"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The trajectory is closed. A follow-up check has been scheduled.")
            )
            return redirect("core:home")
    return render_page(request, "trajectories/close.html", {"trajectory": trajectory, "form": form})


def _last_coordinator_closure(request: AuthenticatedHttpRequest, pk: int) -> Closure:
    """A closed file is no longer visible through the team; the follow-up check (indicator
    3.2) is answered by its last coordinator, who sees only the question, not the file."""
    closure = Closure.objects.filter(trajectory_id=pk).select_related("trajectory").first()
    last = (
        CareTeamMembership.objects.coordinators()
        .filter(trajectory_id=pk)
        .order_by("-valid_from")
        .values_list("professional__user_id", flat=True)
        .first()
    )
    if closure is None or last != request.user.pk:
        raise Http404
    return closure


@login_required
def follow_up_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The follow-up check (indicator 3.2), for the trajectory's last coordinator on the
    policy's AFTER_CLOSURE ground (read-only for the file, logged); the question opens only
    when its date has come."""
    closure = Closure.objects.filter(trajectory_id=pk).select_related("trajectory").first()
    if closure is None or not after_closure_closures(request.user).filter(pk=closure.pk).exists():
        raise Http404
    get_family_for_user(
        request,
        closure.trajectory.family_id,
        action=Action.VIEW,
        audit_action="trajectories.closure.read",
        event_type=EventType.READ,
    )
    due = closure.follow_up_due_on <= timezone.localdate()
    form = FollowUpCheckForm(request.POST or None) if due else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            actions.record_follow_up(
                closure,
                youth_care_restarted=form.cleaned_data["youth_care_restarted"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The follow-up check has been recorded."))
            return redirect("trajectories:closed")
    return render_page(
        request, "trajectories/follow_up_check.html", {"closure": closure, "form": form}
    )


@login_required
@require_POST
def reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    closure = _last_coordinator_closure(request, pk)
    professional = getattr(request.user, "professional", None)
    if professional is None:
        raise PermissionDenied
    try:
        new = actions.reopen_trajectory(
            closure.trajectory, coordinator=professional, actor=request.user, request=request
        )
    except ValidationError as error:
        report(request, error)
        return redirect("core:home")
    messages.success(request, _("A new trajectory has been opened, linked to the closed one."))
    return redirect("trajectories:detail", pk=new.pk)
