"""Consent in the family portal (issue 17, point 4): which organisation may see what about
whom until when, in B1; giving it (everyone the age rules name confirms) and withdrawing it
(at once, logged). Every page needs the policy's `Action.CONSENT_SELF` (a family login)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.access.policy import Decision
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.families.models import Consent, Family, FamilyMember
from samenspel.families.views.common import apply_errors, refusal_page
from samenspel.network.models import Organisation
from samenspel.portal import actions
from samenspel.portal.access import portal_family
from samenspel.portal.forms import CATEGORY_WORDS, PortalConsentForm, WithdrawForm
from samenspel.portal.models import ConsentConfirmation, ConsentDraft
from samenspel.trajectories.models import CareTeamMembership


def _shown(members: list[FamilyMember], decision: Decision) -> list[FamilyMember]:
    return [m for m in members if decision.sees_member(m.pk)]


def _concerns(member: FamilyMember, about: list[FamilyMember], givers: list[FamilyMember]) -> bool:
    """Is this consent one for this member's eyes: about them, given by them, or about a
    child they decide for? (A child's login does not read the parents' consents.)"""
    today = timezone.localdate()
    return any(m.pk == member.pk for m in [*about, *givers]) or any(
        actions.may_consent_for(member, m, on=today) for m in about
    )


@login_required
@refusal_page
def consents(request: AuthenticatedHttpRequest, family_id: int) -> HttpResponse:
    family, decision, member = portal_family(request, family_id, "portal.consent.list")
    today = timezone.localdate()
    rows = []
    for consent in Consent.objects.filter(family=family).prefetch_related(
        "about", "given_by", "recipient_organisations"
    ):
        about, givers = list(consent.about.all()), list(consent.given_by.all())
        if not _concerns(member, about, givers):
            continue
        rows.append(
            {
                "consent": consent,
                "status": consent.status_on(today),
                "organisations": [o.name for o in consent.recipient_organisations.all()],
                "about": [m.given_name for m in _shown(about, decision)],
                "what": [str(CATEGORY_WORDS.get(c, c)) for c in consent.data_categories],
                "may_withdraw": consent.status_on(today) != "withdrawn"
                and actions.may_withdraw(consent, member),
            }
        )
    waiting = []
    for draft in ConsentDraft.objects.filter(family=family, consent__isnull=True).prefetch_related(
        "organisations",
        "about",
        Prefetch("confirmations", queryset=ConsentConfirmation.objects.select_related("member")),
    ):
        about = list(draft.about.all())
        confirmed = {c.member_id for c in draft.confirmations.all()}
        if not _concerns(member, about, [c.member for c in draft.confirmations.all()]):
            continue
        waiting.append(
            {
                "draft": draft,
                "organisations": [o.name for o in draft.organisations.all()],
                "about": [m.given_name for m in _shown(about, decision)],
                "what": [str(CATEGORY_WORDS.get(c, c)) for c in draft.categories],
                "needed": actions.still_needed(draft),
                "may_confirm": member.pk not in confirmed
                and any(actions.may_consent_for(member, m, on=today) for m in about),
            }
        )
    active = [row for row in rows if row["status"] == "active"]
    other = [row for row in rows if row["status"] != "active"]
    return render(
        request,
        "portal/consents.html",
        {"family": family, "active": active, "other": other, "waiting": waiting},
    )


def _team_organisations(family: Family) -> list[int]:
    return list(
        CareTeamMembership.objects.active_on(timezone.localdate())
        .filter(
            trajectory__family=family,
            trajectory__closed_on__isnull=True,
            organisation__isnull=False,
        )
        .values_list("organisation_id", flat=True)
        .distinct()
    )


@login_required
@refusal_page
def consent_new(request: AuthenticatedHttpRequest, family_id: int) -> HttpResponse:
    family, _decision, member = portal_family(request, family_id, "portal.consent.form")
    today = timezone.localdate()
    members = [
        m
        for m in FamilyMember.objects.filter(family=family).select_related("family__network")
        if actions.may_consent_for(member, m, on=today)
    ]
    form = PortalConsentForm(
        request.POST or None,
        organisations=Organisation.objects.filter(pk__in=_team_organisations(family)).order_by(
            "name"
        ),
        members=FamilyMember.objects.filter(pk__in=[m.pk for m in members]).order_by("id"),
        initial={"valid_until": today + datetime.timedelta(days=365), "about": [member.pk]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draft = actions.start_consent(
                family,
                member=member,
                organisations=list(data["organisations"]),
                categories=list(data["categories"]),
                about=list(data["about"]),
                valid_until=data["valid_until"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if draft.consent_id:
                messages.success(request, _("Thank you. Your consent counts from today."))
            else:
                messages.success(
                    request,
                    _("Thank you. Someone else must also say yes. Then the consent counts."),
                )
            return redirect("portal:consents", family_id=family.pk)
    return render(request, "portal/consent_form.html", {"family": family, "form": form})


@login_required
@refusal_page
@require_POST
def consent_confirm(
    request: AuthenticatedHttpRequest, family_id: int, draft_id: int
) -> HttpResponse:
    family, _decision, member = portal_family(request, family_id, "portal.consent.form")
    draft = ConsentDraft.objects.filter(pk=draft_id, family=family).first()
    if draft is None:
        raise Http404
    try:
        draft = actions.confirm_consent(draft, member=member, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if draft.consent_id:
            messages.success(request, _("Thank you. The consent counts from today."))
        else:
            messages.success(request, _("Thank you. Someone else must also say yes."))
    return redirect("portal:consents", family_id=family.pk)


@login_required
@refusal_page
def consent_withdraw(
    request: AuthenticatedHttpRequest, family_id: int, consent_id: int
) -> HttpResponse:
    family, decision, member = portal_family(request, family_id, "portal.consent.withdraw_form")
    consent = (
        Consent.objects.filter(pk=consent_id, family=family, withdrawn_at__isnull=True)
        .prefetch_related("recipient_organisations", "about")
        .first()
    )
    if consent is None or not actions.may_withdraw(consent, member):
        raise Http404
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.withdraw_own_consent(
                consent,
                member=member,
                reason=form.cleaned_data["reason"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The consent is withdrawn. It stopped right now."))
            return redirect("portal:consents", family_id=family.pk)
    return render(
        request,
        "portal/consent_withdraw.html",
        {
            "family": family,
            "form": form,
            "consent": consent,
            "organisations": [o.name for o in consent.recipient_organisations.all()],
            "about": [m.given_name for m in _shown(list(consent.about.all()), decision)],
        },
    )
