"""The family list and the family file (gezinsdossier) with its members, relations,
informal network and confidential sections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel import audit
from samenspel.access.policy import (
    Action,
    confidential_member_ids,
    get_family_for_user,
)
from samenspel.audit.models import EventType
from samenspel.core.confirm import confirm_first
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.core.paging import paginate
from samenspel.families import actions
from samenspel.families.forms import (
    ConfidentialSectionForm,
    FamilyForm,
    InformalContactForm,
    MemberEditForm,
    MemberForm,
    RelationForm,
)
from samenspel.families.models import (
    ConfidentialSection,
    Consent,
    DataCategory,
    Family,
    FamilyMember,
    HelpQuestion,
    InformalNetworkContact,
    MemberRelation,
    Registration,
)
from samenspel.families.views.common import apply_errors, refusal_page


@login_required
def family_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The families this user may see, and nothing else (the policy's queryset)."""
    families = (
        Family.objects.visible_to(request.user)
        .select_related("network")
        .annotate(member_count=Count("members"))
        .order_by("name", "id")
    )
    page = paginate(request, families)
    audit.record(
        EventType.READ,
        "families.family.list",
        actor=request.user,
        request=request,
        detail={"page": page.number, "families": [f.pk for f in page]},
    )
    return render(request, "families/family_list.html", {"page": page})


@login_required
@refusal_page
def family_detail(request: AuthenticatedHttpRequest, family_id: int) -> HttpResponse:
    printing = request.GET.get("print") == "1"
    family, decision = get_family_for_user(
        request,
        family_id,
        action=Action.PRINT if printing else Action.VIEW,
        audit_action="families.family.print" if printing else "families.family.read",
        event_type=EventType.PRINT if printing else EventType.READ,
    )
    hidden = confidential_member_ids(request.user, family, decision=decision)
    everyone = list(family.members.all())
    # Members by categories (access/scope.py): a withheld member is not named at all.
    members = [
        (member, decision.sees_about(member.pk, DataCategory.PERSONAL))
        for member in everyone
        if decision.sees_member(member.pk)
    ]
    shown = {member.pk for member, _personal in members}
    registrations = (
        Registration.objects.filter(family=family)
        .select_related("referrer_organisation", "verwijsindex_flagged_by")
        .prefetch_related(
            Prefetch(
                "help_questions",
                HelpQuestion.objects.prefetch_related("life_domains"),
            ),
            "meldcode_steps",
        )
    )
    relations = [
        relation
        for relation in MemberRelation.objects.filter(member__family=family).select_related(
            "member", "other"
        )
        if {relation.member_id, relation.other_id} <= shown
        and decision.sees_about(relation.other_id, DataCategory.PERSONAL)
    ]
    sections = (
        ConfidentialSection.objects.filter(member__family=family)
        .exclude(member_id__in=hidden)
        .select_related("member")
    )
    today = timezone.localdate()
    active_consents = Consent.objects.filter(family=family).active_on(today).count()
    return render(
        request,
        "families/family_detail.html",
        {
            "family": family,
            "decision": decision,
            "members": members,
            "withheld_members": len(everyone) - len(members) - len(decision.renewal_due),
            "renewal_due": len(decision.renewal_due),
            "hidden": hidden,
            "relations": relations,
            "informal": family.informal_network.all(),
            "registrations": registrations,
            "sections": sections,
            "active_consents": active_consents,
            "can_edit": decision.allows(Action.EDIT),
            "can_export": decision.allows(Action.EXPORT),
            "can_add_confidential": decision.allows(Action.ADD_CONFIDENTIAL),
            "sees_personal": decision.sees(DataCategory.PERSONAL),
            "sees_help": decision.sees(DataCategory.HELP_QUESTIONS),
            "sees_safety": decision.sees(DataCategory.SAFETY),
            "break_glass": decision.emergency,
            "today": today,
            "printing": printing,
        },
    )


def _editable(request: AuthenticatedHttpRequest, family_id: int, audit_action: str) -> Family:
    family, _decision = get_family_for_user(
        request, family_id, action=Action.EDIT, audit_action=audit_action
    )
    return family


