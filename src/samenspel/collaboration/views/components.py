"""The twelve components rated with the family (seed 004), from the professional's plan and
evaluation pages: B1 Dutch, every component optional. A family portal calls the same action
(`actions.record_component_rating` with `rated_by=RatedBy.FAMILY`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samenspel.access.policy import Action
from samenspel.collaboration import actions
from samenspel.collaboration.forms import AnswerForm, RatingForm
from samenspel.collaboration.models import Instrument
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.plans.access import read_plan_for_user


@login_required
def component_rating(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    trajectory, _family, _decision = read_plan_for_user(
        request,
        trajectory_id,
        action=Action.EDIT,
        audit_action="collaboration.components.edit",
    )
    instrument = Instrument.objects.filter(code="twaalf-componenten-gezin", is_current=True).first()
    items = list(instrument.items.all()) if instrument else []
    meta = RatingForm(request.POST or None)
    form = AnswerForm(request.POST or None, items=items, all_optional=True)
    if request.method == "POST" and meta.is_valid() and form.is_valid():
        try:
            rating = actions.record_component_rating(
                trajectory,
                moment=meta.cleaned_data["moment"],
                rated_by=meta.cleaned_data["rated_by"],
                scores=form.answers(),
                instrument=instrument,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Thank you. The family's rating is saved.")
                if rating
                else _("Nothing was rated; nothing is saved."),
            )
            return redirect("plans:plan_detail", trajectory_id=trajectory.pk)
    return render(
        request,
        "collaboration/component_rating.html",
        {"trajectory": trajectory, "instrument": instrument, "meta": meta, "form": form},
    )
