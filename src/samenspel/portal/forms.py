"""The family portal's forms: few fields, short labels, B1 messages next to the field."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from samenspel.core.forms import SafeForm, SafeModelMultipleChoiceField
from samenspel.families.models import DataCategory, FamilyMember
from samenspel.network.models import Organisation
from samenspel.portal.models import Stance


class ViewForm(SafeForm):
    stance = forms.ChoiceField(
        label=_("Do you agree?"),
        choices=Stance.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose one answer."),
            "invalid_choice": _("Choose one answer."),
        },
    )
    reason = forms.CharField(
        label=_("Why not? Or what are you unsure about?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you do not agree."),
        error_messages={"max_length": _("Your text is too long. Keep it shorter, please.")},
    )
    words = forms.CharField(
        label=_("What do you think of it? In your own words."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Your text is too long. Keep it shorter, please.")},
    )
    team_only = forms.BooleanField(
        label=_("Only the team may read this, not my family."),
        required=False,
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("stance") == Stance.DISAGREE and not (data.get("reason") or "").strip():
            self.add_error(
                "reason", _("Write why you do not agree. Then the team knows what to change.")
            )
        return data


class ProposalForm(SafeForm):
    words = forms.CharField(
        label=_("My goal, in my own words"),
        max_length=300,
        help_text=_("For example: I want to go to judo."),
        error_messages={
            "required": _("Write your goal. One short sentence is enough."),
            "max_length": _("Your goal is too long. Keep it to one sentence."),
        },
    )
    why = forms.CharField(
        label=_("Why is this important to you?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# B1 words for what a consent shares (families.DataCategory).
CATEGORY_WORDS = {
    DataCategory.PERSONAL: _("who you are and where you live"),
    DataCategory.HELP_QUESTIONS: _("your question for help and the plan"),
    DataCategory.HEALTH: _("health and how you feel"),
    DataCategory.FINANCES: _("money and debts"),
    DataCategory.SCHOOL: _("school"),
    DataCategory.JOURNAL: _("what the helper sees at home"),
    DataCategory.SAFETY: _("safety at home"),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class PortalConsentForm(SafeForm):
    organisations = SafeModelMultipleChoiceField(
        label=_("Who may see it?"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose who may see it.")},
    )
    categories = forms.MultipleChoiceField(
        label=_("What may they see?"),
        choices=[(key, words) for key, words in CATEGORY_WORDS.items() if key != "safety"],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose what they may see.")},
    )
    about = SafeModelMultipleChoiceField(
        label=_("About whom?"),
        queryset=FamilyMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose about whom.")},
    )
    valid_until = forms.DateField(
        label=_("Until when?"),
        widget=DateInput(),
        error_messages={
            "required": _("Choose a date."),
            "invalid": _("Choose a date."),
        },
    )

    def __init__(self, *args: Any, organisations: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisations"]).queryset = organisations
        cast(forms.ModelChoiceField, self.fields["about"]).queryset = members


class WithdrawForm(SafeForm):
    reason = forms.CharField(
        label=_("Why? (you may leave this empty)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# A face for each point of the scale, with words (the face alone is not read aloud).
FEELING_CHOICES = [
    ("1", _("😟 Very bad")),
    ("2", _("🙁 Bad")),
    ("3", _("😐 In between")),
    ("4", _("🙂 Good")),
    ("5", _("😀 Very good")),
]


class EvaluationAnswerForm(SafeForm):
    """Before an evaluation: per goal a face and words; satisfaction; what goes well and what
    must change. The goal fields are made per goal (`goal_<key>` and `words_<key>`)."""

    satisfaction = forms.TypedChoiceField(
        label=_("How happy are you with the help?"),
        choices=FEELING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose one answer."),
            "invalid_choice": _("Choose one answer."),
        },
    )
    goes_well = forms.CharField(
        label=_("What goes well?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    must_change = forms.CharField(
        label=_("What must change?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, goals: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        for goal in goals:
            self.fields[f"goal_{goal.key}"] = forms.TypedChoiceField(
                label=_("How is it going with: %(goal)s?") % {"goal": goal.title},
                choices=FEELING_CHOICES,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"words_{goal.key}"] = forms.CharField(
                label=_("Tell us more (if you want)"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def goal_fields(self) -> list[tuple[object, object, object]]:
        return [(g, self[f"goal_{g.key}"], self[f"words_{g.key}"]) for g in self.goals]

    def goal_answers(self) -> dict[str, tuple[int | None, str]]:
        data = self.cleaned_data
        return {
            str(g.key): (data.get(f"goal_{g.key}") or None, data.get(f"words_{g.key}") or "")
            for g in self.goals
        }


class MessageForm(SafeForm):
    text = forms.CharField(
        label=_("Your message"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write your message first."),
            "max_length": _("Your message is too long. Keep it short, please."),
        },
    )


class ChoiceForm(SafeForm):
    """Whom do you prefer? The choices are the professionals offered to the family."""

    offer = forms.TypedChoiceField(
        label=_("Who do you prefer?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose one person."),
            "invalid_choice": _("Choose one person."),
        },
    )
    reason = forms.CharField(
        label=_("Why this person?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you choose someone else than the team advises."),
        error_messages={"max_length": _("Your text is too long. Keep it shorter, please.")},
    )

    def __init__(self, *args: Any, offers: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["offer"]).choices = [
            (offer.pk, offer.professional.user.full_name) for offer in offers
        ]


class OfferForm(SafeForm):
    """The coordinator puts one of the team page's proposals before the family."""

    professional = forms.IntegerField(widget=forms.HiddenInput)


class LoginLinkForm(SafeForm):
    """The coordinator sends a family member a one-time login link."""

    member = forms.IntegerField(widget=forms.HiddenInput)
