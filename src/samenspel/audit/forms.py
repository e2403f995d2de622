from datetime import datetime, time

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.audit.models import AccessEventQuerySet, EventType
from samenspel.core.forms import SafeForm


class EventFilterForm(SafeForm):
    """The security officer's filters for the access log."""

    user = forms.CharField(
        label=_("User"), required=False, max_length=254, help_text=_("E-mail address or part of it")
    )
    family = forms.IntegerField(label=_("Family number"), required=False, min_value=1)
    event_type = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("All events")), *EventType.choices]
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Up to and including"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date lies before the start date."))
        return data

    def filter(self, events: AccessEventQuerySet) -> AccessEventQuerySet:
        data = self.cleaned_data
        if data.get("user"):
            events = events.filter(Q(user_label__icontains=data["user"]))
        if data.get("family"):
            events = events.filter(family_id=data["family"])
        if data.get("event_type"):
            events = events.filter(event_type=data["event_type"])
        if data.get("date_from"):
            start = timezone.make_aware(datetime.combine(data["date_from"], time.min))
            events = events.filter(occurred_at__gte=start)
        if data.get("date_to"):
            end = timezone.make_aware(datetime.combine(data["date_to"], time.max))
            events = events.filter(occurred_at__lte=end)
        return events

    def used_filters(self) -> dict[str, str]:
        return {key: str(value) for key, value in self.cleaned_data.items() if value}
