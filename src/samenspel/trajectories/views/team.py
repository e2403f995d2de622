from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.access.policy import Action
from samenspel.audit.models import EventType
from samenspel.core.confirm import confirm_first
from samenspel.core.http import AuthenticatedHttpRequest, render_page
from samenspel.core.validators import whole_number
from samenspel.portal.queries import offers_for
from samenspel.trajectories import actions, matching
from samenspel.trajectories.access import (
    get_trajectory_for_user,
    read_trajectory_for_user,
    require_coordinator,
)
from samenspel.trajectories.forms import (
    AddMemberForm,
    AnswerForm,
    CoordinatorForm,
    DirectRequestForm,
    OnBehalfAnswerForm,
    TeamRequestForm,
    WithdrawRequestForm,
)
from samenspel.trajectories.models import (
    CareTeamMembership,
    DirectRequest,
    RequestStatus,
    TeamRequest,
    Trajectory,
)
from samenspel.trajectories.picker import PicksProfessionals, network_professionals, picker_context
from samenspel.trajectories.views.common import report, report_form


@login_required
def compose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Team composition: the team request, the explained proposals and walk-along pairs."""
    trajectory, decision = read_trajectory_for_user(
        request,
        pk,
        action=Action.VIEW,
        audit_action="trajectories.team.proposals",
        event_type=EventType.READ,
    )
    require_coordinator(request.user, trajectory)
    team_request = TeamRequest.objects.filter(trajectory=trajectory).first()
    # Read once, for the form and for the criteria of the proposals.
    choices = matching.request_choices(team_request)
    initial = {}
    if team_request is not None:
        initial = {
            "needed_expertise": list(choices.needed_expertise),
            "languages": list(choices.languages),
            "area": choices.area_id,
            "preferred": list(choices.preferred),
            "preference_note": team_request.preference_note,
        }
    request_form = TeamRequestForm(
        request.POST or None, initial=initial, network_id=trajectory.network_id
    )
    if request.method == "POST" and request_form.is_valid():
        actions.save_team_request(
            trajectory, actor=request.user, request=request, **request_form.cleaned_data
        )
        messages.success(request, _("The team request has been saved; the proposals are updated."))
        return redirect("trajectories:compose", pk=pk)
    criteria = matching.criteria_for(trajectory, choices=choices)
    # The needed expertise's names, from the list the form shows anyway (one query for both).
    expertise = request_form.fields["needed_expertise"].queryset  # type: ignore[attr-defined]
    names = {e.pk: e.name for e in expertise if e.pk in criteria.needed_expertise}
    # Pairs come from a wider field: when the best few each cover everything, two people
    # who complement each other are found further down. Without needed expertise there are
    # no pairs, and only the ten shown are ranked and explained.
    shown = 10
    ranking = matching.rank(criteria, limit=30 if criteria.needed_expertise else shown, names=names)
    add_form = AddMemberForm(network_id=trajectory.network_id, prefix="add")
    direct_form = DirectRequestForm(network_id=trajectory.network_id, prefix="ask")
    # The pickers show only what is chosen and what a search found (a search without
    # JavaScript reloads this page with `<key>-q`); htmx asks `professional_search`.
    for key, form in (("preferred", request_form), ("add", add_form), ("ask", direct_form)):
        form.offer(
            network_id=trajectory.network_id,
            search_url=_search_url(trajectory.pk, key),
            query=request.GET.get(f"{key}-q", ""),
        )
    context = {
        "trajectory": trajectory,
        "request_form": request_form,
        "proposals": ranking[:shown],
        "pairs": matching.pairs(ranking, criteria, names=names),
        "add_form": add_form,
        "direct_form": direct_form,
        "has_request": team_request is not None,
        # What the family was offered and whom each member prefers (issue 17, "Choose").
        "offers": offers_for(trajectory.pk, decision),
        "searches": [(key, _search_url(trajectory.pk, key)) for key in PICKERS],
    }
    return render_page(request, "trajectories/compose.html", context)


# The professional pickers of the team page: key → form and its prefix.
PICKERS: dict[str, tuple[type[PicksProfessionals], str | None]] = {
    "preferred": (TeamRequestForm, None),
    "add": (AddMemberForm, "add"),
    "ask": (DirectRequestForm, "ask"),
}


def _search_url(pk: int, key: str) -> str:
    return f"{reverse('trajectories:professional_search', args=[pk])}?field={key}"


@login_required
def professional_search(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The type-ahead of the team page: at most SEARCH_LIMIT professionals of the network
    matching the text, after what is already chosen; the page's own permission checks (the
    access policy and its event, the coordinator) come first."""
    trajectory = get_trajectory_for_user(request, pk, audit_action="trajectories.team.search")
    require_coordinator(request.user, trajectory)
    key = request.GET.get("field", "")
    if key not in PICKERS:
        raise Http404
    form_class, prefix = PICKERS[key]
    form = form_class(network_id=trajectory.network_id, prefix=prefix)  # type: ignore[call-arg]
    name = form.add_prefix(form.picker_field)
    widget = form.offer(
        network_id=trajectory.network_id,
        search_url=_search_url(pk, key),
        query=request.GET.get(f"{key}-q", ""),
        selected=request.GET.getlist(name),
    )
    return render_page(
        request,
        "trajectories/widgets/professional_results.html",
        {"widget": picker_context(widget, name)},
    )


