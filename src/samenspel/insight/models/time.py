"""Time entries (tijdregistratie): minutes a professional spent on one trajectory, with the
family (direct) or around it (indirect: MDO, consultation, travel, reporting, reflection).
Source 000: indirect time is real work that nobody funds; it is only seen when it is counted."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Activity(models.TextChoices):
    FAMILY_CONTACT = "family_contact", _("Contact with the family")
    WALK_ALONG = "walk_along", _("Walking along with the family")
    MDO = "mdo", _("MDO or team meeting")
    CONSULTATION = "consultation", _("Consultation with colleagues")
    TRAVEL = "travel", _("Travel")
    REPORTING = "reporting", _("Reporting")
    REFLECTION = "reflection", _("Reflection and intervision")


# With the family is direct time; everything around the family is indirect.
DIRECT_ACTIVITIES = frozenset({Activity.FAMILY_CONTACT, Activity.WALK_ALONG})


class TimeSource(models.TextChoices):
    MANUAL = "manual", _("Entered")
    MEETING = "meeting", _("From a meeting")
    IMPORT = "import", _("Imported")


class TimeEntry(models.Model):
    """A time entry (tijdregistratie) of one professional on one trajectory on one day."""

    professional = models.ForeignKey(
        "network.Professional", on_delete=models.PROTECT, related_name="time_entries"
    )
    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="time_entries"
    )
    # The organisation the time was worked for (the home organisation at the time): costs
    # are per organisation, and a professional may change employer later.
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="time_entries"
    )
    # Kept with the entry so network figures need no join to the trajectory.
    network = models.ForeignKey(
        "network.Network", on_delete=models.PROTECT, related_name="time_entries"
    )
    worked_on = models.DateField(_("date"), default=timezone.localdate)
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices)
    direct = models.BooleanField(_("direct (with the family)"))
    service = models.ForeignKey(
        "network.Service",
        verbose_name=_("service"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    meeting = models.ForeignKey(
        "trajectories.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="time_entries",
    )
    source = models.CharField(
        _("source"), max_length=10, choices=TimeSource.choices, default=TimeSource.MANUAL
    )
    # The line's id in the organisation's own time system: a re-import updates, not doubles.
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering: ClassVar = ["worked_on", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=24 * 60),
                name="insight_time_minutes_range",
            ),
            # A meeting's duration is taken over once per participant.
            models.UniqueConstraint(
                fields=["meeting", "professional"],
                condition=Q(meeting__isnull=False),
                name="insight_time_once_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~Q(external_id=""),
                name="insight_time_external_id_unique",
            ),
        ]
        indexes: ClassVar = [
            # The week view: one professional's entries between two dates.
            models.Index(fields=["professional", "worked_on"], name="insight_time_week_idx"),
            # Network figures and the daily refresh: one network's entries per period.
            models.Index(fields=["network", "worked_on"], name="insight_time_network_idx"),
            models.Index(fields=["trajectory", "worked_on"], name="insight_time_traj_idx"),
        ]

    def __str__(self) -> str:
        return _("%(minutes)s minutes on %(day)s") % {
            "minutes": self.minutes,
            "day": self.worked_on,
        }
