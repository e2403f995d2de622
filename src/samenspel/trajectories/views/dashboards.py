from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel import audit
from samenspel.access.policy import Action, Ground, after_closure_closures, get_family_for_user
from samenspel.accounts.models import Role
from samenspel.audit.models import EventType
from samenspel.core.context_processors import is_family_reader
from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest, render_page
from samenspel.core.paging import paginate
from samenspel.network.models import Network, Professional, Team
from samenspel.trajectories import actions, queries
from samenspel.trajectories.access import get_trajectory_for_user
from samenspel.trajectories.forms import RhythmForm
from samenspel.trajectories.models import Trajectory, TrajectorySettings
from samenspel.trajectories.views.common import report


def _coordinator_networks(request: AuthenticatedHttpRequest) -> list[Network]:
    ids = request.user.networks_with_role(Role.COORDINATOR)
    networks = Network.objects.all() if ids is None else Network.objects.filter(pk__in=ids)
    return list(networks.order_by("name"))


@role_required(Role.COORDINATOR)
def network_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coordinator's network view: registrations waiting for a team, trajectories per
    phase, overdue evaluations and caseload against hours. Registrations show no family
    details: a coordinator takes one on first, which puts them on the team."""
    networks = _coordinator_networks(request)
    if not networks:
        raise PermissionDenied
    chosen = next((n for n in networks if str(n.pk) == request.GET.get("network")), networks[0])
    today = timezone.localdate()
    trajectories = Trajectory.objects.filter(network=chosen)
    counts = queries.network_counts(chosen.pk, today=today)
    waiting = paginate(
        request,
        trajectories.waiting_for_team().order_by("opened_on", "id"),
        param="waiting",
        count=counts["waiting"],  # those in registration, counted per phase already
    )
    overdue = paginate(
        request,
        trajectories.evaluation_overdue(today).order_by("next_evaluation_on", "id"),
        param="overdue",
    )
    context = {
        "networks": networks,
        "network": chosen,
        "waiting": waiting,
        "waiting_rows": _waiting_rows(waiting.object_list, today),
        "overdue": overdue,
        "overdue_rows": _overdue_rows(overdue.object_list),
        "counts": counts,
        "caseloads": queries.caseloads(chosen.pk, today=today),
        "today": today,
    }
    audit.record(
        EventType.READ,
        "trajectories.network.overview",
        actor=request.user,
        request=request,
        obj=chosen,
        purpose="coordination",
    )
    return render_page(request, "trajectories/network_overview.html", context)


@dataclass(frozen=True)
class WaitingRow:
    take_on_url: str
    text: str
    button: str


def _waiting_rows(items: list[Trajectory], today: datetime.date) -> list[WaitingRow]:
    """The waiting registrations' lines, written here rather than by a translation tag, a
    date, a time-since and a URL tag per row in the template (the network view's rendering)."""
    text = _("Registration %(id)s, received %(date)s (%(days)s ago)")
    button = _("Take on registration %(id)s as coordinator")
    # A registration has a date, not a time: one of today was received "today", never
    # "0 minutes ago" (issue 12).
    received_today = _("Registration %(id)s, received today")
    received = {
        d: (date_format(d, "j F Y"), timesince(d, today)) for d in {t.opened_on for t in items}
    }
    return [
        WaitingRow(
            reverse("trajectories:take_on", args=[t.pk]),
            received_today % {"id": t.pk}
            if t.opened_on >= today
            else text
            % {"id": t.pk, "date": received[t.opened_on][0], "days": received[t.opened_on][1]},
            button % {"id": t.pk},
        )
        for t in items
    ]


def _overdue_rows(items: list[Trajectory]) -> list[str]:
    text = _("Trajectory %(id)s: evaluation was due %(date)s")
    # Overdue means a date before today: never None here.
    return [
        text % {"id": t.pk, "date": date_format(t.next_evaluation_on or "", "j F Y")} for t in items
    ]


@role_required(Role.COORDINATOR)
@require_POST
def take_on(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A coordinator of the network takes a waiting registration on: the access policy's
    intake ground lets them act on the file while it waits for a team."""
    trajectory = get_trajectory_for_user(
        request,
        pk,
        action=Action.EDIT,
        audit_action="trajectories.registration.take_on",
        event_type=EventType.UPDATE,
    )
    if not request.user.has_role_in_network(Role.COORDINATOR, trajectory.network_id):
        raise PermissionDenied
    professional = Professional.objects.filter(user=request.user).first()
    if professional is None:
        raise PermissionDenied
    try:
        actions.take_on_registration(
            trajectory, coordinator=professional, actor=request.user, request=request
        )
    except ValidationError as error:
        report(request, error)
        return redirect("trajectories:network_overview")
    messages.success(request, _("You are now the coordinator. Compose the team."))
    return redirect("trajectories:compose", pk=pk)


@login_required
def my_team(request: AuthenticatedHttpRequest) -> HttpResponse:
    """ "Ons team": the user's network teams, with each colleague's caseload and absence."""
    professional = Professional.objects.filter(user=request.user).first()
    teams = (
        list(Team.objects.filter(members=professional).select_related("network"))
        if professional
        else []
    )
    today = timezone.localdate()
    network_ids = sorted({t.network_id for t in teams if t.network_id})
    if not network_ids and professional is not None:
        network_ids = list(professional.assignments.values_list("network_id", flat=True)[:1])
    rows = queries.caseloads(network_ids[0], today=today) if network_ids else []
    return render_page(
        request, "trajectories/my_team.html", {"teams": teams, "rows": rows, "today": today}
    )


@login_required
def family_timeline(request: AuthenticatedHttpRequest, family_id: int) -> HttpResponse:
    family, _decision = get_family_for_user(
        request, family_id, audit_action="trajectories.timeline.read"
    )
    entries = paginate(
        request,
        queries.family_timeline(family.pk, for_family=is_family_reader(request.user)),
        per_page=50,
    )
    return render_page(
        request, "trajectories/timeline.html", {"family": family, "entries": entries}
    )


CLOSED_PAGE = 25


@role_required(Role.PROFESSIONAL, Role.COORDINATOR)
def closed_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """ "Afgesloten": the closed trajectories this user was the last coordinator of, with
    their outcome indicators, until the follow-up check (3.2) is done: the policy's
    AFTER_CLOSURE ground (read-only). The check is answered here once its date has come.
    The names on the page are reads of those files: one event per family."""
    today = timezone.localdate()
    closures = (
        after_closure_closures(request.user)
        .select_related("trajectory__family")
        .order_by("follow_up_due_on", "trajectory_id")
    )
    page = paginate(request, closures, per_page=CLOSED_PAGE)
    audit.record_each_family(
        EventType.READ,
        "trajectories.closed.list",
        actor=request.user,
        request=request,
        family_ids=sorted({c.trajectory.family_id for c in page.object_list}),
        purpose=Ground.AFTER_CLOSURE,
    )
    return render_page(request, "trajectories/closed_list.html", {"closures": page, "today": today})


def home_dashboard(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """The home page's "Mijn gezinnen" part; listing family names is a read, so it is logged."""
    data = queries.home_dashboard(request.user)
    pager = paginate(request, data.pop("places"), param="families")
    data["pager"] = pager
    data["my_families"] = queries.my_families(pager.object_list, request.user, today=data["today"])
    if data["my_families"]:
        audit.record(
            EventType.READ,
            "trajectories.my_families.read",
            actor=request.user,
            request=request,
            purpose="care_team",
            detail={"families": [row.trajectory.family_id for row in data["my_families"]]},
        )
    return data


@role_required(Role.COORDINATOR, Role.NETWORK_ADMIN)
def rhythm(request: AuthenticatedHttpRequest, network_id: int) -> HttpResponse:
    """A network's durations: walk-along weeks, evaluation interval, reminder days, follow-up
    months (source 000: six weeks each by default)."""
    network = Network.objects.filter(pk=network_id).first()
    allowed = network is not None and any(
        request.user.has_role_in_network(role, network.pk)
        for role in (Role.COORDINATOR, Role.NETWORK_ADMIN)
    )
    if not allowed:
        raise PermissionDenied
    current = TrajectorySettings.for_network(network_id)
    form = RhythmForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            audit.record(
                EventType.UPDATE,
                "trajectories.settings.update",
                actor=request.user,
                request=request,
                obj=saved,
                detail=form.cleaned_data,
            )
        messages.success(request, _("The rhythm of this network has been saved."))
        return redirect(f"{reverse('trajectories:network_overview')}?network={network_id}")
    return render_page(request, "trajectories/rhythm.html", {"network": network, "form": form})
