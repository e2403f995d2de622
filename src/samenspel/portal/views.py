"""The family portal's pages: the family's own voice in the plan (issue 17).

Every page goes through the access policy (`read_trajectory_for_user` → `get_family_for_user`,
which writes the access event): the family's pages need `Action.SPEAK_SELF` (a family member's
own login, from 12); the team's page (turning a proposed goal into a goal) `Action.EDIT`.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.access.policy import Action, Decision, visible_family_ids
from samenspel.accounts.models import Role
from samenspel.audit.models import EventType
from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.core.validators import whole_number
from samenspel.families.views.common import apply_errors, refusal_page
from samenspel.plans.draft_values import GoalValues, from_cleaned
from samenspel.plans.forms import GoalForm
from samenspel.plans.models import Evaluation, Goal, PlanVersion, VersionStatus
from samenspel.plans.queries import coordinator_of, hidden_member_ids, plan_content
from samenspel.portal import actions
from samenspel.portal.access import portal_trajectory
from samenspel.portal.drafting import drafted_form
from samenspel.portal.forms import EvaluationAnswerForm, MessageForm, ProposalForm, ViewForm
from samenspel.portal.models import EvaluationAnswer, FamilyMessage, FamilyView, GoalProposal
from samenspel.portal.queries import voice_of
from samenspel.trajectories.access import read_trajectory_for_user
from samenspel.trajectories.models import Meeting, Participant, Trajectory


def _newest_version(trajectory: Trajectory) -> PlanVersion | None:
    return (
        PlanVersion.objects.filter(plan__trajectory=trajectory)
        .select_related("plan")
        .order_by("-number")
        .first()
    )


@role_required(Role.FAMILY_MEMBER)
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The family's start page: their help (open trajectories) and what they can do there."""
    trajectories = list(
        Trajectory.objects.filter(
            family_id__in=visible_family_ids(request.user), closed_on__isnull=True
        )
        .select_related("family")
        .order_by("-opened_on", "id")
    )
    audit.record_each_family(
        EventType.READ,
        "portal.home.read",
        actor=request.user,
        request=request,
        family_ids=sorted({t.family_id for t in trajectories}),
        purpose="family_member",
    )
    return render(request, "portal/home.html", {"trajectories": trajectories})


