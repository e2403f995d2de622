"""Absence and cover: a professional reports being away (every team at once), the
coordinator of each team arranges a handover, and a colleague starts covering a place."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel import audit
from samenspel.access.policy import Action, visible_family_ids
from samenspel.accounts.models import Role
from samenspel.audit.models import EventType
from samenspel.core.http import AuthenticatedHttpRequest, render_page
from samenspel.families.models import Family
from samenspel.network.models import Absence, Professional
from samenspel.trajectories import actions, matching
from samenspel.trajectories.access import (
    get_trajectory_for_user,
    require_coordinator,
)
from samenspel.trajectories.forms import (
    AbsenceForm,
    CoverForm,
)
from samenspel.trajectories.models import (
    CareTeamMembership,
)
from samenspel.trajectories.queries import absence_label, absent_until
from samenspel.trajectories.views.common import report, report_form


def _own_professional(request: AuthenticatedHttpRequest) -> Professional:
    professional = Professional.objects.filter(user=request.user).first()
    if professional is None:
        raise PermissionDenied
    return professional


@login_required
def absence_register(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Report an absence (one's own, or as coordinator a colleague's); the handover page then
    lists every family team it affects."""
    own = _own_professional(request)
    colleagues = None
    if request.user.has_role(Role.COORDINATOR):
        networks = request.user.networks_with_role(Role.COORDINATOR)
        colleagues = Professional.objects.select_related("user").order_by("user__full_name")
        if networks is not None:
            colleagues = colleagues.filter(assignments__network_id__in=networks).distinct()
    form = AbsenceForm(
        request.POST or None, colleagues=colleagues, initial={"professional": own.pk}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        professional = data.pop("professional", None) or own
        try:
            absence = actions.report_absence(
                professional, actor=request.user, request=request, **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("trajectories:handover", absence_id=absence.pk)
    return render_page(request, "trajectories/absence_form.html", {"form": form})


@login_required
def handover(request: AuthenticatedHttpRequest, absence_id: int) -> HttpResponse:
    """Every team place the absence affects, with proposed covers, and the cover form."""
    absence = Absence.objects.filter(pk=absence_id).select_related("professional__user").first()
    if absence is None:
        raise Http404
    own = absence.professional.user_id == request.user.pk
    networks = absence.professional.assignments.values_list("network_id", flat=True)
    if not own and not any(request.user.has_role_in_network(Role.COORDINATOR, n) for n in networks):
        raise PermissionDenied
    # Every team of the absent person, in every network: the ones this reader may see with
    # the family and the cover form; the others by number and coordinator only (notified
    # when the absence was reported), so nothing is missed and no family is shown.
    places = actions.affected_places(absence)
    visible = (
        set(
            Family.objects.filter(pk__in={p.trajectory.family_id for p in places})
            .filter(pk__in=visible_family_ids(request.user, on=timezone.localdate()))
            .values_list("pk", flat=True)
        )
        if places
        else set()
    )
    affected = [p for p in places if p.trajectory.family_id in visible]
    elsewhere_ids = [p.trajectory_id for p in places if p.trajectory.family_id not in visible]
    coordinators = (
        dict(
            CareTeamMembership.objects.active_on(timezone.localdate())
            .coordinators()
            .filter(trajectory_id__in=elsewhere_ids)
            .values_list("trajectory_id", "professional__user__full_name")
        )
        if elsewhere_ids
        else {}
    )
    elsewhere = [
        (p, coordinators.get(p.trajectory_id, ""))
        for p in places
        if p.trajectory.family_id not in visible
    ]

    # One ranking per network, for someone who brings what the absent professional brings,
    # and one list of colleagues per network for the forms: a fixed number of queries.
    brings = tuple(absence.professional.expertise_levels.values_list("expertise_id", flat=True))
    proposals: dict[int, Any] = {}
    colleagues: dict[int, list[tuple[int | str, str]]] = {}
    for network_id in sorted({place.trajectory.network_id for place in affected}):
        criteria = matching.Criteria(
            network_id=network_id, needed_expertise=brings, exclude=(absence.professional_id,)
        )
        proposals[network_id] = matching.rank(criteria, limit=3)
        colleagues[network_id] = [("", "---------")] + [
            (p.pk, str(p))
            for p in Professional.objects.filter(assignments__network_id=network_id)
            .exclude(pk=absence.professional_id)
            .select_related("user")
            .order_by("user__full_name")
        ]
    # A colleague who is away too is offered only with the warning in the label.
    absent = absent_until(
        [pk for choices in colleagues.values() for pk, _label in choices if isinstance(pk, int)],
        absence.starts_on,
    )
    for network_id, choices in colleagues.items():
        colleagues[network_id] = [
            (pk, f"{name} ({absence_label(absent[pk])})" if pk in absent else name)
            for pk, name in choices
        ]
    rows = []
    for place in affected:
        form = CoverForm(
            initial={"membership": place.pk},
            network_id=place.trajectory.network_id,
            prefix=f"m{place.pk}",
        )
        form.fields["cover"].choices = colleagues[place.trajectory.network_id]  # type: ignore[attr-defined]
        rows.append((place, proposals[place.trajectory.network_id], form))
    # The page names the families (chosen through the policy above): each family's own
    # history shows the read, not only the security officer's log.
    if not audit.record_each_family(
        EventType.READ,
        "trajectories.handover.read",
        actor=request.user,
        request=request,
        family_ids=[p.trajectory.family_id for p in affected],
        purpose="handover",
        detail={"absence": absence.pk},
    ):
        audit.record(
            EventType.READ,
            "trajectories.handover.read",
            actor=request.user,
            request=request,
            obj=absence,
            purpose="handover",
        )
    return render_page(
        request,
        "trajectories/handover.html",
        {"absence": absence, "rows": rows, "elsewhere": elsewhere},
    )


@login_required
@require_POST
def cover_start(
    request: AuthenticatedHttpRequest, absence_id: int, membership_id: int
) -> HttpResponse:
    absence = Absence.objects.filter(pk=absence_id).first()
    place = CareTeamMembership.objects.filter(pk=membership_id).select_related("trajectory").first()
    if absence is None or place is None or place.professional_id != absence.professional_id:
        raise Http404
    trajectory = get_trajectory_for_user(
        request,
        place.trajectory_id,
        action=Action.EDIT,
        audit_action="trajectories.handover.cover",
        event_type=EventType.CREATE,
    )
    if absence.professional.user_id != request.user.pk:
        require_coordinator(request.user, trajectory)
    form = CoverForm(request.POST, network_id=trajectory.network_id, prefix=f"m{place.pk}")
    if not form.is_valid():
        report_form(request, form)
        return redirect("trajectories:handover", absence_id=absence_id)
    try:
        if form.cleaned_data["permanent"]:
            actions.transfer_place(
                place,
                to=form.cleaned_data["cover"],
                on=absence.starts_on,
                note=form.cleaned_data["note"],
                actor=request.user,
                request=request,
            )
        else:
            actions.start_cover(
                place,
                cover=form.cleaned_data["cover"],
                starts_on=max(absence.starts_on, place.valid_from),
                ends_on=absence.ends_on or absence.starts_on,
                note=form.cleaned_data["note"],
                absence=absence,
                actor=request.user,
                request=request,
            )
    except ValidationError as error:
        report(request, error)
    else:
        messages.success(
            request, _("The handover has been arranged; the team and the family have been told.")
        )
    return redirect("trajectories:handover", absence_id=absence_id)
