"""Reading the family plan: the list, one plan, the changes between versions, the PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel import audit
from samenspel.access.policy import Action, visible_family_ids
from samenspel.audit.models import EventType
from samenspel.core.http import AuthenticatedHttpRequest, render_page
from samenspel.core.paging import paginate
from samenspel.families.models import DataCategory
from samenspel.plans import actions
from samenspel.plans.access import read_plan_for_user
from samenspel.plans.diff import diff_versions
from samenspel.plans.models import Evaluation, Plan, PlanVersion
from samenspel.plans.queries import (
    coordinator_of,
    hidden_member_ids,
    owner_absences,
    plan_content,
    safety_concerns,
    versions_with_assents,
)
from samenspel.trajectories.models import Trajectory
from samenspel.trajectories.phases import Step, current_step, step_problems
from samenspel.trajectories.views.guard import phase_guard

PAGE_SIZE = 25
RECENT = 10


@login_required
def plan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The trajectories of every family this user may see, with where their plan stands:
    open ones (to start or continue a plan) and closed ones that have a plan."""
    latest = PlanVersion.objects.filter(plan__trajectory=OuterRef("pk")).order_by("-number")
    trajectories = (
        Trajectory.objects.filter(family_id__in=visible_family_ids(request.user))
        .filter(Q(closed_on__isnull=True) | Q(plan__isnull=False))
        .select_related("family")
        .annotate(
            plan_number=Subquery(latest.values("number")[:1]),
            plan_status=Subquery(latest.values("status")[:1]),
        )
        .order_by("family__name", "-opened_on", "id")
    )
    page = paginate(request, trajectories, per_page=PAGE_SIZE)
    # Which families' plans were listed is itself a read of client data (NEN 7513).
    audit.record(
        EventType.READ,
        "plans.plan.list",
        actor=request.user,
        request=request,
        detail={"page": page.number, "families": [t.family_id for t in page]},
    )
    return render_page(request, "plans/plan_list.html", {"page": page}, partial="plan-list")


def _version(plan: Plan, number: str | None) -> PlanVersion:
    versions = PlanVersion.objects.filter(plan=plan).select_related("changed_by", "agreed_by")
    if number:
        # A version number is a smallint: a larger one is simply not there (not a 500).
        valid = number.isascii() and number.isdigit() and int(number) < 2**15
        version = versions.filter(number=number).first() if valid else None
        if version is None:
            raise Http404
        return version
    return versions.order_by("-number").first()  # type: ignore[return-value]


