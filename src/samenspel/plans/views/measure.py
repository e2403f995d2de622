"""Measuring progress: the evaluation record (GAS), ZRM and other assessments, the trends."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samenspel.access.policy import Action
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.core.paging import paginate
from samenspel.families.models import DataCategory, Registration
from samenspel.plans import actions
from samenspel.plans.access import read_plan_for_user
from samenspel.plans.forms import AssessmentForm, EvaluationForm
from samenspel.plans.models import (
    Evaluation,
    InstrumentKind,
    InstrumentVersion,
    PlanVersion,
    VersionStatus,
)
from samenspel.plans.queries import evaluation_warnings, hidden_member_ids, is_visible
from samenspel.plans.trends import domain_trends, goal_trends, questionnaire_totals
from samenspel.trajectories.phases import Step
from samenspel.trajectories.views.guard import phase_guard

# Instruments an assessment can be taken with; GAS is scored in the evaluation itself.
ASSESSMENT_KINDS = (InstrumentKind.ZRM, InstrumentKind.ORS, InstrumentKind.SRS)
EVALUATIONS_PER_PAGE = 20


@login_required
def evaluation_new(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    """The evaluation of this cycle: every goal of the agreed plan scored on −2 … +2."""
    trajectory, family, decision = read_plan_for_user(
        request, trajectory_id, action=Action.EDIT, audit_action="plans.evaluation.edit"
    )
    if refusal := phase_guard(request, trajectory, Step.EVALUATE):
        return refusal
    version = (
        PlanVersion.objects.filter(plan__trajectory=trajectory, status=VersionStatus.AGREED)
        .order_by("-number")
        .first()
    )
    if version is None:
        messages.error(request, _("There is no agreed plan to evaluate yet."))
        return redirect("plans:plan_detail", trajectory_id=trajectory.pk)
    hidden = hidden_member_ids(request.user, family, decision)
    goals = [
        goal
        for goal in version.goals.select_related("domain").prefetch_related("members")
        if is_visible(goal, hidden)
    ]
    form = EvaluationForm(request.POST or None, goals=goals, trajectory=trajectory)
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        warnings = evaluation_warnings(trajectory, version, data["held_on"])
    if (
        request.method == "POST"
        and form.is_valid()
        and (not warnings or form.cleaned_data["despite_warnings"])
    ):
        data = form.cleaned_data
        try:
            evaluation = actions.record_evaluation(
                trajectory,
                version=version,
                held_on=data["held_on"],
                step=data["step"],
                next_evaluation_on=data["next_evaluation_on"],
                scores=form.scores(),
                goes_well=data["goes_well"],
                must_change=data["must_change"],
                plan_changes=data["plan_changes"],
                meeting=data["meeting"],
                safety_status=data["safety_status"],
                safety_notes=data["safety_notes"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if evaluation.t_score is not None:
                messages.success(
                    request,
                    _("The evaluation is recorded. GAS T-score: %(score).1f.")
                    % {"score": evaluation.t_score},
                )
            if evaluation.raises_safety_concerns:
                # Concerns lead straight into the Meldcode steps (families app), as at
                # registration: the next step to record is already chosen there.
                registration = Registration.objects.filter(trajectory=trajectory).first()
                if registration is not None:
                    messages.warning(
                        request,
                        _(
                            "The evaluation raised concerns about safety: record the next "
                            "Meldcode step, and write the safety plan into the family plan."
                        ),
                    )
                    return redirect(
                        "families:meldcode_add",
                        family_id=trajectory.family_id,
                        registration_id=registration.pk,
                    )
            return redirect("plans:plan_detail", trajectory_id=trajectory.pk)
    return render(
        request,
        "plans/evaluation_form.html",
        # The decision, for the family's own answers and words (portal/_team_evaluation.html).
        {
            "trajectory": trajectory,
            "version": version,
            "form": form,
            "warnings": warnings,
            "decision": decision,
        },
    )


@login_required
def assessment_new(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    """A ZRM (or ZRM-Huishoudens, ORS, SRS) measurement: only the domains that matter."""
    trajectory, _family, _d = read_plan_for_user(
        request, trajectory_id, action=Action.EDIT, audit_action="plans.assessment.edit"
    )
    instruments = list(
        InstrumentVersion.objects.filter(is_current=True, instrument__kind__in=ASSESSMENT_KINDS)
        .select_related("instrument")
        .order_by("instrument__kind", "instrument__name")
    )
    code = request.GET.get("instrument", "zrm-2017")
    chosen = next((v for v in instruments if v.instrument.code == code), None)
    if chosen is None:
        raise Http404
    form = AssessmentForm(request.POST or None, trajectory=trajectory, instrument_version=chosen)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_assessment(
                trajectory,
                instrument_version=chosen,
                assessed_on=form.cleaned_data["assessed_on"],
                scores=form.scores(),
                member=form.cleaned_data["member"],
                evaluation=form.cleaned_data["evaluation"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The measurement is recorded."))
            return redirect("plans:trends", trajectory_id=trajectory.pk)
    return render(
        request,
        "plans/assessment_form.html",
        {"trajectory": trajectory, "instruments": instruments, "chosen": chosen, "form": form},
    )


@login_required
def trends(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    """Pictures of progress: GAS per goal, the T-score, and ZRM per life domain."""
    trajectory, family, decision = read_plan_for_user(
        request, trajectory_id, audit_action="plans.trends.read"
    )
    if decision.partial:
        # Scores per goal and per life domain, about every member: not for a reader who
        # sees part of the file (access/scope.py).
        return render(
            request,
            "plans/trends.html",
            {"trajectory": trajectory, "family": family, "decision": decision, "withheld": True},
        )
    hidden = hidden_member_ids(request.user, family, decision)
    summary, per_goal = goal_trends(trajectory, hidden)
    return render(
        request,
        "plans/trends.html",
        {
            "trajectory": trajectory,
            "family": family,
            "summary": summary,
            "goals": per_goal,
            "domains": domain_trends(trajectory, hidden),
            "questionnaires": questionnaire_totals(trajectory, hidden),
        },
    )


@login_required
def evaluation_list(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    """Every evaluation of this trajectory, newest first, a page at a time."""
    trajectory, family, decision = read_plan_for_user(
        request, trajectory_id, audit_action="plans.evaluation.list"
    )
    evaluations = (
        # Their words and scores are about every member: withheld from a partial reader.
        (Evaluation.objects.none() if decision.partial else Evaluation.objects)
        .filter(trajectory=trajectory)
        .select_related("plan_version")
        .order_by("-held_on", "-id")
    )
    page = paginate(request, evaluations, per_page=EVALUATIONS_PER_PAGE)
    return render(
        request,
        "plans/evaluation_list.html",
        {
            "trajectory": trajectory,
            "family": family,
            "page": page,
            "evaluations": page,
            "decision": decision,
            "withheld": decision.partial,
            "sees_safety": decision.sees(DataCategory.SAFETY),
        },
    )
