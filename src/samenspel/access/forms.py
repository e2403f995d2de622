from django import forms
from django.utils.translation import gettext_lazy as _

from samenspel.access.models import ReviewOutcome
from samenspel.core.forms import SafeForm


class BreakGlassForm(SafeForm):
    reason = forms.CharField(
        label=_("Why must you open this file now?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Your reason, your name and everything you look at are recorded and reviewed by "
            "the security officer and the team's coordinator."
        ),
    )


class ReviewForm(SafeForm):
    outcome = forms.ChoiceField(
        label=_("Was this emergency access justified?"),
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