@login_required
def plan_detail(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    """The plan in force (or the draft being written), as this user may see it."""
    trajectory, family, decision = read_plan_for_user(request, trajectory_id)
    # The recent versions with their plan (one per trajectory): no read of the plan alone,
    # unless it has no version to come with.
    versions = list(versions_with_assents(trajectory.pk)[:RECENT])
    plan = versions[0].plan if versions else Plan.objects.filter(trajectory=trajectory).first()
    context: dict[str, Any] = {
        "trajectory": trajectory,
        "family": family,
        "coordinator": coordinator_of(trajectory),
        "may_edit": decision.allows(Action.EDIT),
        "decision": decision,
        "sees_plan": decision.sees(DataCategory.HELP_QUESTIONS),
        "sees_safety": decision.sees(DataCategory.SAFETY),
    }
    if plan is None:
        # Starting the plan is a step of the phase Plan: before it, the page says why not
        # and links to what can be done now.
        context["start_problems"] = step_problems(trajectory, Step.START_PLAN)
        context["next_step"] = current_step(trajectory)
        return render(request, "plans/plan_missing.html", context)
    number = request.GET.get("version")
    # A recent version is in the list already (the newest first): no second read for it.
    listed = {str(v.number): v for v in versions}
    version = versions[0] if not number else listed.get(number) or _version(plan, number)
    content = plan_content(version, hidden_member_ids(request.user, family, decision), decision)
    evaluations = list(
        Evaluation.objects.filter(trajectory=trajectory)
        .select_related("plan_version")
        .order_by("-held_on", "-id")[:RECENT]
    )
    owners = [a.professional_id for a in content.actions if a.professional_id]
    absent_owners = owner_absences(trajectory, owners, timezone.localdate())
    # One warning per absent owner, with the suggestion to arrange cover.
    absence_warnings = list(
        {
            a.professional_id: (a.owner_label, absent_owners[a.professional_id])
            for a in content.actions
            if a.professional_id in absent_owners
        }.values()
    )
    context |= {
        "plan": plan,
        "version": version,
        "content": content,
        "absent_owners": absent_owners,
        "absence_warnings": absence_warnings,
        "versions": versions,
        "evaluations": evaluations,
        "safety_concerns": safety_concerns(trajectory, evaluations),
        # A draft is always the newest version (one at a time, numbered on).
        "has_draft": versions[0].is_draft,
        # A family member in the portal may agree with the agreed plan themselves.
        "may_agree_self": (
            decision.allows(Action.AGREE_SELF)
            and not version.is_draft
            and decision.member_id not in {a.member_id for a in content.assents}
        ),
    }
    return render(request, "plans/plan_detail.html", context)


@login_required
@require_POST
def plan_start(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    trajectory, _family, _d = read_plan_for_user(
        request, trajectory_id, action=Action.EDIT, audit_action="plans.plan.start"
    )
    if refusal := phase_guard(request, trajectory, Step.START_PLAN):
        return refusal
    try:
        actions.start_plan(trajectory, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The first draft of the family plan is ready to write."))
    return redirect("plans:plan_detail", trajectory_id=trajectory.pk)


@login_required
def version_diff(
    request: AuthenticatedHttpRequest, trajectory_id: int, number: int
) -> HttpResponse:
    """What changed from the previous version (or `?from=N`) to version `number`."""
    trajectory, family, decision = read_plan_for_user(
        request, trajectory_id, audit_action="plans.version.compare"
    )
    plan = Plan.objects.filter(trajectory=trajectory).first()
    if plan is None:
        raise Http404
    new = _version(plan, str(number))
    base = request.GET.get("from")
    old = _version(plan, base) if base else new.based_on
    if old is None:
        old = plan.versions.filter(number__lt=new.number).order_by("-number").first()
    if old is None:
        raise Http404
    hidden = hidden_member_ids(request.user, family, decision)
    changes = diff_versions(
        plan_content(old, hidden, decision), plan_content(new, hidden, decision)
    )
    return render(
        request,
        "plans/version_diff.html",
        {
            "trajectory": trajectory,
            "family": family,
            "old": old,
            "new": new,
            "changes": changes,
            "versions": list(plan.versions.order_by("-number").values_list("number", flat=True)),
        },
    )


@login_required
def plan_pdf(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    """The plan for the family as a PDF: their words first, who does what, signature lines.
    Every print is an access event (NEN 7513)."""
    trajectory, family, decision = read_plan_for_user(
        request,
        trajectory_id,
        action=Action.PRINT,
        audit_action="plans.plan.print",
        event_type=EventType.PRINT,
    )
    plan = Plan.objects.filter(trajectory=trajectory).first()
    if plan is None:
        raise Http404
    version = _version(plan, request.GET.get("version"))
    content = plan_content(version, hidden_member_ids(request.user, family, decision), decision)
    html = render_to_string(
        "plans/plan_pdf.html",
        {
            "family": family,
            "trajectory": trajectory,
            "version": version,
            "content": content,
            "coordinator": coordinator_of(trajectory),
            "members": [
                member
                for member in family.members.order_by("date_of_birth", "id")
                if decision.sees_member(member.pk)
            ],
            "safety_concerns": safety_concerns(trajectory),
            "decision": decision,
            "sees_plan": decision.sees(DataCategory.HELP_QUESTIONS),
            "sees_safety": decision.sees(DataCategory.SAFETY),
        },
        request=request,
    )
    from weasyprint import HTML  # heavy import, only when printing

    # No base URL: the template carries its own styles and fetches nothing.
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"gezinsplan-{trajectory.pk}-v{version.number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
