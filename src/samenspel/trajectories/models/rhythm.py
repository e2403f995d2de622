"""Durations and rhythm per network (source 000: six weeks of walking along, an evaluation
every six weeks), and the reminders sent for them. Data, not code: a network sets its own."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TrajectorySettings(models.Model):
    """A network's rhythm for its trajectories (trajectinstellingen)."""

    network = models.OneToOneField(
        "network.Network", on_delete=models.CASCADE, related_name="trajectory_settings"
    )
    walk_along_weeks = models.PositiveSmallIntegerField(_("walk-along (weeks)"), default=6)
    evaluation_interval_weeks = models.PositiveSmallIntegerField(
        _("evaluation interval (weeks)"), default=6
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("remind this many days before an evaluation"), default=7
    )
    follow_up_months = models.PositiveSmallIntegerField(
        _("follow-up check after closure (months)"), default=6
    )

    class Meta:
        verbose_name = _("trajectory settings")
        verbose_name_plural = _("trajectory settings")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(walk_along_weeks__gte=1) & Q(evaluation_interval_weeks__gte=1),
                name="traj_settings_positive_weeks",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Rhythm of %(network)s") % {"network": self.network_id})

    @classmethod
    def for_network(cls, network_id: int) -> TrajectorySettings:
        """The network's settings, or the defaults (unsaved) when it set none."""
        found = cls.objects.filter(network_id=network_id).first()
        return found or cls(network_id=network_id)


class ReminderStage(models.TextChoices):
    COMING = "coming", _("coming up")
    OVERDUE = "overdue", _("overdue")
    ESCALATED = "escalated", _("still overdue, to the coordinator")


class EvaluationReminder(models.Model):
    """A reminder sent for one evaluation date: "komt eraan" before it, "te laat" the day
    after, then weekly to the coordinator while it stays overdue (`week` 1, 2, …). One row
    per date, stage and week, so the daily run is idempotent."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="reminders"
    )
    due_on = models.DateField(_("evaluation due on"))
    sent_at = models.DateTimeField(_("sent at"))
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)
    stage = models.CharField(
        _("stage"), max_length=10, choices=ReminderStage.choices, default=ReminderStage.COMING
    )
    week = models.PositiveSmallIntegerField(_("weeks overdue"), default=0)

    class Meta:
        verbose_name = _("evaluation reminder")
        verbose_name_plural = _("evaluation reminders")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["trajectory", "due_on", "stage", "week"],
                name="traj_reminder_one_per_stage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trajectory_id} · {self.due_on}"