def _team_to_extend(request: AuthenticatedHttpRequest, pk: int) -> Trajectory:
    """The trajectory whose team the coordinator adds someone to (logged as a team change)."""
    trajectory = get_trajectory_for_user(
        request,
        pk,
        action=Action.EDIT,
        audit_action="trajectories.team.add",
        event_type=EventType.CREATE,
    )
    require_coordinator(request.user, trajectory)
    return trajectory


@login_required
@require_POST
def team_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trajectory = _team_to_extend(request, pk)
    form = AddMemberForm(request.POST, network_id=trajectory.network_id, prefix="add")
    if form.is_valid():
        try:
            membership = actions.add_team_member(
                trajectory, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(
                request, _("%(name)s has joined the team.") % {"name": membership.display_name}
            )
    else:
        report_form(request, form)
    return redirect("trajectories:compose", pk=pk)


@login_required
@require_POST
def team_add_pair(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A proposed walk-along pair taken over in one click (the compose page's button)."""
    trajectory = _team_to_extend(request, pk)
    ids = [
        value for value in request.POST.getlist("professional") if whole_number(value) is not None
    ]
    professionals = list(
        network_professionals(trajectory.network_id).filter(pk__in=ids).select_related("user")
    )
    try:
        added = actions.add_walk_along_pair(
            trajectory,
            professionals=professionals,
            reason=request.POST.get("reason", "")[:500],
            actor=request.user,
            request=request,
        )
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(
            request,
            _("%(names)s walk along with the family.")
            % {"names": " + ".join(m.display_name for m in added) or "—"},
        )
    return redirect("trajectories:compose", pk=pk)


@login_required
@require_POST
def direct_request_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trajectory = get_trajectory_for_user(
        request,
        pk,
        action=Action.EDIT,
        audit_action="trajectories.direct_request.create",
        event_type=EventType.CREATE,
    )
    require_coordinator(request.user, trajectory)
    form = DirectRequestForm(request.POST, network_id=trajectory.network_id, prefix="ask")
    if form.is_valid():
        try:
            actions.ask_professional(
                trajectory, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, _("Your request has been sent."))
    else:
        report_form(request, form)
    return redirect("trajectories:compose", pk=pk)


@login_required
def direct_request_steer(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    """The coordinator's side of a request: whom was asked, for which role, and since when;
    answer on their behalf (with the reason), withdraw it, or send it to someone else."""
    trajectory_id = (
        DirectRequest.objects.filter(pk=request_id).values_list("trajectory_id", flat=True).first()
    )
    if trajectory_id is None:
        raise Http404
    is_post = request.method == "POST"
    trajectory = get_trajectory_for_user(
        request,
        trajectory_id,
        action=Action.EDIT if is_post else Action.VIEW,
        audit_action="trajectories.direct_request.steer",
        event_type=EventType.UPDATE if is_post else EventType.READ,
    )
    require_coordinator(request.user, trajectory)
    direct = DirectRequest.objects.select_related("professional__user", "requested_by").get(
        pk=request_id
    )
    doing = request.POST.get("do", "") if is_post else ""
    answer_form = OnBehalfAnswerForm(request.POST if doing == "answer" else None, prefix="a")
    withdraw_form = WithdrawRequestForm(
        request.POST if doing == "withdraw" else None,
        network_id=trajectory.network_id,
        prefix="w",
    )
    if doing == "answer" and answer_form.is_valid():
        try:
            actions.answer_direct_request(
                direct,
                accept=answer_form.cleaned_data["accept"],
                reason=answer_form.cleaned_data["reason"],
                on_behalf=True,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            answer_form.add_error(None, error)
        else:
            messages.success(request, _("The answer on their behalf has been recorded."))
            return redirect("trajectories:detail", pk=trajectory.pk)
    if doing == "withdraw" and withdraw_form.is_valid():
        try:
            new = actions.withdraw_direct_request(
                direct,
                reason=withdraw_form.cleaned_data["reason"],
                ask_instead=withdraw_form.cleaned_data["ask_instead"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            withdraw_form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The request is withdrawn and sent to %(name)s.") % {"name": new.professional}
                if new
                else _("The request is withdrawn."),
            )
            return redirect("trajectories:detail", pk=trajectory.pk)
    return render_page(
        request,
        "trajectories/direct_request_steer.html",
        {
            "direct": direct,
            "trajectory": trajectory,
            "answer_form": answer_form,
            "withdraw_form": withdraw_form,
            "pending": direct.status == RequestStatus.PENDING,
            "has_login": direct.professional.user.has_usable_password(),
        },
        status=422 if is_post else 200,
    )


@login_required
def direct_request_answer(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    """Only the professional asked sees the request: the message, not the family file (they
    are not on the team yet)."""
    direct = (
        DirectRequest.objects.filter(pk=request_id, professional__user=request.user)
        .select_related("trajectory__network", "requested_by")
        .first()
    )
    if direct is None:
        raise Http404
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_direct_request(
                direct,
                accept=form.cleaned_data["accept"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you, your answer has been recorded."))
            return redirect("core:home")
    return render_page(
        request,
        "trajectories/direct_request_answer.html",
        {
            "direct": direct,
            "form": form,
            "answered": direct.status != RequestStatus.PENDING,
        },
    )


@login_required
@require_POST
def team_end(request: AuthenticatedHttpRequest, pk: int, membership_id: int) -> HttpResponse:
    trajectory = get_trajectory_for_user(
        request,
        pk,
        action=Action.EDIT,
        audit_action="trajectories.team.end",
        event_type=EventType.UPDATE,
    )
    require_coordinator(request.user, trajectory)
    place = CareTeamMembership.objects.filter(pk=membership_id, trajectory=trajectory).first()
    if place is None:
        raise Http404
    if ask := confirm_first(
        request,
        question=_("End this place in the team today?"),
        consequence=_("%(name)s leaves the team today and no longer sees this family's file.")
        % {"name": place.display_name},
        button=_("End the place"),
        back=reverse("trajectories:detail", args=[pk]),
    ):
        return ask
    try:
        actions.end_membership(place, actor=request.user, request=request)
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(request, _("%(name)s has left the team.") % {"name": place.display_name})
    return redirect("trajectories:detail", pk=pk)


@login_required
@require_POST
def coordinator_change(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trajectory = get_trajectory_for_user(
        request,
        pk,
        action=Action.EDIT,
        audit_action="trajectories.team.coordinator",
        event_type=EventType.UPDATE,
    )
    require_coordinator(request.user, trajectory)
    form = CoordinatorForm(request.POST, network_id=trajectory.network_id, prefix="coordinator")
    if not form.is_valid():
        messages.error(request, _("Choose the new coordinator."))
        return redirect("trajectories:detail", pk=pk)
    try:
        actions.change_coordinator(
            trajectory,
            professional=form.cleaned_data["professional"],
            actor=request.user,
            on=form.cleaned_data["on"],
            request=request,
        )
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(request, _("The coordinator role has been handed over."))
    return redirect("trajectories:detail", pk=pk)
