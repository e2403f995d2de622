"""A team's time in one finished quarter, frozen (issue 15: "Mijn tijd", the team's split).

`network.Team.members` has no dates: computed from today's members, a past quarter's team
figure changes when someone joins or leaves, and two readings of the same quarter differ by
exactly that person's time. So each quarter's figure is computed once, from the members and
entries of the day it is frozen, and never again (`insight.figures.team_split`). Counts and
minutes only: no person, no family."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TeamQuarterTime(models.Model):
    """The direct and indirect minutes a team's members booked in its scope in one quarter,
    with the number of trajectories and professionals behind them (for the suppression rule,
    applied when the figure is shown)."""

    team = models.ForeignKey("network.Team", on_delete=models.CASCADE, related_name="+")
    quarter = models.DateField(_("first day of the quarter"))
    trajectories = models.PositiveIntegerField(default=0)
    professionals = models.PositiveIntegerField(default=0)
    direct_minutes = models.BigIntegerField(default=0)
    indirect_minutes = models.BigIntegerField(default=0)
    frozen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("team time of a quarter")
        verbose_name_plural = _("team time per quarter")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["team", "quarter"], name="insight_team_quarter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.team_id} {self.quarter}"
