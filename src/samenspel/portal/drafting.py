"""Drafts on the family's pages: the "Keep as draft" button of every portal form (no
JavaScript needed) and the draft put back in the form when the member comes back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.portal.actions.drafts import draft_data, my_draft, save_draft

if TYPE_CHECKING:
    from django import forms
    from django.http import HttpResponse

    from samenspel.core.http import AuthenticatedHttpRequest
    from samenspel.families.models import FamilyMember
    from samenspel.portal.models import PortalDraft

DRAFT_BUTTON = "_draft"


def keep_draft(
    request: AuthenticatedHttpRequest,
    form: forms.BaseForm,
    *,
    member: FamilyMember,
    form_key: str,
    family_id: int,
) -> HttpResponse | None:
    """When the member pressed "Keep as draft": keep what they typed (not checked: it is not
    sent) and show the same page again; htmx gets a short "kept" line instead."""
    if request.method != "POST" or DRAFT_BUTTON not in request.POST:
        return None
    save_draft(
        member=member,
        form_key=form_key,
        data=draft_data(request.POST, form.fields),
        family_id=family_id,
        actor=request.user,
        request=request,
    )
    if getattr(request, "htmx", False):
        response = render(request, "portal/_draft_saved.html", {"saved_at": timezone.now()})
        response["Vary"] = "HX-Request"
        return response
    messages.success(request, _("Your draft is kept. You can go on later."))
    return redirect(request.get_full_path())


def restored(
    request: AuthenticatedHttpRequest,
    initial: dict[str, Any],
    *,
    member: FamilyMember,
    form_key: str,
) -> tuple[dict[str, Any], PortalDraft | None]:
    """The form's initial values with the member's own draft over them (on GET only)."""
    if request.method == "POST":
        return initial, None
    draft = my_draft(member=member, user=request.user, form_key=form_key)
    if draft is None:
        return initial, None
    return {**initial, **draft.data}, draft


def drafted_form[F: forms.BaseForm](
    request: AuthenticatedHttpRequest,
    form_class: type[F],
    *,
    member: FamilyMember,
    form_key: str,
    family_id: int,
    initial: dict[str, Any] | None = None,
    **kwargs: Any,
) -> tuple[F, PortalDraft | None, HttpResponse | None]:
    """A portal page's form with the member's own draft over `initial` (on GET), the draft,
    and the answer to "Keep as draft" when that was pressed (None: go on as usual)."""
    initial, draft = restored(request, initial or {}, member=member, form_key=form_key)
    form = form_class(request.POST or None, initial=initial, **kwargs)
    kept = keep_draft(request, form, member=member, form_key=form_key, family_id=family_id)
    return form, draft, kept
