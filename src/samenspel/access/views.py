"""Break-the-glass: the form that opens a file outside the care team, and the review list
for the security officer and the network's coordinators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.access import actions
from samenspel.access.forms import BreakGlassForm, ReviewForm
from samenspel.access.models import BREAK_GLASS_DURATION, BreakGlassAccess
from samenspel.access.queues import reviewable_break_glass
from samenspel.access.renewal import open_renewals
from samenspel.accounts.models import Role
from samenspel.audit.models import EventType
from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.core.paging import paginate
from samenspel.families.models import Family
from samenspel.families.views.common import apply_errors


@login_required
def break_glass(request: AuthenticatedHttpRequest, family_id: int) -> HttpResponse:
    family = Family.objects.filter(pk=family_id).first()
    # Only professionals working in the family's network even learn that this page exists.
    if family is None or not actions.may_break_glass(request.user, family):
        raise Http404
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.open_break_glass(
                family, actor=request.user, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.warning(request, _("Emergency access is open. It will be reviewed."))
            return redirect("families:family_detail", family_id=family.pk)
    hours = int(BREAK_GLASS_DURATION.total_seconds() // 3600)
    return render(
        request, "access/break_glass.html", {"family": family, "form": form, "hours": hours}
    )


def _reviewable(request: AuthenticatedHttpRequest) -> QuerySet[BreakGlassAccess]:
    return reviewable_break_glass(request.user).select_related(
        "user", "family__network", "reviewed_by"
    )


@role_required(Role.SECURITY_OFFICER, Role.COORDINATOR)
def break_glass_review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    accesses = _reviewable(request).order_by("reviewed_at", "-opened_at", "-id")
    page = paginate(request, accesses)
    audit.record(
        EventType.READ,
        "access.break_glass.list",
        actor=request.user,
        request=request,
        purpose="review",
        detail={"accesses": [a.pk for a in page]},
    )
    return render(request, "access/review_list.html", {"page": page, "form": ReviewForm()})


@role_required(Role.SECURITY_OFFICER, Role.COORDINATOR)
def break_glass_review(request: AuthenticatedHttpRequest, access_id: int) -> HttpResponse:
    access = _reviewable(request).filter(pk=access_id).first()
    if access is None:
        raise Http404
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.review_break_glass(
                access,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except PermissionDenied:
            raise
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your review has been recorded."))
            return redirect("access:break_glass_review_list")
    officer = request.user.has_role(Role.SECURITY_OFFICER)
    return render(
        request, "access/review.html", {"access": access, "form": form, "officer": officer}
    )


@role_required(Role.PROFESSIONAL, Role.COORDINATOR)
def consent_renewals(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coordinator's tasks "ask consent again": a child of a family they coordinate
    reaches 12 (or 16) and the consent given before stops counting on that day."""
    today = timezone.localdate()
    tasks = open_renewals(request.user, on=today)
    page = paginate(request, tasks)
    audit.record(
        EventType.READ,
        "access.consent_renewal.list",
        actor=request.user,
        request=request,
        purpose="care_team",
        detail={"families": sorted({task.consent.family_id for task in page})},
    )
    return render(request, "access/renewal_list.html", {"page": page, "today": today})
