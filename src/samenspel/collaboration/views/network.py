"""The network's collaboration page: phase with its deliverables and history, the rounds."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.accounts.models import Role
from samenspel.collaboration import actions
from samenspel.collaboration.access import READ_ROLES, get_network_for, networks_for
from samenspel.collaboration.agenda import review_agenda
from samenspel.collaboration.component_results import (
    component_results,
    satisfaction_from_components,
)
from samenspel.collaboration.forms import (
    DeliverableForm,
    PhaseForm,
    RhythmForm,
    SatisfactionForm,
)
from samenspel.collaboration.models import (
    DELIVERABLES,
    CollaborationPhase,
    Instrument,
    NetworkPhase,
    PhaseChange,
    PhaseDeliverable,
    ReviewRhythm,
    Round,
    SatisfactionComponent,
)
from samenspel.collaboration.results import min_group_size
from samenspel.collaboration.views.reviews import family_components
from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.network.models import ProcessReview


@role_required(*READ_ROLES)
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    networks = list(networks_for(request.user, *READ_ROLES))
    phases = dict(
        NetworkPhase.objects.filter(network__in=networks).values_list("network_id", "phase")
    )
    rows = [
        (network, CollaborationPhase(phases.get(network.pk, CollaborationPhase.EXPLORING)).label)
        for network in networks
    ]
    return render(request, "collaboration/overview.html", {"rows": rows})


@role_required(*READ_ROLES)
def network_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_network_for(request.user, slug)
    current = actions.phase_of(network)
    today = timezone.localdate()
    steer = request.user.has_role_in_network(Role.NETWORK_COORDINATOR, network.pk)
    phase_model = Instrument.objects.filter(code="stent-fasenmodel", is_current=True).first()
    texts = {i.code: i for i in phase_model.items.all()} if phase_model else {}
    linked = {
        d.phase: d
        for d in PhaseDeliverable.objects.filter(network=network).select_related("agreement")
    }
    order = list(CollaborationPhase)
    phases = [
        {
            "code": phase,
            "label": phase.label,
            "item": texts.get(phase.value),
            "deliverable": DELIVERABLES.get(phase),
            "linked": linked.get(phase),
            "current": phase == current.phase,
            "done": order.index(phase) < order.index(CollaborationPhase(current.phase)),
        }
        for phase in order
    ]
    rhythm = ReviewRhythm.objects.filter(network=network).first()
    rounds = list(
        Round.objects.filter(network=network)
        .select_related("instrument")
        .order_by("-opens_on", "-pk")[:20]
    )
    return render(
        request,
        "collaboration/network_detail.html",
        {
            "network": network,
            "current": current,
            "phases": phases,
            "history": PhaseChange.objects.filter(network=network).select_related("changed_by")[
                :20
            ],
            "rounds": [(r, r.is_open(today)) for r in rounds],
            "steer": steer,
            "phase_form": PhaseForm(initial={"phase": current.phase, "version": current.version}),
            "deliverable_form": DeliverableForm(network=network) if steer else None,
            "instruments": Instrument.objects.filter(for_rounds=True, is_current=True),
            "components": component_results(network.pk),
            "satisfaction": satisfaction_from_components(network.pk, today=today),
            "satisfaction_form": SatisfactionForm(
                items=family_components(),
                initial={
                    "codes": list(
                        SatisfactionComponent.objects.filter(network=network).values_list(
                            "code", flat=True
                        )
                    )
                },
            )
            if steer
            else None,
            "rhythm": rhythm,
            "rhythm_form": RhythmForm(
                initial={"interval_days": rhythm.interval_days, "next_on": rhythm.next_on}
                if rhythm
                else {"interval_days": 28, "next_on": today + datetime.timedelta(days=28)}
            ),
            "agenda": review_agenda(network.pk, today=today),
            "reviews": ProcessReview.objects.filter(network=network)
            .select_related("outcome__agreement_version")
            .order_by("-held_on", "-pk")[:6],
            "min_group": min_group_size(),
        },
    )


@require_POST
@role_required(Role.NETWORK_COORDINATOR)
def phase_change(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_network_for(request.user, slug, steer=True)
    form = PhaseForm(request.POST)
    if form.is_valid():
        try:
            actions.change_phase(
                network,
                phase=form.cleaned_data["phase"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
                actor=request.user,
                request=request,
            )
            messages.success(request, _("The phase of the collaboration is changed."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose a phase."))
    return redirect("collaboration:network_detail", slug=network.slug)


@require_POST
@role_required(Role.NETWORK_COORDINATOR)
def deliverable_link(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_network_for(request.user, slug, steer=True)
    form = DeliverableForm(request.POST, network=network)
    if form.is_valid():
        try:
            actions.link_deliverable(
                network,
                phase=form.cleaned_data["phase"],
                agreement=form.cleaned_data["agreement"],
                actor=request.user,
                request=request,
            )
            messages.success(request, _("The deliverable is linked to the agreements register."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose a phase and an agreement."))
    return redirect("collaboration:network_detail", slug=network.slug)
