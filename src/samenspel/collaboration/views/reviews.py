"""Process reviews on a rhythm: set the rhythm, record how a review ended."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.accounts.models import Role
from samenspel.collaboration import actions
from samenspel.collaboration.access import get_network_for
from samenspel.collaboration.forms import OutcomeForm, RhythmForm, SatisfactionForm
from samenspel.collaboration.models import InstrumentItem
from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.network.models import ProcessReview


@require_POST
@role_required(Role.NETWORK_COORDINATOR)
def rhythm_set(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_network_for(request.user, slug, steer=True)
    form = RhythmForm(request.POST)
    if form.is_valid():
        try:
            actions.set_review_rhythm(
                network,
                interval_days=form.cleaned_data["interval_days"],
                next_on=form.cleaned_data["next_on"],
                actor=request.user,
                request=request,
            )
            messages.success(request, _("The rhythm of the process reviews is saved."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Give a rhythm between 7 and 120 days and a date."))
    return redirect("collaboration:network_detail", slug=network.slug)


@require_POST
@role_required(Role.NETWORK_COORDINATOR)
def satisfaction_map(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Which of the twelve components feed Jeugdwet indicator 2 in this network."""
    network = get_network_for(request.user, slug, steer=True)
    form = SatisfactionForm(request.POST, items=family_components())
    if form.is_valid():
        actions.map_satisfaction(
            network, codes=form.cleaned_data["codes"], actor=request.user, request=request
        )
        messages.success(request, _("The components for client satisfaction are saved."))
    else:
        messages.error(request, _("Choose components of the twelve."))
    return redirect("collaboration:network_detail", slug=network.slug)


def family_components() -> list[InstrumentItem]:
    return list(
        InstrumentItem.objects.filter(
            instrument__code="twaalf-componenten-gezin", instrument__is_current=True
        ).order_by("position")
    )


@role_required(Role.NETWORK_COORDINATOR)
def review_outcome(request: AuthenticatedHttpRequest, slug: str, review_id: int) -> HttpResponse:
    network = get_network_for(request.user, slug, steer=True)
    review = ProcessReview.objects.filter(network=network, pk=review_id).first()
    if review is None:
        raise Http404
    form = OutcomeForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_review_outcome(
                review,
                kind=form.cleaned_data["kind"],
                agreement_version=form.cleaned_data["agreement_version"],
                lesson_url=form.cleaned_data["lesson_url"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The outcome of the review is saved."))
            return redirect("collaboration:network_detail", slug=network.slug)
    return render(
        request,
        "collaboration/review_outcome.html",
        {"network": network, "review": review, "form": form},
    )
