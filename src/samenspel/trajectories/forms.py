"""Forms for the trajectory pages: they validate and convert; the actions do the work."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.forms import (
    ListedModelChoiceField,
    ListedModelMultipleChoiceField,
    SafeForm,
    SafeModelChoiceField,
    SafeModelForm,
    SafeModelMultipleChoiceField,
)
from samenspel.families.models import FamilyMember
from samenspel.network.models import (
    Area,
    Expertise,
    Language,
    Professional,
)
from samenspel.trajectories.models import (
    CareTeamRole,
    ClosureReason,
    MeetingKind,
    ObservationKind,
    Selection,
)
from samenspel.trajectories.outcomes import EARLY_REASONS
from samenspel.trajectories.picker import (
    PicksProfessionals,
    ProfessionalPicker,
    network_professionals,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from samenspel.trajectories.models import Trajectory


class DateInput(forms.DateInput):
    """A browser date picker: its value is always ISO 8601, whatever the language."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class PhaseForm(SafeForm):
    target = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    skip_reason = forms.CharField(
        label=_("Reason to skip the MDO"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TeamRequestForm(PicksProfessionals):
    picker_field = "preferred"
    needed_expertise = ListedModelMultipleChoiceField(
        label=_("Expertise needed"),
        queryset=Expertise.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the help question asks for (the wat-question)."),
    )
    languages = ListedModelMultipleChoiceField(
        label=_("Languages the family speaks"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    area = ListedModelChoiceField(label=_("Area"), queryset=Area.objects.all(), required=False)
    preferred = SafeModelMultipleChoiceField(
        label=_("Professionals the family asks for"),
        queryset=Professional.objects.none(),
        required=False,
        widget=ProfessionalPicker(key="preferred", multiple=True),
        help_text=_(
            "Search by name, organisation or expertise (at least two letters); "
            "tick the professionals the family asks for."
        ),
    )
    preference_note = forms.CharField(
        label=_("The family's wishes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, network_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["preferred"].queryset = network_professionals(network_id)  # type: ignore[attr-defined]


PICK_ONE_HELP = _(
    "Search by name, organisation or expertise (at least two letters), then choose one of "
    "the professionals found."
)


class AddMemberForm(PicksProfessionals):
    picker_field = "professional"
    professional = SafeModelChoiceField(
        label=_("Professional"),
        queryset=Professional.objects.none(),
        widget=ProfessionalPicker(key="add"),
        help_text=PICK_ONE_HELP,
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=CareTeamRole.choices, initial=CareTeamRole.WALK_ALONG
    )
    selection = forms.ChoiceField(
        label=_("How chosen"),
        choices=[
            (Selection.PROPOSAL, Selection.PROPOSAL.label),
            (Selection.FAMILY_CHOICE, Selection.FAMILY_CHOICE.label),
            (Selection.OTHER, Selection.OTHER.label),
        ],
    )
    selection_note = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the family chose otherwise than proposed."),
    )

    def __init__(self, *args: object, network_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["professional"].queryset = network_professionals(network_id)  # type: ignore[attr-defined]

    def clean(self) -> dict:
        data = super().clean() or {}
        if (
            data.get("selection") == Selection.FAMILY_CHOICE
            and not data.get("selection_note", "").strip()
        ):
            self.add_error(
                "selection_note", _("Record why the family chose otherwise than proposed.")
            )
        return data


class DirectRequestForm(PicksProfessionals):
    picker_field = "professional"
    professional = SafeModelChoiceField(
        label=_("Professional"),
        queryset=Professional.objects.none(),
        widget=ProfessionalPicker(key="ask"),
        help_text=PICK_ONE_HELP,
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=CareTeamRole.choices, initial=CareTeamRole.SPECIALIST
    )
    message = forms.CharField(
        label=_("Why this professional"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, network_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["professional"].queryset = network_professionals(network_id)  # type: ignore[attr-defined]


class AnswerForm(SafeForm):
    accept = forms.TypedChoiceField(
        label=_("Your answer"),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        choices=[("yes", _("I accept")), ("no", _("I decline"))],
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("accept") is False and not data.get("reason", "").strip():
            self.add_error(
                "reason",
                _("Give a reason when you decline, so the coordinator can ask someone else."),
            )
        return data


class ObservationForm(SafeForm):
    observed_on = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=DateInput)
    life_domain = forms.ChoiceField(label=_("Life domain"), choices=())
    kind = forms.ChoiceField(
        label=_("Strength or concern"), choices=ObservationKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Observation"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, labels: dict[str, str] | None = None, **kwargs: Any) -> None:
        """`labels`: the life domains, code → name (plans.queries.life_domain_labels(); the
        one list of life domains), when the caller has them already."""
        super().__init__(*args, **kwargs)
        if labels is None:
            from samenspel.plans.queries import life_domain_labels

            labels = life_domain_labels()
        self.labels = labels
        cast("forms.ChoiceField", self.fields["life_domain"]).choices = list(labels.items())

    def clean_observed_on(self) -> datetime.date:
        day = self.cleaned_data["observed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("An observation cannot be dated in the future."))
        return day


class MeetingForm(SafeForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=480, initial=60
    )
    location = forms.CharField(label=_("Location"), required=False, max_length=200)
    professionals = SafeModelMultipleChoiceField(
        label=_("Invite professionals"),
        queryset=Professional.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    family_members: forms.ModelMultipleChoiceField = SafeModelMultipleChoiceField(
        label=_("Invite family members"),
        queryset=FamilyMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, trajectory: Trajectory, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from samenspel.trajectories.queries import absence_label, absent_until

        today = timezone.localdate()
        team = trajectory.team_memberships.active_on(today)
        self.fields["professionals"].queryset = (  # type: ignore[attr-defined]
            Professional.objects.filter(care_team_memberships__in=team)
            .select_related("user")
            .distinct()
        )
        # An absent colleague can be invited, with the warning in the label.
        absent = absent_until(list(team.values_list("professional_id", flat=True)), today)

        def label(professional: Professional) -> str:
            if professional.pk in absent:
                return f"{professional} ({absence_label(absent[professional.pk])})"
            return str(professional)

        self.fields["professionals"].label_from_instance = label  # type: ignore[attr-defined]
        self.fields["family_members"].queryset = FamilyMember.objects.filter(  # type: ignore[attr-defined]
            family_id=trajectory.family_id
        )


class RecordMeetingForm(SafeForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    present = forms.TypedMultipleChoiceField(
        label=_("Present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    integrated_analysis = forms.CharField(
        label=_("Integrated analysis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One explanation the disciplines share: what is going on, and why."),
    )
    decisions = forms.CharField(
        label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: object, participants: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["present"].choices = [(p.pk, str(p)) for p in participants]  # type: ignore[attr-defined]


class PerspectiveForm(SafeForm):
    discipline = forms.CharField(
        label=_("Discipline"),
        max_length=100,
        help_text=_("For example pedagogical, psychiatric, LVB, financial."),
    )
    text = forms.CharField(label=_("Perspective"), widget=forms.Textarea(attrs={"rows": 3}))
    written_for = forms.TypedChoiceField(
        label=_("Written for (a contributor who is absent)"),
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args: object, participants: list | None = None, **kwargs: object) -> None:
        """`participants`: the meeting's, already read by the page (no query here)."""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.professionals = {
            p.professional_id: p.professional
            for p in participants or []
            if p.professional_id is not None
        }
        self.fields["written_for"].choices = [("", _("My own perspective"))] + [  # type: ignore[attr-defined]
            (pk, str(professional)) for pk, professional in self.professionals.items()
        ]

    def clean_written_for(self) -> Professional | None:
        value = self.cleaned_data.get("written_for")
        return self.professionals.get(value) if value else None


class FollowUpForm(SafeForm):
    description = forms.CharField(label=_("What"), max_length=300)
    owner = forms.CharField(label=_("Who"), max_length=200)
    due_on = forms.DateField(label=_("When"), required=False, widget=DateInput)


class OnBehalfAnswerForm(AnswerForm):
    """The coordinator answers for the professional asked (no login, or no answer): the
    reason is always written down."""

    reason = forms.CharField(
        label=_("Reason, and what they told you"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why you answer on their behalf.")},
    )


class WithdrawRequestForm(SafeForm):
    """Withdraw a request nobody answers, and perhaps send it to someone else at once."""

    reason = forms.CharField(
        label=_("Why withdraw"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the request is withdrawn.")},
    )
    ask_instead = SafeModelChoiceField(
        label=_("Send it to someone else (optional)"),
        queryset=Professional.objects.none(),
        required=False,
    )

    def __init__(self, *args: object, network_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["ask_instead"].queryset = (  # type: ignore[attr-defined]
            network_professionals(network_id).select_related("user").order_by("user__full_name")
        )


class AbsenceForm(SafeForm):
    """Who is away and when. A coordinator may report a colleague in their networks (someone
    calls in sick); anyone else reports only themselves."""

    professional = SafeModelChoiceField(
        label=_("Who is away"), queryset=Professional.objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("sick", _("Sick")), ("leave", _("Leave")), ("other", _("Other"))]
    )
    starts_on = forms.DateField(label=_("From"), widget=DateInput, initial=timezone.localdate)
    ends_on = forms.DateField(label=_("Until"), widget=DateInput)

    def __init__(
        self, *args: object, colleagues: QuerySet[Professional] | None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if colleagues is None:
            del self.fields["professional"]
        else:
            self.fields["professional"].queryset = colleagues  # type: ignore[attr-defined]
            self.fields["professional"].required = True

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return data


class CoverForm(SafeForm):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    cover = SafeModelChoiceField(label=_("Cover"), queryset=Professional.objects.none())
    note = forms.CharField(label=_("Handover note"), widget=forms.Textarea(attrs={"rows": 3}))
    permanent = forms.BooleanField(
        label=_("Transfer for good instead of a temporary cover"), required=False
    )

    def __init__(self, *args: object, network_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["cover"].queryset = (  # type: ignore[attr-defined]
            Professional.objects.filter(assignments__network_id=network_id)
            .select_related("user")
            .order_by("user__full_name")
        )


class CloseForm(SafeForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label=_("Reason for closing"), choices=ClosureReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    mutual_agreement = forms.TypedChoiceField(
        label=_("Stopped early: did the family and the team agree to stop?"),
        help_text=_("Only when the family or the provider stopped. Agreed is not drop-out."),
        required=False,
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        widget=forms.RadioSelect,
        choices=[("yes", _("Yes, we agreed")), ("no", _("No"))],
    )
    satisfaction = forms.TypedChoiceField(
        label=_("Ask the family: how happy are you with the help you got?"),
        help_text=_("The family may skip this question."),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        choices=[
            ("1", _("1 Not happy at all")),
            ("2", _("2 Not happy")),
            ("3", _("3 In between")),
            ("4", _("4 Happy")),
            ("5", _("5 Very happy")),
        ],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        early = data.get("reason") in EARLY_REASONS
        if early and data.get("mutual_agreement") is None:
            self.add_error(
                "mutual_agreement", _("Say whether the family and the team agreed to stop.")
            )
        return data


class FollowUpCheckForm(SafeForm):
    youth_care_restarted = forms.TypedChoiceField(
        label=_("Did youth care start again since the closure?"),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        choices=[("yes", _("Yes")), ("no", _("No"))],
    )


class CoordinatorForm(SafeForm):
    professional = SafeModelChoiceField(
        label=_("New coordinator"), queryset=Professional.objects.none()
    )
    on = forms.DateField(label=_("From"), widget=DateInput, initial=timezone.localdate)

    def __init__(self, *args: object, network_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["professional"].queryset = (  # type: ignore[attr-defined]
            Professional.objects.filter(assignments__network_id=network_id)
            .select_related("user")
            .order_by("user__full_name")
        )

    def clean_on(self) -> datetime.date:
        day = self.cleaned_data["on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("A handover cannot start in the past."))
        return day


class RhythmForm(SafeModelForm):
    class Meta:
        from samenspel.trajectories.models import TrajectorySettings

        model = TrajectorySettings
        fields = (
            "walk_along_weeks",
            "evaluation_interval_weeks",
            "reminder_days_before",
            "follow_up_months",
        )

    def clean(self) -> dict:
        data = super().clean() or {}
        for name in ("walk_along_weeks", "evaluation_interval_weeks", "follow_up_months"):
            if data.get(name) == 0:
                self.add_error(name, _("Choose at least 1."))
        return data
