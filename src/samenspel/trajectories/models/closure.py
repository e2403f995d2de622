"""Closure (afsluiting) and the Jeugdwet outcome indicators every closed trajectory yields
(DOMAIN.md §5): 1 uitval (drop-out), 3.1 continues without help, 3.2 no new youth care within
a period after closure, 3.4 agreed goals realised."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ClosureReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("Goals reached")
    CONTINUES_WITHOUT_HELP = "continues_without_help", _("Continues without help")
    REFERRED = "referred", _("Referred to other help")
    STOPPED_BY_FAMILY = "stopped_by_family", _("Stopped by the family")
    STOPPED_BY_PROVIDER = "stopped_by_provider", _("Stopped by the provider")


# The harmonised Jeugdwet indicators follow from the reason; one table, read by closure and
# analytics alike. Ended early and not by mutual agreement is drop-out (indicator 1).
INDICATORS: dict[str, dict[str, bool]] = {
    ClosureReason.GOALS_REACHED: {"dropout": False, "without_help": True, "goals": True},
    ClosureReason.CONTINUES_WITHOUT_HELP: {"dropout": False, "without_help": True, "goals": False},
    ClosureReason.REFERRED: {"dropout": False, "without_help": False, "goals": False},
    ClosureReason.STOPPED_BY_FAMILY: {"dropout": True, "without_help": False, "goals": False},
    ClosureReason.STOPPED_BY_PROVIDER: {"dropout": True, "without_help": False, "goals": False},
}


class Closure(models.Model):
    """How a trajectory ended, with its outcome indicators and the follow-up check."""

    trajectory = models.OneToOneField(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="closure"
    )
    reason = models.CharField(_("reason"), max_length=30, choices=ClosureReason.choices)
    note = models.TextField(_("explanation"), blank=True)
    closed_on = models.DateField(_("closed on"))
    dropout = models.BooleanField(_("drop-out (indicator 1)"))
    continues_without_help = models.BooleanField(_("continues without help (indicator 3.1)"))
    goals_realised = models.BooleanField(_("goals realised (indicator 3.4)"))
    # Final measures (DOMAIN.md §4.7): the GAS T-scores of the first and the last evaluation
    # (plans app), so goal attainment can be compared per closure reason.
    first_t_score = models.FloatField(
        _("GAS T-score at the first evaluation"), null=True, blank=True
    )
    final_t_score = models.FloatField(
        _("GAS T-score at the last evaluation"), null=True, blank=True
    )
    evaluations = models.PositiveSmallIntegerField(_("evaluations held"), default=0)
    follow_up_due_on = models.DateField(_("follow-up check due"))
    # Indicator 3.2: None until checked; True when youth care started again within the period.
    youth_care_restarted = models.BooleanField(
        _("youth care started again (indicator 3.2)"), null=True, blank=True
    )
    follow_up_checked_on = models.DateField(_("follow-up checked on"), null=True, blank=True)
    follow_up_reminded_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        indexes: ClassVar = [
            # The daily run: follow-up checks that are due and not yet done.
            models.Index(
                fields=["follow_up_due_on"],
                condition=Q(follow_up_checked_on__isnull=True),
                name="traj_closure_followup_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.get_reason_display()


def possible_outcomes() -> list[tuple[str, bool, bool, bool]]:
    """Every (reason, drop-out, continues without help, goals realised) a closure can have:
    the shape of the data that anyone who reads this code knows, so the figures' suppression
    audit must know it too."""
    return [
        (reason, flags["dropout"], flags["without_help"], flags["goals"])
        for reason, flags in INDICATORS.items()
    ]
