"""Forms of the family plan. Every form validates what people type and says what is wrong
in plain words; rules that also hold outside a form live in `actions`."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.forms import SafeForm, SafeModelChoiceField, SafeModelForm
from samenspel.families.models import FamilyMember
from samenspel.network.models import Organisation, Professional
from samenspel.plans.draft_values import GOAL_FIELDS
from samenspel.plans.gas import GAS_LEVELS
from samenspel.plans.models import (
    ActionOwnerKind,
    AssentMethod,
    DomainNote,
    Evaluation,
    Goal,
    InstrumentKind,
    InstrumentVersion,
    Occasion,
    PlanAction,
    PlanVersion,
    Step,
)
from samenspel.plans.models.evaluation import SAFETY_CHOICES
from samenspel.plans.queries import life_domains
from samenspel.trajectories.models import (
    CareTeamMembership,
    Meeting,
    MeetingKind,
    Trajectory,
    TrajectorySettings,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


def _members(trajectory: Trajectory) -> Any:
    return FamilyMember.objects.filter(family_id=trajectory.family_id).order_by(
        "date_of_birth", "id"
    )


class VersionForm(SafeModelForm):
    """The version's own text: the family's words, the safety plan, why it changed."""

    class Meta:
        model = PlanVersion
        fields = ("family_words", "safety_plan", "change_reason")
        widgets = {
            "family_words": forms.Textarea(attrs={"rows": 4}),
            "safety_plan": forms.Textarea(attrs={"rows": 4}),
            "change_reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, trajectory: Trajectory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class DomainNoteForm(SafeModelForm):
    class Meta:
        model = DomainNote
        fields = ("domain", "member", "strengths", "concerns", "confidential")
        widgets = {
            "strengths": forms.Textarea(attrs={"rows": 3}),
            "concerns": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, trajectory: Trajectory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "domain").queryset = life_domains()
        _model_choice(self, "member").queryset = _members(trajectory)
        _model_choice(self, "member").empty_label = _("The whole household")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("strengths", "").strip() or data.get("concerns", "").strip()):
            raise forms.ValidationError(_("Write down a strength, a concern or both."))
        if data.get("confidential") and not data.get("member"):
            self.add_error(
                "member", _("A confidential note is about one person: choose who it is about.")
            )
        return data


class GoalForm(SafeModelForm):
    class Meta:
        model = Goal
        fields = GOAL_FIELDS
        widgets = {
            "members": forms.CheckboxSelectMultiple,
            "why_it_matters": forms.Textarea(attrs={"rows": 3}),
            "target_date": DateInput,
            "level_minus_2": forms.Textarea(attrs={"rows": 2}),
            "level_minus_1": forms.Textarea(attrs={"rows": 2}),
            "level_0": forms.Textarea(attrs={"rows": 2}),
            "level_plus_1": forms.Textarea(attrs={"rows": 2}),
            "level_plus_2": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, trajectory: Trajectory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "domain").queryset = life_domains()
        _model_choice(self, "members").queryset = _members(trajectory)
        cast(forms.IntegerField, self.fields["weight"]).min_value = 1
        self.fields["weight"].widget.attrs["min"] = 1
        self.fields["level_0"].error_messages["required"] = _(
            "Describe what it looks like when the goal is reached."
        )

    def clean_weight(self) -> int:
        weight = self.cleaned_data["weight"]
        if weight < 1:
            raise forms.ValidationError(_("The weight is 1 or more."))
        return weight

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("confidential") and not data.get("members"):
            self.add_error(
                "members", _("A confidential goal is about someone: choose for whom it is.")
            )
        return data


class PlanActionForm(SafeModelForm):
    class Meta:
        model = PlanAction
        fields = (
            "what",
            "goal",
            "owner_kind",
            "professional",
            "organisation",
            "member",
            "network_person",
            "due_on",
            "status",
        )
        widgets = {"owner_kind": forms.RadioSelect, "due_on": DateInput}

    def __init__(
        self,
        *args: Any,
        trajectory: Trajectory,
        version: PlanVersion,
        hidden_member_ids: set[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.trajectory = trajectory
        cast(forms.ChoiceField, self.fields["owner_kind"]).choices = ActionOwnerKind.choices
        # Confidential goals this user may not see are not offered (their titles would show).
        _model_choice(self, "goal").queryset = (
            version.goals.exclude(confidential=True, members__in=hidden_member_ids)
            .exclude(confidential=True, members__isnull=True)
            .order_by("id")
        )
        _model_choice(self, "goal").empty_label = _("Not for one goal in particular")
        team = CareTeamMembership.objects.filter(trajectory=trajectory)
        _model_choice(self, "professional").queryset = (
            Professional.objects.filter(care_team_memberships__in=team)
            .select_related("user")
            .distinct()
            .order_by("user__full_name")
        )
        _model_choice(self, "organisation").queryset = Organisation.objects.filter(
            pk__in=team.values("organisation")
        ).order_by("name")
        self.fields["organisation"].help_text = _(
            "Leave empty to use the organisation the professional works for in this team."
        )
        _model_choice(self, "member").queryset = _members(trajectory)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("owner_kind")
        if kind == ActionOwnerKind.PROFESSIONAL:
            professional = data.get("professional")
            if professional is None:
                self.add_error("professional", _("Choose the professional who does this."))
            elif data.get("organisation") is None:
                membership = (
                    CareTeamMembership.objects.filter(
                        trajectory=self.trajectory, professional=professional
                    )
                    .exclude(organisation=None)
                    .select_related("organisation")
                    .first()
                )
                data["organisation"] = (
                    membership.organisation if membership else professional.home_organisation
                )
            data["member"], data["network_person"] = None, ""
        elif kind == ActionOwnerKind.MEMBER:
            if data.get("member") is None:
                self.add_error("member", _("Choose the family member who does this."))
            data["professional"], data["organisation"], data["network_person"] = None, None, ""
        elif kind == ActionOwnerKind.NETWORK:
            if not data.get("network_person", "").strip():
                self.add_error("network_person", _("Write down who from the network does this."))
            data["professional"], data["organisation"], data["member"] = None, None, None
        return data


class AgreeForm(SafeForm):
    """The coordinator agrees the draft; family members who agree now are recorded too."""

    agreed_on = forms.DateField(label=_("Agreed on"), widget=DateInput)
    coordinator_method = forms.ChoiceField(
        label=_("How you agree as coordinator"),
        choices=AssentMethod.choices,
        initial=AssentMethod.MEETING,
    )

    def __init__(self, *args: Any, trajectory: Trajectory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreed_on"].initial = timezone.localdate()
        self.members = list(_members(trajectory))
        choices = [("", _("Not (yet)")), *AssentMethod.choices]
        for member in self.members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=_("%(name)s agrees") % {"name": member},
                choices=choices,
                required=False,
            )

    def clean_agreed_on(self) -> datetime.date:
        day = self.cleaned_data["agreed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The plan cannot be agreed on a day still to come."))
        return day

    def member_methods(self) -> dict[FamilyMember, str]:
        return {
            member: self.cleaned_data[f"member_{member.pk}"]
            for member in self.members
            if self.cleaned_data.get(f"member_{member.pk}")
        }


class MemberAgreementForm(SafeForm):
    """A family member agrees later: on paper, or in the family portal."""

    member = SafeModelChoiceField(label=_("Who agrees"), queryset=FamilyMember.objects.none())
    method = forms.ChoiceField(label=_("How"), choices=AssentMethod.choices)
    agreed_on = forms.DateField(label=_("When"), widget=DateInput)

    def __init__(self, *args: Any, trajectory: Trajectory, agreed: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "member").queryset = _members(trajectory).exclude(pk__in=agreed)
        self.fields["agreed_on"].initial = timezone.localdate()

    def clean_agreed_on(self) -> datetime.date:
        day = self.cleaned_data["agreed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Agreement cannot be recorded for a day still to come."))
        return day


class NewVersionForm(SafeForm):
    occasion = forms.ChoiceField(
        label=_("Made at"),
        choices=[
            (Occasion.MDO, Occasion.MDO.label),
            (Occasion.EVALUATION, Occasion.EVALUATION.label),
        ],
    )
    reason = forms.CharField(
        label=_("Why the plan changes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write down why the plan changes.")},
    )


GAS_CHOICES = [(str(value), f"{value:+d}" if value else "0") for value in GAS_LEVELS]


class EvaluationForm(SafeModelForm):
    """The evaluation record: a GAS score for every goal, and what the family and team
    concluded."""

    class Meta:
        model = Evaluation
        fields = (
            "meeting",
            "held_on",
            "goes_well",
            "must_change",
            "step",
            "next_evaluation_on",
            "plan_changes",
            "safety_status",
            "safety_notes",
        )
        widgets = {
            "safety_status": forms.RadioSelect,
            "safety_notes": forms.Textarea(attrs={"rows": 2}),
            "held_on": DateInput,
            "next_evaluation_on": DateInput,
            "goes_well": forms.Textarea(attrs={"rows": 3}),
            "must_change": forms.Textarea(attrs={"rows": 3}),
            "step": forms.RadioSelect,
        }

    def __init__(
        self, *args: Any, goals: list[Goal], trajectory: Trajectory, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        meetings = Meeting.objects.filter(
            trajectory=trajectory, kind=MeetingKind.EVALUATION
        ).order_by("-starts_at", "-id")
        _model_choice(self, "meeting").queryset = meetings
        _model_choice(self, "meeting").empty_label = _("Not in a planned meeting")
        self.fields["held_on"].initial = today
        # The network's own rhythm (trajectinstellingen), not a fixed six weeks.
        weeks = TrajectorySettings.for_network(trajectory.network_id).evaluation_interval_weeks
        self.fields["next_evaluation_on"].initial = today + datetime.timedelta(weeks=weeks)
        self.fields["next_evaluation_on"].help_text = _(
            "Suggested: today plus the network's rhythm of %(weeks)s weeks."
        ) % {"weeks": weeks}
        safety = cast(forms.ChoiceField, self.fields["safety_status"])
        safety.required = True
        safety.choices = SAFETY_CHOICES
        safety.label = _("Are basic care and safety in order now?")
        safety.help_text = _(
            "Asked again at every evaluation. With concerns, the Meldcode steps follow."
        )
        safety.error_messages["required"] = _("Answer the safety question.")
        # Saving despite a warning (several evaluations on one day, or one before the
        # plan was agreed) takes a deliberate tick.
        self.fields["despite_warnings"] = forms.BooleanField(
            label=_("Save anyway: I have read the warnings"), required=False
        )
        step = cast(forms.ChoiceField, self.fields["step"])
        step.choices = Step.choices  # a radio group needs no empty choice
        step.initial = Step.SAME
        self.fields["plan_changes"].help_text = _(
            "A new draft of the plan is made from this version, to change together."
        )
        self.goals = goals
        for goal in goals:
            self.fields[f"goal_{goal.pk}"] = forms.TypedChoiceField(
                label=goal.title,
                choices=[
                    (value, f"{value:+d} {text}".strip() if value else f"0 {text}".strip())
                    for value, text in goal.levels()
                ],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Score every goal: how far did it get?")},
            )
            self.fields[f"note_{goal.pk}"] = forms.CharField(
                label=_("Note on this goal"), required=False, max_length=500
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        held, following = data.get("held_on"), data.get("next_evaluation_on")
        if held and following and following <= held:
            self.add_error("next_evaluation_on", _("The next evaluation comes after this one."))
        if held and held > timezone.localdate():
            self.add_error("held_on", _("Record an evaluation once it has been held."))
        return data

    def goal_fields(self) -> list[tuple[Goal, forms.BoundField, forms.BoundField]]:
        return [(goal, self[f"goal_{goal.pk}"], self[f"note_{goal.pk}"]) for goal in self.goals]

    def scores(self) -> dict[Goal, tuple[int, str]]:
        return {
            goal: (self.cleaned_data[f"goal_{goal.pk}"], self.cleaned_data[f"note_{goal.pk}"])
            for goal in self.goals
        }


class AssessmentForm(SafeForm):
    """A ZRM (or other instrument) measurement: every domain may stay "not discussed"; a
    domain that is scored needs the reason it matters for the help question."""

    assessed_on = forms.DateField(label=_("Date"), widget=DateInput)
    member = SafeModelChoiceField(
        label=_("About"),
        queryset=FamilyMember.objects.none(),
        required=False,
        empty_label=_("The household as a whole"),
    )
    evaluation = SafeModelChoiceField(
        label=_("Part of the evaluation of"),
        queryset=Evaluation.objects.none(),
        required=False,
        empty_label=_("No evaluation"),
    )

    def __init__(
        self,
        *args: Any,
        trajectory: Trajectory,
        instrument_version: InstrumentVersion,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate()
        _model_choice(self, "member").queryset = _members(trajectory)
        evaluations = Evaluation.objects.filter(trajectory=trajectory).order_by("-held_on", "-id")
        _model_choice(self, "evaluation").queryset = evaluations
        self.fields["evaluation"].initial = evaluations.first()
        self.domains = list(instrument_version.domains.filter(scored=True).order_by("position"))
        # The ZRM asks why a domain matters for the help question (never all by force);
        # ORS and SRS are short questionnaires answered as a whole.
        self.asks_relevance = instrument_version.instrument.kind == InstrumentKind.ZRM
        levels = list(instrument_version.scale_levels.order_by("value"))
        choices = [("", _("Not discussed"))] + [
            (str(level.value), f"{level.value} {level.label}") for level in levels
        ]
        if not levels:
            choices += [
                (str(value), str(value))
                for value in range(instrument_version.scale_min, instrument_version.scale_max + 1)
            ]
        for domain in self.domains:
            self.fields[f"score_{domain.pk}"] = forms.ChoiceField(
                label=domain.label, choices=choices, required=False
            )
            why = (
                _("Why %(domain)s matters for the help question")
                if self.asks_relevance
                else _("Note on %(domain)s")
            )
            self.fields[f"why_{domain.pk}"] = forms.CharField(
                label=why % {"domain": domain.label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean_assessed_on(self) -> datetime.date:
        day = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Record a measurement once it has been taken."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scored = 0
        for domain in self.domains:
            if data.get(f"score_{domain.pk}"):
                scored += 1
                if self.asks_relevance and not data.get(f"why_{domain.pk}", "").strip():
                    self.add_error(
                        f"why_{domain.pk}",
                        _("Say why %(domain)s matters for the help question.")
                        % {"domain": domain.label},
                    )
        if not scored:
            raise forms.ValidationError(
                _("Score at least one domain. Leave the others as not discussed.")
            )
        return data

    def domain_fields(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [(d, self[f"score_{d.pk}"], self[f"why_{d.pk}"]) for d in self.domains]

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            domain.pk: (
                int(self.cleaned_data[f"score_{domain.pk}"]),
                self.cleaned_data[f"why_{domain.pk}"].strip(),
            )
            for domain in self.domains
            if self.cleaned_data.get(f"score_{domain.pk}")
        }
