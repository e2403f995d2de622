from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samenspel.core.forms import SafeForm, SafeModelChoiceField
from samenspel.insight.models import Activity


class TimeEntryForm(SafeForm):
    """Quick entry: every field has a default, so booking half an hour with the family today
    on the last trajectory is one click (issue 15: under ten seconds)."""

    trajectory = forms.TypedChoiceField(label=_("Family"), coerce=int)
    worked_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=24 * 60)
    activity = forms.ChoiceField(label=_("What did you do?"), choices=Activity.choices)

    def __init__(self, *args: Any, trajectories: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trajectory"].choices = trajectories  # type: ignore[attr-defined]


class ChangeTimeEntryForm(SafeForm):
    worked_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=24 * 60)
    activity = forms.ChoiceField(label=_("What did you do?"), choices=Activity.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


def default_entry(trajectory_id: int | None, today: datetime.date) -> dict[str, Any]:
    return {
        "trajectory": trajectory_id,
        "worked_on": today,
        "minutes": 30,
        "activity": Activity.FAMILY_CONTACT,
    }


class TimeImportForm(SafeForm):
    organisation: forms.ModelChoiceField[Any] = SafeModelChoiceField(
        label=_("Organisation"), queryset=None, empty_label=None
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A CSV file (comma or semicolon separated, UTF-8) or an Excel file (.xlsx) with the "
            "columns external_id, email, trajectory, date, minutes, activity."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Only check, do not import yet"), required=False, initial=True
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB; split it up."))
        return upload
