"""Choosing between proposed professionals (issue 17, "Choose"): the family sees who the team
proposes ("een gezicht bij een naam": photo, introduction, languages) and says whom they
prefer and why; the coordinator offers and takes back from the team page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.access.policy import Action
from samenspel.audit.models import EventType
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.families.views.common import apply_errors, refusal_page
from samenspel.network.models import Expertise, ProfessionalPhoto
from samenspel.portal.access import portal_trajectory
from samenspel.portal.actions import choice as choice_actions
from samenspel.portal.drafting import drafted_form
from samenspel.portal.forms import ChoiceForm, OfferForm
from samenspel.portal.models import ProfessionalOffer
from samenspel.portal.queries import offers_for
from samenspel.trajectories import matching
from samenspel.trajectories.access import get_trajectory_for_user, require_coordinator
from samenspel.trajectories.models import Trajectory


@login_required
@refusal_page
def choose(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    """Who the team proposes, and whom I prefer (with why, when it is not the advice)."""
    trajectory, decision, member = portal_trajectory(request, trajectory_id, "portal.choice.form")
    offers = offers_for(trajectory.pk, decision)
    mine = next((c for c in offers.choices if c.member_id == member.pk), None)
    initial = {"offer": mine.offer_id, "reason": mine.reason} if mine else {}
    draft_key = f"choice:{trajectory.pk}"
    form, draft, kept = drafted_form(
        request,
        ChoiceForm,
        member=member,
        form_key=draft_key,
        family_id=trajectory.family_id,
        initial=initial,
        offers=offers.open,
    )
    if kept is not None:
        return kept
    if request.method == "POST" and form.is_valid():
        try:
            choice_actions.choose_professional(
                trajectory,
                member=member,
                offer_id=form.cleaned_data["offer"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                request=request,
                draft_key=draft_key,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you. The team reads your choice."))
            return redirect("portal:plan", trajectory_id=trajectory.pk)
    others = [c for c in offers.choices if c.member_id != member.pk]
    return render(
        request,
        "portal/choose.html",
        {
            "trajectory": trajectory,
            "offers": offers,
            "form": form,
            "mine": mine,
            "others": others,
            "draft": draft,
        },
    )


@login_required
@refusal_page
def offer_photo(
    request: AuthenticatedHttpRequest, trajectory_id: int, offer_id: int
) -> HttpResponse:
    """The photo of a professional offered to this family, for the family's own login."""
    trajectory, _decision, _member = portal_trajectory(request, trajectory_id, "portal.choice.form")
    offer = ProfessionalOffer.objects.filter(
        pk=offer_id, trajectory=trajectory, withdrawn_at__isnull=True
    ).first()
    photo = (
        ProfessionalPhoto.objects.filter(professional_id=offer.professional_id).first()
        if offer
        else None
    )
    if photo is None:
        raise Http404
    response = HttpResponse(bytes(photo.image), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response


def _ranking(trajectory: Trajectory) -> list[matching.Proposal]:
    """The proposals the team page shows (the same criteria, limit and order)."""
    criteria = matching.criteria_for(trajectory)
    names = dict(
        Expertise.objects.filter(pk__in=criteria.needed_expertise).values_list("pk", "name")
    )
    limit = 30 if criteria.needed_expertise else 10
    return matching.rank(criteria, limit=limit, names=names)[:10]


@login_required
@require_POST
def offer_create(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    """Put a proposal before the family; it must still be one of the page's proposals."""
    trajectory = get_trajectory_for_user(
        request,
        trajectory_id,
        action=Action.EDIT,
        audit_action="portal.offer.create",
        event_type=EventType.UPDATE,
    )
    require_coordinator(request.user, trajectory)
    form = OfferForm(request.POST)
    wanted = form.cleaned_data["professional"] if form.is_valid() else None
    proposal = next((p for p in _ranking(trajectory) if p.professional.pk == wanted), None)
    if proposal is None:
        messages.error(request, _("This professional is no longer among the proposals."))
    else:
        choice_actions.offer_professional(
            trajectory, proposal=proposal, actor=request.user, request=request
        )
        messages.success(
            request,
            _("%(name)s is proposed to the family. They see it in their portal.")
            % {"name": proposal.professional.user.full_name},
        )
    return redirect("trajectories:compose", pk=trajectory.pk)


@login_required
@require_POST
def offer_withdraw(
    request: AuthenticatedHttpRequest, trajectory_id: int, offer_id: int
) -> HttpResponse:
    trajectory = get_trajectory_for_user(
        request,
        trajectory_id,
        action=Action.EDIT,
        audit_action="portal.offer.withdraw",
        event_type=EventType.UPDATE,
    )
    require_coordinator(request.user, trajectory)
    offer = ProfessionalOffer.objects.filter(
        pk=offer_id, trajectory=trajectory, withdrawn_at__isnull=True
    ).first()
    if offer is None:
        raise Http404
    choice_actions.withdraw_offer(offer, actor=request.user, request=request)
    messages.success(request, _("The proposal is taken back; the family no longer sees it."))
    return redirect("trajectories:compose", pk=trajectory.pk)
