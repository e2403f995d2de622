"""The family's rights: "wie heeft ons dossier ingezien" (who looked at our file), export
(PDF for people, JSON for machines), and destruction (after the retention period or on
request), with the coordinator's retention review list."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.access.policy import (
    Action,
    confidential_member_ids,
    destruction_ground,
    get_family_for_user,
)
from samenspel.access.redact import limit_export
from samenspel.accounts.models import Role
from samenspel.audit import vocabulary
from samenspel.audit.models import AccessEvent, EventType, Outcome
from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.core.paging import paginate
from samenspel.families import retention, wording
from samenspel.families.export import family_export
from samenspel.families.forms import ConfirmDestructionForm, DestructionForm, RetentionRuleForm
from samenspel.families.models import (
    DestructionKind,
    DestructionProposal,
    DestructionRecord,
    Family,
    FamilyMember,
)
from samenspel.families.views.common import apply_errors, refusal_page
from samenspel.network.models import Network


@login_required
@refusal_page
def access_history(request: AuthenticatedHttpRequest, family_id: int) -> HttpResponse:
    """Who looked at or changed our file: when, which organisation and role, what, and on
    which ground; refused attempts as refusals. Written for the family (B1), printable. The
    family's own reads are left out unless asked for (`?own=1`): they would fill the top."""
    printing = request.GET.get("print") == "1"
    with_own = request.GET.get("own") == "1"
    family, _decision = get_family_for_user(
        request,
        family_id,
        action=Action.PRINT if printing else Action.VIEW,
        audit_action="families.access_history.print"
        if printing
        else "families.access_history.read",
        event_type=EventType.PRINT if printing else EventType.READ,
    )
    events = (
        AccessEvent.objects.about_family(family.pk)
        .exclude(event_type__in=[EventType.LOG_ACCESS])
        .select_related("user__professional__home_organisation")
        .order_by("-id")
    )
    if not with_own:
        own_logins = FamilyMember.objects.filter(family=family, user__isnull=False).values("user")
        events = events.exclude(user__in=own_logins)
    page = paginate(request, events, per_page=50)
    rows = [_history_row(event) for event in page]
    return render(
        request,
        "families/access_history.html",
        {
            "family": family,
            "page": page,
            "rows": rows,
            "printing": printing,
            "with_own": with_own,
            "page_query": "&own=1" if with_own else "",
        },
    )


def _history_row(event: AccessEvent) -> dict[str, object]:
    denied = event.outcome == Outcome.DENIED
    return {
        "when": event.occurred_at,
        # The name as logged then: a later change of name does not rewrite this history.
        "who": event.name_as_then,
        "role": wording.role(event.acting_role),
        "organisation": event.acting_organisation or _home_organisation(event),
        "what": _("tried to open your file") if denied else vocabulary.action_wording(event.action),
        "why": vocabulary.purpose_wording(event.purpose, refused=denied),
        "denied": denied,
    }


def _home_organisation(event: AccessEvent) -> str:
    """Events written before the network layer named the acting organisation: the
    professional's home organisation (the user's current one, so only as a fallback)."""
    professional = getattr(event.user, "professional", None) if event.user else None
    return professional.home_organisation.name if professional is not None else ""


def _export(
    request: AuthenticatedHttpRequest, family_id: int, audit_action: str
) -> tuple[Family, dict[str, Any]]:
    """The file as the export gives it to this person: what the policy lets them export,
    without the members whose sections are confidential to them (the same for JSON and PDF)."""
    family, decision = get_family_for_user(
        request,
        family_id,
        action=Action.EXPORT,
        audit_action=audit_action,
        event_type=EventType.EXPORT,
    )
    hidden = confidential_member_ids(request.user, family, decision=decision)
    return family, limit_export(family_export(family, hidden=hidden), decision)


