"""Closure (afsluiting) and the Jeugdwet outcome indicators every closed trajectory yields
(DOMAIN.md §5): 1 uitval (drop-out), 2 client satisfaction, 3.1 continues without help, 3.2 no
new youth care within a period after closure, 3.3 self-reliance increased, 3.4 agreed goals
realised. The rules are in `trajectories/outcomes.py`."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField
from samenspel.trajectories.outcomes import EARLY_REASONS, GoalsOutcome, continues_without_help


class ClosureReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("Goals reached")
    CONTINUES_WITHOUT_HELP = "continues_without_help", _("Continues without help")
    REFERRED = "referred", _("Referred to other help")
    STOPPED_BY_FAMILY = "stopped_by_family", _("Stopped by the family")
    STOPPED_BY_PROVIDER = "stopped_by_provider", _("Stopped by the provider")


# What the reason alone decides (3.1) and what it allows: drop-out only for an early end
# without mutual agreement; goals (3.4) come from the last evaluation's GAS scores.
INDICATORS: dict[str, dict[str, bool]] = {
    reason.value: {
        "without_help": continues_without_help(reason.value),
        "early": reason.value in EARLY_REASONS,
    }
    for reason in ClosureReason
}


class Closure(models.Model):
    """How a trajectory ended, with its outcome indicators and the follow-up check."""

    trajectory = models.OneToOneField(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="closure"
    )
    reason = models.CharField(_("reason"), max_length=30, choices=ClosureReason.choices)
    note = LimitedTextField(_("explanation"), blank=True)
    closed_on = models.DateField(_("closed on"))
    dropout = models.BooleanField(_("drop-out (indicator 1)"))
    continues_without_help = models.BooleanField(_("continues without help (indicator 3.1)"))
    goals_realised = models.BooleanField(_("goals realised (indicator 3.4)"))
    goals_outcome = models.CharField(
        _("agreed goals (indicator 3.4)"),
        max_length=15,
        choices=GoalsOutcome.choices,
        default=GoalsOutcome.NO_EVALUATION,
    )
    # Asked for an early end only: did family and team agree to stop (then it is no uitval)?
    mutual_agreement = models.BooleanField(_("ended by mutual agreement"), null=True, blank=True)
    # Indicator 3.3 from the ZRM (None: not measured twice).
    self_reliance_increased = models.BooleanField(
        _("self-reliance increased (indicator 3.3)"), null=True, blank=True
    )
    # Indicator 2: the family's own answer, 1-5, optional.
    satisfaction = models.PositiveSmallIntegerField(
        _("family's satisfaction (indicator 2)"), null=True, blank=True
    )
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
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | (Q(satisfaction__gte=1) & Q(satisfaction__lte=5)),
                name="traj_closure_satisfaction_range",
            ),
        ]
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


def possible_outcomes() -> list[tuple[str, bool, bool, str, bool | None, bool | None]]:
    """Every (reason, drop-out, continues without help, goals, self-reliance increased,
    satisfied) a closure can have: the shape of the data that anyone who reads this code
    knows, so the figures' suppression audit must know it too."""
    return [
        (reason, dropout, flags["without_help"], goals, increased, satisfied)
        for reason, flags in INDICATORS.items()
        for dropout in ((True, False) if flags["early"] else (False,))
        for goals in GoalsOutcome.values
        for increased in (None, True, False)
        for satisfied in (None, True, False)
    ]
