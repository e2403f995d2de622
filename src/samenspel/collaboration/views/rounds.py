"""Opening and following a round (coordinator), and answering one (the invited person)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.accounts.models import Role
from samenspel.collaboration import actions
from samenspel.collaboration.access import get_invitation_for, get_network_for, networks_for
from samenspel.collaboration.forms import AnswerForm, RoundForm, initial_from
from samenspel.collaboration.models import Answer, Invitation, Response, Round
from samenspel.collaboration.results import min_group_size, response_rates
from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest


@role_required(Role.NETWORK_COORDINATOR)
def round_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_network_for(request.user, slug, steer=True)
    form = RoundForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            new = actions.open_round(
                network,
                instrument=form.cleaned_data["instrument"],
                title=form.cleaned_data["title"],
                deadline=form.cleaned_data["deadline"],
                organisations=form.cleaned_data["organisations"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The round is open; the invitations are on their way."))
            return redirect("collaboration:round_detail", round_id=new.pk)
    return render(request, "collaboration/round_new.html", {"network": network, "form": form})


def _coordinated_round(request: AuthenticatedHttpRequest, round_id: int) -> Round:
    round_ = (
        Round.objects.select_related("network", "instrument")
        .filter(pk=round_id, network__in=networks_for(request.user, Role.NETWORK_COORDINATOR))
        .first()
    )
    if round_ is None:
        raise Http404
    return round_


@role_required(Role.NETWORK_COORDINATOR)
def round_detail(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    """Response rates per organisation: counts only, never who answered what."""
    round_ = _coordinated_round(request, round_id)
    rates = response_rates(round_)
    invited = sum(row["invited"] for row in rates)
    responded = sum(row["responded"] for row in rates)
    return render(
        request,
        "collaboration/round_detail.html",
        {
            "round": round_,
            "network": round_.network,
            "rates": rates,
            "invited": invited,
            "responded": responded,
            "rate": round(100 * responded / invited) if invited else None,
            "is_open": round_.is_open(timezone.localdate()),
            "min_group": min_group_size(),
        },
    )


@require_POST
@role_required(Role.NETWORK_COORDINATOR)
def round_close(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    round_ = _coordinated_round(request, round_id)
    try:
        actions.close_round(round_, actor=request.user, request=request)
        messages.success(request, _("The round is closed; its results can be read now."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("collaboration:round_detail", round_id=round_.pk)


@require_POST
@role_required(Role.NETWORK_COORDINATOR)
def round_remind(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    round_ = _coordinated_round(request, round_id)
    try:
        count = actions.remind_round(round_, actor=request.user, request=request)
        messages.success(request, _("A reminder goes to %(count)s people.") % {"count": count})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("collaboration:round_detail", round_id=round_.pk)


@role_required(Role.PROFESSIONAL)
def my_rounds(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    invitations = (
        Invitation.objects.filter(professional__user=request.user)
        .select_related("round__network", "round__instrument", "response")
        .order_by("-round__opens_on", "-pk")[:50]
    )
    rows = [(i, i.round.is_open(today), hasattr(i, "response")) for i in invitations]
    return render(request, "collaboration/my_rounds.html", {"rows": rows})


@role_required(Role.PROFESSIONAL)
def answer(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    """The invited person's own answers: the only page that ever reads one person's answers,
    and only their own."""
    invitation = get_invitation_for(request.user, round_id)
    round_ = invitation.round
    response = Response.objects.filter(invitation=invitation).first()
    items = list(round_.instrument.items.all())
    is_open = round_.is_open(timezone.localdate())
    initial = {"version": response.version if response else None}
    if response:
        initial |= initial_from(Answer.objects.filter(response=response).select_related("item"))
    form = AnswerForm(request.POST or None, items=items, initial=initial)
    if request.method == "POST" and is_open and form.is_valid():
        try:
            actions.submit_response(
                invitation,
                answers=form.answers(),
                expected_version=form.cleaned_data.get("version"),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. Your answers are saved."))
            return redirect("collaboration:my_rounds")
    return render(
        request,
        "collaboration/answer.html",
        {
            "round": round_,
            "form": form,
            "is_open": is_open,
            "answered": response is not None,
            "min_group": min_group_size(),
        },
    )
