"""Consent (toestemming): the overview of what is shared with whom right now, recording a
consent under the age rules, and withdrawing one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.access.policy import Action, Decision, get_family_for_user
from samenspel.access.scope import role_tokens
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.families import actions
from samenspel.families.forms import ConsentForm, WithdrawConsentForm
from samenspel.families.models import Consent
from samenspel.families.values import ConsentValues
from samenspel.families.views.common import apply_errors, refusal_page
from samenspel.trajectories.models import CareTeamRole


@login_required
@refusal_page
def consent_list(request: AuthenticatedHttpRequest, family_id: int) -> HttpResponse:
    family, decision = get_family_for_user(
        request, family_id, action=Action.VIEW, audit_action="families.consent.list"
    )
    today = timezone.localdate()
    consents = list(
        Consent.objects.filter(family=family).prefetch_related(
            "about", "given_by", "recipient_organisations"
        )
    )
    for consent in consents:
        consent.status = consent.status_on(today)  # type: ignore[attr-defined]
        _limit_names(consent, decision)
    return render(
        request,
        "families/consent_list.html",
        {
            "family": family,
            "active": [c for c in consents if c.status == "active"],  # type: ignore[attr-defined]
            "other": [c for c in consents if c.status != "active"],  # type: ignore[attr-defined]
            "can_edit": decision.allows(Action.EDIT),
            "decision": decision,
        },
    )


def _limit_names(consent: Consent, decision: Decision) -> None:
    """The members a consent names, as far as this reader may see them (members and categories:
    a withheld member is not named; the page says how many it leaves out)."""
    for part in ("about", "given_by"):
        named = list(getattr(consent, part).all())
        shown = [member for member in named if decision.sees_member(member.pk)]
        setattr(consent, f"{part}_shown", shown)
        setattr(consent, f"{part}_withheld", len(named) - len(shown))
    # "Withdrawn by" is typed text that may name a withheld member.
    consent.withdrawn_by_shown = (  # type: ignore[attr-defined]
        consent.withdrawn_by if decision.scope is None else ""
    )
    roles = dict(CareTeamRole.choices)
    consent.role_labels = [  # type: ignore[attr-defined]
        str(roles.get(token, token)) for token in role_tokens(consent.recipient_roles)
    ]


@login_required
@refusal_page
def consent_add(request: AuthenticatedHttpRequest, family_id: int) -> HttpResponse:
    family, _decision = get_family_for_user(
        request, family_id, action=Action.EDIT, audit_action="families.consent.form"
    )
    form = ConsentForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = ConsentValues(
            about=list(data["about"]),
            given_by=list(data["given_by"]),
            recipients=list(data["recipient_organisations"]),
            purpose=data["purpose"],
            purpose_detail=data["purpose_detail"],
            # The form joins the ticked role codes with commas, as the consent stores them.
            recipient_roles=[role for role in data["recipient_roles"].split(",") if role],
            data_categories=data["data_categories"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            obtained_how=data["obtained_how"],
        )
        try:
            actions.record_consent(family, actor=request.user, values=values, request=request)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The consent has been recorded."))
            return redirect("families:consent_list", family_id=family.pk)
    return render(
        request,
        "families/form_page.html",
        {"family": family, "form": form, "title": _("Record consent")},
    )


@login_required
@refusal_page
def consent_withdraw(
    request: AuthenticatedHttpRequest, family_id: int, consent_id: int
) -> HttpResponse:
    family, _decision = get_family_for_user(
        request, family_id, action=Action.EDIT, audit_action="families.consent.withdraw_form"
    )
    consent = Consent.objects.filter(pk=consent_id, family=family).first()
    if consent is None:
        raise Http404
    form = WithdrawConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.withdraw_consent(
                consent,
                actor=request.user,
                withdrawn_by=form.cleaned_data["withdrawn_by"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The consent has been withdrawn."))
            return redirect("families:consent_list", family_id=family.pk)
    return render(
        request,
        "families/form_page.html",
        {"family": family, "form": form, "title": _("Withdraw consent")},
    )