@login_required
@refusal_page
def plan(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    """The plan in plain words, goal by goal, with what I think of it."""
    trajectory, decision, member = portal_trajectory(request, trajectory_id, "portal.plan.read")
    version = _newest_version(trajectory)
    context: dict[str, Any] = {
        "trajectory": trajectory,
        "family": trajectory.family,
        "member": member,
        "coordinator": coordinator_of(trajectory),
        "version": version,
    }
    if version is not None:
        content = plan_content(
            version, hidden_member_ids(request.user, trajectory.family, decision), decision
        )
        voice = voice_of(version, decision)
        mine = {
            view.goal_key: view
            for view in FamilyView.objects.filter(version=version, member=member)
        }
        context |= {
            "content": content,
            "goals": [(goal, mine.get(goal.key), voice.origin(goal)) for goal in content.goals],
            "mine_plan": mine.get(None),
            "voice": voice,
            "agreed": any(a.member_id == member.pk for a in content.assents),
            "decision": decision,
        }
    return render(request, "portal/plan.html", context)


def _goal(
    version: PlanVersion, key: str, request: AuthenticatedHttpRequest, decision: Decision
) -> Goal:
    """The goal `key` of `version`, if this reader may see it (else 404)."""
    try:
        wanted = uuid.UUID(key)
    except ValueError:
        raise Http404 from None
    content = plan_content(
        version, hidden_member_ids(request.user, version.plan.trajectory.family, decision), decision
    )
    goal = next((g for g in content.goals if g.key == wanted), None)
    if goal is None:
        raise Http404
    return goal


@login_required
@refusal_page
def view_edit(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    """Write what I think of the plan (no `?goal=`) or of one goal: agree or not, and why."""
    trajectory, decision, member = portal_trajectory(request, trajectory_id, "portal.view.form")
    version = _newest_version(trajectory)
    if version is None:
        raise Http404
    key = request.POST.get("goal", request.GET.get("goal", ""))
    goal: Goal | None = _goal(version, key, request, decision) if key else None
    goal_key = goal.key if goal is not None else None
    current = FamilyView.objects.filter(version=version, member=member, goal_key=goal_key).first()
    initial = (
        {
            "stance": current.stance,
            "reason": current.reason,
            "words": current.words,
            "team_only": current.team_only,
        }
        if current
        else {}
    )
    draft_key = f"view:{trajectory.pk}:{goal_key or 'plan'}"
    form, draft, kept = drafted_form(
        request,
        ViewForm,
        member=member,
        form_key=draft_key,
        family_id=trajectory.family_id,
        initial=initial,
    )
    if kept is not None:
        return kept
    theirs = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        revision = request.POST.get("_revision", "")
        try:
            actions.save_view(
                version,
                member=member,
                goal_key=goal_key,
                words=data["words"],
                stance=data["stance"],
                reason=data["reason"],
                team_only=data["team_only"],
                expected_revision=whole_number(revision),
                actor=request.user,
                request=request,
                draft_key=draft_key,
            )
        except actions.ViewChangedError as changed:
            theirs = changed.current
            current = theirs
            form.add_error(
                None,
                _(
                    "Someone saved this just before you. Look at what is there now. "
                    "Your own text is still in the form."
                ),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your words are saved."))
            anchor = f"#goal-{goal.pk}" if goal is not None else "#whole-plan"
            return redirect(reverse("portal:plan", args=[trajectory.pk]) + anchor)
    return render(
        request,
        "portal/view_form.html",
        {
            "trajectory": trajectory,
            "version": version,
            "goal": goal,
            "form": form,
            "revision": current.revision if current else "",
            "theirs": theirs,
            "member": member,
            "draft": draft,
        },
    )


@login_required
@refusal_page
def goal_propose(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    """Propose a goal in my own words; the team makes it a goal with me."""
    trajectory, _decision, member = portal_trajectory(
        request, trajectory_id, "portal.goal_proposal.form"
    )
    draft_key = f"goal:{trajectory.pk}"
    form, draft, kept = drafted_form(
        request,
        ProposalForm,
        member=member,
        form_key=draft_key,
        family_id=trajectory.family_id,
    )
    if kept is not None:
        return kept
    if request.method == "POST" and form.is_valid():
        try:
            actions.propose_goal(
                trajectory,
                member=member,
                words=form.cleaned_data["words"],
                why=form.cleaned_data["why"],
                actor=request.user,
                request=request,
                draft_key=draft_key,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you. The team will talk about your goal with you."))
            return redirect(reverse("portal:plan", args=[trajectory.pk]) + "#own-goals")
    mine = GoalProposal.objects.filter(trajectory=trajectory, member=member).order_by("-id")
    return render(
        request,
        "portal/proposal_form.html",
        {"trajectory": trajectory, "form": form, "mine": list(mine[:20]), "draft": draft},
    )


@login_required
@refusal_page
def proposal_adopt(
    request: AuthenticatedHttpRequest, trajectory_id: int, proposal_id: int
) -> HttpResponse:
    """The team turns a proposed goal into a GAS goal of the draft, with the family."""
    trajectory, _decision = read_trajectory_for_user(
        request,
        trajectory_id,
        action=Action.EDIT,
        audit_action="portal.goal_proposal.form",
        event_type=EventType.READ,
    )
    proposal = (
        GoalProposal.objects.select_related("member", "trajectory")
        .filter(pk=proposal_id, trajectory=trajectory)
        .first()
    )
    if proposal is None:
        raise Http404
    draft = (
        PlanVersion.objects.filter(plan__trajectory=trajectory, status=VersionStatus.DRAFT)
        .select_related("plan__trajectory")
        .first()
    )
    detail_url = reverse("plans:plan_detail", args=[trajectory.pk]) + "#goals"
    if draft is None:
        messages.error(request, _("Make a new version of the plan first: goals go into a draft."))
        return redirect(detail_url)
    if proposal.goal_key is not None:
        messages.info(request, _("This goal has already been added to the plan."))
        return redirect(detail_url)
    form = GoalForm(
        request.POST or None,
        trajectory=trajectory,
        initial={
            "title": proposal.words,
            "members": [proposal.member_id],
            "why_it_matters": proposal.why,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.adopt_proposal(
                proposal,
                cast(GoalValues, from_cleaned(Goal, form.cleaned_data)),
                version=draft,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The goal is in the draft, with the family's own words."))
            return redirect(detail_url)
    return render(
        request,
        "portal/adopt_form.html",
        {"trajectory": trajectory, "proposal": proposal, "form": form, "cancel_url": detail_url},
    )


@login_required
@refusal_page
def evaluation(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    """Before an evaluation: how are we doing on each goal (a face and words), how happy are
    we with the help, what goes well and what must change. The team reads it at the
    evaluation."""
    trajectory, decision, member = portal_trajectory(
        request, trajectory_id, "portal.evaluation_answer.form"
    )
    version = (
        PlanVersion.objects.filter(plan__trajectory=trajectory, status=VersionStatus.AGREED)
        .select_related("plan")
        .order_by("-number")
        .first()
    )
    if version is None:
        messages.info(
            request, _("There is no agreed plan yet. Then there is nothing to look back on.")
        )
        return redirect("portal:plan", trajectory_id=trajectory.pk)
    goals = plan_content(
        version, hidden_member_ids(request.user, trajectory.family, decision), decision
    ).goals
    round_ = Evaluation.objects.filter(trajectory=trajectory).count()
    earlier = EvaluationAnswer.objects.filter(
        trajectory=trajectory, member=member, round=round_
    ).first()
    initial: dict[str, Any] = {}
    if earlier is not None:
        initial = {
            "satisfaction": earlier.satisfaction,
            "goes_well": earlier.goes_well,
            "must_change": earlier.must_change,
        }
        for key, given in earlier.goals.items():
            initial[f"goal_{key}"] = given.get("feeling")
            initial[f"words_{key}"] = given.get("words", "")
    draft_key = f"evaluation:{trajectory.pk}"
    form, draft, kept = drafted_form(
        request,
        EvaluationAnswerForm,
        member=member,
        form_key=draft_key,
        family_id=trajectory.family_id,
        initial=initial,
        goals=goals,
    )
    if kept is not None:
        return kept
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_evaluation(
                trajectory,
                version=version,
                member=member,
                goals=form.goal_answers(),
                satisfaction=form.cleaned_data["satisfaction"],
                goes_well=form.cleaned_data["goes_well"],
                must_change=form.cleaned_data["must_change"],
                actor=request.user,
                request=request,
                draft_key=draft_key,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Thank you. The team reads your answers at the next meeting.")
            )
            return redirect("portal:plan", trajectory_id=trajectory.pk)
    return render(
        request,
        "portal/evaluation_form.html",
        {
            "trajectory": trajectory,
            "form": form,
            "answered": earlier is not None,
            "draft": draft,
        },
    )


@login_required
@refusal_page
def meetings(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    """Upcoming meetings: when, where, who comes; each can go into the phone's calendar
    (the iCalendar file of trajectories, which a family login may download)."""
    trajectory, decision, _member = portal_trajectory(request, trajectory_id, "portal.meeting.list")
    upcoming = list(
        Meeting.objects.filter(
            trajectory=trajectory, held=False, starts_at__gte=timezone.now() - timedelta(hours=2)
        )
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related(
                    "professional__user", "professional__home_organisation", "family_member"
                ).order_by("id"),
            )
        )
        .order_by("starts_at", "id")[:20]
    )
    rows = []
    for meeting in upcoming:
        people = []
        for participant in meeting.participants.all():
            if participant.professional is not None:
                people.append(
                    f"{participant.professional.user.full_name} "
                    f"({participant.professional.home_organisation.name})"
                )
            elif participant.family_member_id and decision.sees_member(
                participant.family_member_id
            ):
                people.append(participant.family_member.given_name)  # type: ignore[union-attr]
        rows.append({"meeting": meeting, "people": people})
    return render(request, "portal/meetings.html", {"trajectory": trajectory, "rows": rows})


@login_required
@refusal_page
def messages_page(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    """A short message to the coordinator; not a chat: no read receipts, office hours shown."""
    trajectory, _decision, member = portal_trajectory(request, trajectory_id, "portal.message.list")
    draft_key = f"message:{trajectory.pk}"
    form, draft, kept = drafted_form(
        request,
        MessageForm,
        member=member,
        form_key=draft_key,
        family_id=trajectory.family_id,
    )
    if kept is not None:
        return kept
    if request.method == "POST" and form.is_valid():
        try:
            actions.send_message(
                trajectory,
                member=member,
                text=form.cleaned_data["text"],
                actor=request.user,
                request=request,
                draft_key=draft_key,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your message is sent."))
            return redirect("portal:messages", trajectory_id=trajectory.pk)
    sent = list(FamilyMessage.objects.filter(trajectory=trajectory, member=member)[:20])
    return render(
        request,
        "portal/messages.html",
        {
            "trajectory": trajectory,
            "form": form,
            "sent": sent,
            "coordinator": coordinator_of(trajectory),
            "draft": draft,
            "office_hours": settings.SAMENSPEL_PORTAL_OFFICE_HOURS
            or _("Monday to Friday, from 9 to 5"),
        },
    )