@login_required
@refusal_page
def export_json(request: AuthenticatedHttpRequest, family_id: int) -> HttpResponse:
    family, data = _export(request, family_id, "families.family.export_json")
    body = json.dumps(data, cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gezinsdossier-{family.pk}.json"'
    return response


@login_required
@refusal_page
def export_pdf(request: AuthenticatedHttpRequest, family_id: int) -> HttpResponse:
    from weasyprint import HTML

    family, data = _export(request, family_id, "families.family.export_pdf")
    html = render_to_string(
        "families/export_pdf.html", {"family": family, "data": data}, request=request
    )
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="gezinsdossier-{family.pk}.pdf"'
    return response


def _deciding_networks(request: AuthenticatedHttpRequest) -> frozenset[int] | None:
    """The networks whose files this coordinator or security officer reviews (None: all)."""
    scopes = [
        request.user.networks_with_role(role)
        for role in (Role.COORDINATOR, Role.SECURITY_OFFICER)
        if request.user.has_role(role)
    ]
    if any(scope is None for scope in scopes):
        return None
    return frozenset().union(*scopes)  # type: ignore[arg-type]


@role_required(Role.COORDINATOR, Role.SECURITY_OFFICER)
def retention_review(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Files in the user's networks whose retention period has ended, destructions waiting
    for a second person, and the decisions taken so far. File numbers and dates only:
    nothing to read in the file."""
    networks = _deciding_networks(request)
    due = Family.objects.due_for_review(timezone.localdate()).select_related("network")
    records = DestructionRecord.objects.select_related("network", "decided_by")
    proposals = DestructionProposal.objects.select_related("family__network").order_by(
        "proposed_at", "id"
    )
    if networks is not None:
        due = due.filter(network_id__in=networks)
        records = records.filter(network_id__in=networks)
        proposals = proposals.filter(family__network_id__in=networks)
    page = paginate(request, due.order_by("retain_until", "id"))
    # Only the proposals this user may answer (a request is for the file's coordinator or
    # the security officer); a short list, so the policy is asked per proposal.
    waiting = [
        proposal
        for proposal in proposals[:50]
        if destruction_ground(request.user, proposal.family, kind=proposal.kind)
    ]
    audit.record(
        EventType.READ,
        "families.retention.list",
        actor=request.user,
        request=request,
        purpose="retention",
        detail={"families": [f.pk for f in page], "waiting": [p.family_id for p in waiting]},
    )
    return render(
        request,
        "families/retention_review.html",
        {"page": page, "records": records[:20], "waiting": waiting},
    )


@role_required(Role.COORDINATOR, Role.PROFESSIONAL, Role.SECURITY_OFFICER)
def family_destroy(request: AuthenticatedHttpRequest, family_id: int) -> HttpResponse:
    """Destruction, after the retention period or at the family's request: one authorised
    person proposes (or refuses a request), a second one confirms. Shows the file number,
    never the family's name: the security officer decides without reading the file."""
    family = Family.objects.select_related("network").filter(pk=family_id).first()
    proposal = (
        DestructionProposal.objects.select_related("proposed_by").filter(family=family).first()
        if family is not None
        else None
    )
    kinds = [proposal.kind] if proposal is not None else list(DestructionKind)
    ground = ""
    if family is not None:
        ground = next(
            (g for kind in kinds if (g := destruction_ground(request.user, family, kind=kind))),
            "",
        )
    if family is None or not ground:
        # Logged, so the security officer sees someone trying numbers; the user learns nothing.
        audit.record(
            EventType.READ,
            "families.family.destruction_form",
            actor=request.user,
            request=request,
            family_id=family_id,
            purpose="retention",
            outcome=Outcome.DENIED,
        )
        raise Http404
    if proposal is not None:
        return _answer_proposal(request, family, proposal, ground)
    form = DestructionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        asked = {
            "requested_by": data["requested_by"],
            "requested_on": data["requested_on"],
            "requested_how": data["requested_how"],
        }
        try:
            if data["decision"] == DestructionForm.DESTROY:
                retention.propose_destruction(
                    family,
                    actor=request.user,
                    kind=data["kind"],
                    grounds=data["grounds"],
                    request=request,
                    **asked,
                )
                messages.success(
                    request, _("Your proposal is recorded. A second person must confirm it.")
                )
                return redirect("families:family_destroy", family_id=family.pk)
            retention.refuse_destruction(
                family, actor=request.user, grounds=data["grounds"], request=request, **asked
            )
            messages.success(request, _("The refusal has been recorded."))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(_after_decision(request))
    else:
        _log_form(request, family, ground)
    return _destroy_page(request, family, form=form)


def _answer_proposal(
    request: AuthenticatedHttpRequest,
    family: Family,
    proposal: DestructionProposal,
    ground: str,
) -> HttpResponse:
    """The second person confirms or turns down; the proposer may only withdraw."""
    form = ConfirmDestructionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["answer"] == ConfirmDestructionForm.CONFIRM:
                retention.confirm_destruction(proposal, actor=request.user, request=request)
                messages.success(request, _("The file has been destroyed."))
            else:
                retention.cancel_destruction_proposal(proposal, actor=request.user, request=request)
                messages.success(request, _("The file will not be destroyed."))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(_after_decision(request))
    else:
        _log_form(request, family, ground)
    return _destroy_page(request, family, form=form, proposal=proposal)


def _log_form(request: AuthenticatedHttpRequest, family: Family, ground: str) -> None:
    audit.record(
        EventType.READ,
        "families.family.destruction_form",
        actor=request.user,
        request=request,
        family_id=family.pk,
        obj=family,
        purpose=ground,
    )


def _destroy_page(
    request: AuthenticatedHttpRequest,
    family: Family,
    *,
    form: forms.Form,
    proposal: DestructionProposal | None = None,
) -> HttpResponse:
    return render(
        request,
        "families/destroy.html",
        {
            "family": family,
            "form": form,
            "proposal": proposal,
            "own_proposal": proposal is not None and proposal.proposed_by_id == request.user.pk,
            "member_count": family.members.count(),
            "title": _("Destroy the file"),
        },
    )


def _after_decision(request: AuthenticatedHttpRequest) -> str:
    if request.user.has_role(Role.COORDINATOR, Role.SECURITY_OFFICER):
        return "families:retention_review"
    return "core:home"


@role_required(Role.NETWORK_ADMIN)
def retention_rules(request: AuthenticatedHttpRequest) -> HttpResponse:
    """How long each of the administrator's networks keeps its files."""
    networks = _administered(request).select_related("retention_rule").order_by("name")
    rows = [(network, retention.rule_of_network(network)) for network in networks]
    return render(request, "families/retention_rules.html", {"rows": rows})


@role_required(Role.NETWORK_ADMIN)
def retention_rule_edit(request: AuthenticatedHttpRequest, network_id: int) -> HttpResponse:
    network = _administered(request).filter(pk=network_id).first()
    if network is None:
        raise Http404
    basis, years = retention.rule_of_network(network)
    form = RetentionRuleForm(request.POST or None, initial={"basis": basis, "years": years})
    if request.method == "POST" and form.is_valid():
        try:
            retention.set_retention_rule(
                network, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The retention rule has been saved."))
            return redirect("families:retention_rules")
    return render(request, "families/retention_rule_form.html", {"network": network, "form": form})


def _administered(request: AuthenticatedHttpRequest) -> QuerySet[Network]:
    networks = request.user.networks_with_role(Role.NETWORK_ADMIN)
    if networks is None:
        return Network.objects.all()
    return Network.objects.filter(pk__in=networks)