@login_required
@refusal_page
def family_edit(request: AuthenticatedHttpRequest, family_id: int) -> HttpResponse:
    family = _editable(request, family_id, "families.family.form")
    form = FamilyForm(request.POST or None, instance=family, initial={"version": family.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_family(
                Family.objects.get(pk=family.pk),
                actor=request.user,
                data=actions.FamilyData(
                    name=data["name"],
                    address=data["address"],
                    postcode=data["postcode"],
                    city=data["city"],
                    district=data["district"],
                ),
                version=form.cleaned_data["version"] or 0,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The family's details have been saved."))
            return redirect("families:family_detail", family_id=family.pk)
    return render(request, "families/form_page.html", _page(family, form, _("Edit details")))


@login_required
@refusal_page
def member_add(request: AuthenticatedHttpRequest, family_id: int) -> HttpResponse:
    family = _editable(request, family_id, "families.member.form")
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_member(
                family, actions.MemberData(**form.cleaned_data), actor=request.user, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The family member has been added."))
            return redirect("families:family_detail", family_id=family.pk)
    return render(request, "families/form_page.html", _page(family, form, _("Add a family member")))


@login_required
@refusal_page
def member_edit(request: AuthenticatedHttpRequest, family_id: int, member_id: int) -> HttpResponse:
    family = _editable(request, family_id, "families.member.form")
    member = FamilyMember.objects.filter(pk=member_id, family=family).first()
    if member is None:
        raise Http404
    initial = {
        name: getattr(member, name)
        for name in ("given_name", "family_name", "date_of_birth", "role", "gender", "deceased")
    }
    form = MemberEditForm(request.POST or None, initial={**initial, "version": family.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            actions.update_member(
                member,
                actor=request.user,
                version=data.pop("version"),
                bsn=data.pop("bsn"),
                remove_bsn=data.pop("remove_bsn"),
                changes=actions.MemberChanges(**data),
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The family member has been saved."))
            return redirect("families:family_detail", family_id=family.pk)
    title = _("Edit %(name)s") % {"name": member}
    return render(request, "families/form_page.html", _page(family, form, title))


@login_required
@refusal_page
def relation_add(request: AuthenticatedHttpRequest, family_id: int) -> HttpResponse:
    family = _editable(request, family_id, "families.relation.form")
    form = RelationForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_relation(
                data["member"],
                kind=data["kind"],
                other=data["other"],
                parental_authority=data["parental_authority"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The relation has been added."))
            return redirect("families:family_detail", family_id=family.pk)
    return render(request, "families/form_page.html", _page(family, form, _("Add a relation")))


@login_required
@refusal_page
def informal_add(request: AuthenticatedHttpRequest, family_id: int) -> HttpResponse:
    family = _editable(request, family_id, "families.informal_contact.form")
    form = InformalContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_informal_contact(
                family,
                actor=request.user,
                values=actions.ContactValues(**form.cleaned_data),
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The contact has been added to the family's network."))
            return redirect("families:family_detail", family_id=family.pk)
    title = _("Add someone from the family's own network")
    return render(request, "families/form_page.html", _page(family, form, title))


@login_required
@refusal_page
def confidential_add(request: AuthenticatedHttpRequest, family_id: int) -> HttpResponse:
    family, decision = get_family_for_user(
        request, family_id, action=Action.EDIT, audit_action="families.confidential.form"
    )
    if not decision.allows(Action.ADD_CONFIDENTIAL):
        raise PermissionDenied
    form = ConfidentialSectionForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_confidential_section(
                data["member"],
                actor=request.user,
                title=data["title"],
                content=data["content"],
                allowed_roles=data["allowed_roles"],
                allowed_professionals=list(data["allowed_professionals"]),
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The confidential section has been saved."))
            return redirect("families:family_detail", family_id=family.pk)
    title = _("Add a confidential section")
    return render(request, "families/form_page.html", _page(family, form, title))


@login_required
@require_POST
@refusal_page
def relation_remove(
    request: AuthenticatedHttpRequest, family_id: int, relation_id: int
) -> HttpResponse:
    family = _editable(request, family_id, "families.relation.form")
    relation = MemberRelation.objects.filter(pk=relation_id, member__family=family).first()
    if relation is None:
        raise Http404
    back = reverse("families:family_detail", args=[family.pk])
    if ask := confirm_first(
        request,
        question=_("Remove this relation?"),
        consequence=_("The relation is taken out of the family file."),
        button=_("Remove"),
        back=back,
    ):
        return ask
    actions.remove_relation(relation, actor=request.user, request=request)
    messages.success(request, _("The relation has been removed."))
    return redirect("families:family_detail", family_id=family.pk)


@login_required
@require_POST
@refusal_page
def informal_remove(
    request: AuthenticatedHttpRequest, family_id: int, contact_id: int
) -> HttpResponse:
    family = _editable(request, family_id, "families.informal_contact.form")
    contact = InformalNetworkContact.objects.filter(pk=contact_id, family=family).first()
    if contact is None:
        raise Http404
    back = reverse("families:family_detail", args=[family.pk])
    if ask := confirm_first(
        request,
        question=_("Remove this contact?"),
        consequence=_("The contact is taken out of the family's own network."),
        button=_("Remove"),
        back=back,
    ):
        return ask
    actions.remove_informal_contact(contact, actor=request.user, request=request)
    messages.success(request, _("The contact has been removed from the family's network."))
    return redirect("families:family_detail", family_id=family.pk)


def _page(family: Family, form: object, title: str) -> dict[str, object]:
    return {"family": family, "form": form, "title": title}
