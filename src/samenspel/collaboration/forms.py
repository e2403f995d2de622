"""Forms of the collaboration pages. The answer form is built from the instrument's items, so
a deployment's own version of an instrument needs no code."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samenspel.collaboration.actions import ItemAnswer
from samenspel.collaboration.models import (
    DELIVERABLES,
    CollaborationPhase,
    Instrument,
    InstrumentItem,
    ItemKind,
    OutcomeKind,
    RatedBy,
    RatingMoment,
)
from samenspel.core.forms import SafeForm, SafeModelChoiceField, SafeModelMultipleChoiceField
from samenspel.network.models import Agreement, AgreementVersion, Network, Organisation


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class PhaseForm(SafeForm):
    phase = forms.ChoiceField(label=_("New phase"), choices=CollaborationPhase.choices)
    note = forms.CharField(
        label=_("Why now?"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DeliverableForm(SafeForm):
    phase = forms.ChoiceField(
        label=_("Phase"), choices=[(key, str(label)) for key, label in DELIVERABLES.items()]
    )
    agreement = SafeModelChoiceField(
        label=_("Agreement in the register"), queryset=Agreement.objects.none()
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField", self.fields["agreement"])
        field.queryset = Agreement.objects.filter(network=network).order_by("category", "pk")
        field.label_from_instance = _agreement_label  # type: ignore[method-assign,assignment]


def _agreement_label(agreement: Agreement) -> str:
    latest = agreement.versions.order_by("-number").first()
    return latest.title if latest else str(agreement)


class RhythmForm(SafeForm):
    interval_days = forms.IntegerField(
        label=_("Every how many days"), min_value=7, max_value=120, initial=28
    )
    next_on = forms.DateField(
        label=pgettext_lazy("process review", "Next review"), widget=DateInput
    )


class SatisfactionForm(SafeForm):
    codes = forms.MultipleChoiceField(
        label=_("Components that count for client satisfaction (indicator 2)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A family that rated these at closure with an average of 4 or more counts as "
            "satisfied. Choose none to stop the figure."
        ),
    )

    def __init__(self, *args: Any, items: Iterable[InstrumentItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.MultipleChoiceField", self.fields["codes"]).choices = [
            (item.code, item.text) for item in items
        ]


class OutcomeForm(SafeForm):
    kind = forms.ChoiceField(
        label=_("Outcome"), choices=OutcomeKind.choices, widget=forms.RadioSelect
    )
    agreement_version = SafeModelChoiceField(
        label=_("Changed agreement version"),
        queryset=AgreementVersion.objects.none(),
        required=False,
    )
    lesson_url = forms.URLField(
        label=_("Address of the lesson in the knowledge hub"), required=False
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField", self.fields["agreement_version"])
        field.queryset = AgreementVersion.objects.filter(agreement__network=network).order_by(
            "-created_at"
        )


class RatingForm(SafeForm):
    moment = forms.ChoiceField(
        label=_("When"), choices=RatingMoment.choices, initial=RatingMoment.EVALUATION
    )
    rated_by = forms.ChoiceField(
        label=_("Who fills it in"),
        choices=RatedBy.choices,
        initial=RatedBy.WITH_FAMILY,
        widget=forms.RadioSelect,
    )


class RoundForm(SafeForm):
    instrument = SafeModelChoiceField(
        label=_("Instrument"),
        queryset=Instrument.objects.filter(for_rounds=True, is_current=True).order_by("name"),
        empty_label=None,
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    deadline = forms.DateField(label=_("Answer before"), widget=DateInput)
    organisations = SafeModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone of these organisations who works in the network is invited."),
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelMultipleChoiceField", self.fields["organisations"])
        field.queryset = (
            Organisation.objects.filter(memberships__network=network).distinct().order_by("name")
        )
        if not self.is_bound:
            self.initial.setdefault("deadline", timezone.localdate() + datetime.timedelta(days=14))
            # The barometer is the periodic measurement; the others are chosen on purpose.
            barometer = Instrument.objects.filter(
                code="samenwerkingsbarometer", for_rounds=True, is_current=True
            ).first()
            if barometer is not None:
                self.initial.setdefault("instrument", barometer.pk)

    def clean_deadline(self) -> datetime.date:
        deadline: datetime.date = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return deadline


def _scale_choices(item: InstrumentItem) -> list[tuple[str, str]]:
    return [(str(value), f"{value}: {label}") for value, label in item.scale]


class AnswerForm(SafeForm):
    """One field per item (and a comment field where the item asks for one)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        items: Iterable[InstrumentItem],
        all_optional: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        yes_no = [("1", _("Yes")), ("0", _("No"))]
        for item in self.items:
            required = item.required and not all_optional
            if item.kind == ItemKind.TEXT:
                self.fields[f"text_{item.code}"] = forms.CharField(
                    label=item.text,
                    required=required,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=item.help_text,
                )
                continue
            choices = _scale_choices(item) if item.kind == ItemKind.SCALE else yes_no
            if not required:
                choices = [*choices, ("", _("Skip: does not apply"))]
            self.fields[f"value_{item.code}"] = forms.ChoiceField(
                label=item.text,
                choices=choices,
                required=required,
                widget=forms.RadioSelect,
                help_text=item.help_text,
            )
            if item.with_comment:
                self.fields[f"text_{item.code}"] = forms.CharField(
                    label=_("Comment (optional)"),
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def answers(self) -> dict[str, ItemAnswer]:
        data = self.cleaned_data
        result: dict[str, ItemAnswer] = {}
        for item in self.items:
            raw = data.get(f"value_{item.code}") or ""
            result[item.code] = (int(raw) if raw != "" else None, data.get(f"text_{item.code}", ""))
        return result


def initial_from(answers: Iterable[Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for answer in answers:
        code = answer.item.code
        if answer.value is not None:
            initial[f"value_{code}"] = str(answer.value)
        if answer.text:
            initial[f"text_{code}"] = answer.text
    return initial


__all__ = [
    "AnswerForm",
    "DeliverableForm",
    "OutcomeForm",
    "PhaseForm",
    "RatingForm",
    "RhythmForm",
    "RoundForm",
    "initial_from",
]
