"""Writing the family plan: the draft's text, goals, actions and notes (with the merge screen
when two people saved the same row), agreeing it, and starting a new version."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samenspel.access.policy import Action
from samenspel.core.confirm import confirm_first
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.core.validators import whole_number
from samenspel.families.models import FamilyMember
from samenspel.plans import actions, draft_values, merge
from samenspel.plans.access import read_plan_for_user
from samenspel.plans.forms import (
    AgreeForm,
    DomainNoteForm,
    GoalForm,
    MemberAgreementForm,
    NewVersionForm,
    PlanActionForm,
    VersionForm,
)
from samenspel.plans.models import (
    AgreedVersionIsFinalError,
    AssentMethod,
    DomainNote,
    Goal,
    Plan,
    PlanAction,
    PlanVersion,
    VersionStatus,
)
from samenspel.plans.queries import hidden_member_ids, is_visible
from samenspel.trajectories.models import Trajectory
from samenspel.trajectories.phases import Step
from samenspel.trajectories.views.guard import phase_guard

# The kinds of draft rows, by the name in their URL.
KINDS: dict[str, tuple[type[models.Model], type[forms.ModelForm], Any, str]] = {
    "goal": (Goal, GoalForm, gettext_lazy("Goal"), "goals"),
    "action": (PlanAction, PlanActionForm, gettext_lazy("Action"), "who-does-what"),
    "note": (DomainNote, DomainNoteForm, gettext_lazy("Strengths and concerns"), "domains"),
}

# The access-log names per kind, written out (audit/vocabulary.py is checked against them).
EDIT_ACTIONS = {"goal": "plans.goal.edit", "action": "plans.action.edit", "note": "plans.note.edit"}
REMOVE_ACTIONS = {
    "goal": "plans.goal.remove",
    "action": "plans.action.remove",
    "note": "plans.note.remove",
}


def _draft(trajectory: Trajectory) -> PlanVersion:
    draft = (
        PlanVersion.objects.filter(plan__trajectory=trajectory, status=VersionStatus.DRAFT)
        .select_related("plan__trajectory")
        .first()
    )
    if draft is None:
        raise Http404
    return draft


def _revision(value: str | None) -> int | None:
    return whole_number(value)


def _detail_url(trajectory: Trajectory, anchor: str = "") -> str:
    url = reverse("plans:plan_detail", kwargs={"trajectory_id": trajectory.pk})
    return f"{url}#{anchor}" if anchor else url


def _edit(
    request: AuthenticatedHttpRequest,
    *,
    trajectory: Trajectory,
    version: PlanVersion,
    instance: Any,
    form_class: type[forms.ModelForm],
    form_kwargs: dict[str, Any],
    title: str,
    anchor: str,
) -> HttpResponse:
    """The edit page of one draft row, with optimistic concurrency and the merge screen."""
    base_token = request.POST.get("_base", "")
    if request.method == "POST":
        data = request.POST.copy()
        theirs = merge.unsign(data.get("_theirs", "")) or {}
        for name, value in theirs.items():  # back from the merge screen: chosen per field
            if data.get(f"resolve-{name}") == "theirs":
                data.setlist(name, value)
        form = form_class(data, instance=instance, **form_kwargs)
        if form.is_valid():
            try:
                actions.save_draft_item(
                    form.instance,
                    draft_values.from_cleaned(type(form.instance), form.cleaned_data),
                    version=version,
                    expected_revision=_revision(data.get("_revision")),
                    actor=request.user,
                    request=request,
                )
            except actions.EditConflictError as conflict:
                return _merge_screen(
                    request,
                    form=form,
                    form_kwargs=form_kwargs,
                    trajectory=trajectory,
                    current=conflict.current,
                    base_token=base_token,
                    title=title,
                    anchor=anchor,
                )
            except AgreedVersionIsFinalError:
                messages.error(request, _("This version was agreed meanwhile; nothing changed."))
                return redirect(_detail_url(trajectory))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(_detail_url(trajectory, anchor))
        revision = data.get("_revision", "")
    else:
        form = form_class(instance=instance, **form_kwargs)
        base_token = merge.sign(merge.initial_snapshot(form))
        revision = str(instance.revision) if instance.pk else ""
    return render(
        request,
        "plans/item_form.html",
        {
            "trajectory": trajectory,
            "form": form,
            "title": title,
            "base": base_token,
            "revision": revision,
            "cancel_url": _detail_url(trajectory, anchor),
            "instance": instance,
        },
    )


def _merge_screen(
    request: AuthenticatedHttpRequest,
    *,
    form: forms.ModelForm,
    form_kwargs: dict[str, Any],
    trajectory: Trajectory,
    current: Any,
    base_token: str,
    title: str,
    anchor: str,
) -> HttpResponse:
    """Somebody saved this row after it was opened: merge, show what they changed, and let
    the person choose per field where both changed it. Nothing they typed is lost."""
    form_class = type(form)
    theirs_form = form_class(instance=current, **form_kwargs)
    theirs = merge.initial_snapshot(theirs_form)
    base = merge.unsign(base_token) or {}
    mine = merge.cleaned_snapshot(form)
    merged, conflicts = merge.merge(base, mine, theirs)
    data = QueryDict(mutable=True)
    for name, value in merged.items():
        data.setlist(name, value)
    merged_form = form_class(data, instance=current, **form_kwargs)

    def shown(name: str, value: Any) -> str:
        field = form.fields[name]
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            return str(dict(field.choices).get(value, value)) if value else "—"  # type: ignore[arg-type]
        return merge.display(value)

    rows = [
        merge.Conflict(
            name,
            str(form.fields[name].label),
            shown(name, form.cleaned_data.get(name)),
            shown(name, getattr(current, name)),
        )
        for name in conflicts
    ]
    taken = [
        str(form.fields[name].label)
        for name in merged
        if name not in conflicts and merged[name] == theirs[name] != mine[name]
    ]
    return render(
        request,
        "plans/merge.html",
        {
            "trajectory": trajectory,
            "form": merged_form,
            "title": title,
            "conflicts": rows,
            "taken": taken,
            "current": current,
            "base": merge.sign(theirs),
            "theirs": merge.sign(theirs),
            "revision": current.revision,
            "cancel_url": _detail_url(trajectory, anchor),
        },
        status=409,
    )


@login_required
def version_edit(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    """The draft's own text: the family's words, the safety plan, why it changes."""
    trajectory, _family, _d = read_plan_for_user(
        request, trajectory_id, action=Action.EDIT, audit_action="plans.version.edit"
    )
    if refusal := phase_guard(request, trajectory, Step.EDIT_PLAN):
        return refusal
    draft = _draft(trajectory)
    return _edit(
        request,
        trajectory=trajectory,
        version=draft,
        instance=draft,
        form_class=VersionForm,
        form_kwargs={"trajectory": trajectory},
        title=_("Our plan in our own words"),
        anchor="family-words",
    )


@login_required
def item_edit(
    request: AuthenticatedHttpRequest, trajectory_id: int, kind: str, item_id: int | None = None
) -> HttpResponse:
    """Add or change a goal, an action or a note on strengths and concerns in the draft."""
    if kind not in KINDS:
        raise Http404
    model, form_class, label, anchor = KINDS[kind]
    trajectory, family, decision = read_plan_for_user(
        request, trajectory_id, action=Action.EDIT, audit_action=EDIT_ACTIONS[kind]
    )
    if refusal := phase_guard(request, trajectory, Step.EDIT_PLAN):
        return refusal
    draft = _draft(trajectory)
    if item_id is None:
        instance = model(version=draft)
    else:
        instance = _draft_item(model, draft, item_id)
        if not _may_see(instance, request, family, decision):
            raise Http404
    form_kwargs: dict[str, Any] = {"trajectory": trajectory}
    if model is PlanAction:
        form_kwargs["version"] = draft
        form_kwargs["hidden_member_ids"] = hidden_member_ids(request.user, family, decision)
    return _edit(
        request,
        trajectory=trajectory,
        version=draft,
        instance=instance,
        form_class=form_class,
        form_kwargs=form_kwargs,
        title=str(label),
        anchor=anchor,
    )


def _draft_item(model: type[models.Model], draft: PlanVersion, item_id: int) -> Any:
    item = model._default_manager.filter(pk=item_id, version=draft).first()
    if item is None:
        raise Http404
    return item


def _may_see(item: Any, request: AuthenticatedHttpRequest, family: Any, decision: Any) -> bool:
    if isinstance(item, PlanAction):
        item = item.goal
    if item is None or not getattr(item, "confidential", False):
        return True
    return is_visible(item, hidden_member_ids(request.user, family, decision))


@login_required
@require_POST
def item_remove(
    request: AuthenticatedHttpRequest, trajectory_id: int, kind: str, item_id: int
) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    model, _form, _label, anchor = KINDS[kind]
    trajectory, family, decision = read_plan_for_user(
        request, trajectory_id, action=Action.EDIT, audit_action=REMOVE_ACTIONS[kind]
    )
    if refusal := phase_guard(request, trajectory, Step.EDIT_PLAN):
        return refusal
    item = _draft_item(model, _draft(trajectory), item_id)
    if not _may_see(item, request, family, decision):
        raise Http404
    if ask := confirm_first(
        request,
        question=_("Remove this from the draft?"),
        consequence=_("It is taken out of the draft plan; agreed versions do not change."),
        button=_("Remove"),
        back=_detail_url(trajectory, anchor),
    ):
        return ask
    try:
        actions.remove_draft_item(
            item,
            expected_revision=_revision(request.POST.get("_revision")) or 0,
            actor=request.user,
            request=request,
        )
    except actions.EditConflictError:
        messages.error(
            request, _("Somebody changed this meanwhile. Look at it again before removing it.")
        )
    except AgreedVersionIsFinalError:
        messages.error(request, _("This version was agreed meanwhile; nothing changed."))
    else:
        messages.success(request, _("Removed from the draft."))
    return redirect(_detail_url(trajectory, anchor))


@login_required
def version_agree(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    """The coordinator agrees the draft, with the family members who agree now."""
    trajectory, _family, _d = read_plan_for_user(
        request, trajectory_id, action=Action.EDIT, audit_action="plans.version.agree"
    )
    if not actions.is_coordinator(request.user, trajectory):
        raise PermissionDenied
    if refusal := phase_guard(request, trajectory, Step.AGREE_PLAN):
        return refusal
    draft = _draft(trajectory)
    form = AgreeForm(request.POST or None, trajectory=trajectory)
    if request.method == "POST" and form.is_valid():
        try:
            actions.agree_version(
                draft,
                actor=request.user,
                agreed_on=form.cleaned_data["agreed_on"],
                coordinator_method=form.cleaned_data["coordinator_method"],
                members=form.member_methods(),
                request=request,
            )
        except (ValidationError, AgreedVersionIsFinalError) as error:
            messages.error(
                request,
                " ".join(error.messages)
                if isinstance(error, ValidationError)
                else _("This version was agreed meanwhile."),
            )
        else:
            messages.success(
                request,
                _("Version %(number)s is agreed. From now on it stays as it is.")
                % {"number": draft.number},
            )
        return redirect(_detail_url(trajectory))
    return render(
        request,
        "plans/agree_form.html",
        {"trajectory": trajectory, "version": draft, "form": form},
    )


@login_required
def member_agreement_new(
    request: AuthenticatedHttpRequest, trajectory_id: int, number: int
) -> HttpResponse:
    """A family member agrees later: on paper, or in the family portal."""
    trajectory, _family, _d = read_plan_for_user(
        request, trajectory_id, action=Action.EDIT, audit_action="plans.agreement.edit"
    )
    if refusal := phase_guard(request, trajectory, Step.AGREE_PLAN):
        return refusal
    version = PlanVersion.objects.filter(
        plan__trajectory=trajectory, number=number, status=VersionStatus.AGREED
    ).first()
    if version is None:
        raise Http404
    agreed = set(version.assents.exclude(member=None).values_list("member_id", flat=True))
    form = MemberAgreementForm(request.POST or None, trajectory=trajectory, agreed=agreed)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_member_agreement(
                version,
                member=form.cleaned_data["member"],
                method=form.cleaned_data["method"],
                agreed_on=form.cleaned_data["agreed_on"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The agreement is recorded."))
            return redirect(_detail_url(trajectory, "agreements"))
    return render(
        request,
        "plans/member_agreement_form.html",
        {"trajectory": trajectory, "version": version, "form": form},
    )


@login_required
@require_POST
def own_agreement(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    """A family member agrees with an agreed version themselves, in the family portal."""
    trajectory, _family, decision = read_plan_for_user(
        request, trajectory_id, audit_action="plans.agreement.own"
    )
    if not decision.allows(Action.AGREE_SELF) or decision.member_id is None:
        raise PermissionDenied
    number = request.POST.get("version", "")
    version = PlanVersion.objects.filter(
        plan__trajectory=trajectory,
        status=VersionStatus.AGREED,
        number=whole_number(number, 2**15 - 1) or 0,
    ).first()
    member = FamilyMember.objects.filter(pk=decision.member_id).first()
    if version is None or member is None:
        raise Http404
    try:
        actions.record_member_agreement(
            version,
            member=member,
            method=AssentMethod.PORTAL,
            agreed_on=timezone.localdate(),
            actor=request.user,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you. You agreed with the plan."))
    return redirect(_detail_url(trajectory, "agreements"))


@login_required
def version_new(request: AuthenticatedHttpRequest, trajectory_id: int) -> HttpResponse:
    """A new draft from the agreed plan, at an MDO or an evaluation."""
    trajectory, _family, _d = read_plan_for_user(
        request, trajectory_id, action=Action.EDIT, audit_action="plans.version.new"
    )
    if refusal := phase_guard(request, trajectory, Step.EDIT_PLAN):
        return refusal
    plan = Plan.objects.filter(trajectory=trajectory).first()
    if plan is None:
        raise Http404
    form = NewVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.start_new_version(
                plan,
                occasion=form.cleaned_data["occasion"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(number)s is a draft now: change what was decided.")
                % {"number": version.number},
            )
            return redirect(_detail_url(trajectory))
    return render(request, "plans/version_new.html", {"trajectory": trajectory, "form": form})
