"""Pre-aggregated figures for the insight pages (issue 15, "Scale"): at national scale a
network has millions of time entries, so the pages read these small tables instead. They are
rebuilt per network by the task system (`insight.tasks.refresh_insight_figures`); on SQLite
(the demo, without a worker) the pages compute the same rows on the fly
(`insight.aggregates`). Nothing here names a person: codes, counts, minutes and money."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QuarterTime(models.Model):
    """Time and its cost booked in one network in one calendar quarter, per organisation and
    per profile of the trajectories it was booked on."""

    network = models.ForeignKey("network.Network", on_delete=models.CASCADE, related_name="+")
    quarter = models.DateField(_("first day of the quarter"))
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    profile_code = models.CharField(max_length=50, blank=True)
    trajectories = models.PositiveIntegerField(default=0)
    direct_minutes = models.BigIntegerField(default=0)
    indirect_minutes = models.BigIntegerField(default=0)
    direct_cost = models.FloatField(default=0)
    indirect_cost = models.FloatField(default=0)

    class Meta:
        verbose_name = _("time per quarter")
        verbose_name_plural = _("time per quarter")
        indexes: ClassVar = [
            models.Index(fields=["network", "quarter"], name="insight_qtime_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.network_id} {self.quarter} {self.organisation_id}"


class TrajectoryResult(models.Model):
    """One closed trajectory as the insight pages need it: its profile, quarter of closure,
    outcome indicators, measured change, duration and total cost. Only the figures page's
    suppression decides what of it is ever shown, and never per trajectory."""

    trajectory = models.OneToOneField(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="+"
    )
    network = models.ForeignKey("network.Network", on_delete=models.CASCADE, related_name="+")
    profile_code = models.CharField(max_length=50, blank=True)
    profile_name = models.CharField(max_length=200, blank=True)
    closed_on = models.DateField()
    reason = models.CharField(max_length=30)
    duration_days = models.PositiveIntegerField(default=0)
    dropout = models.BooleanField(default=False)
    continues_without_help = models.BooleanField(default=False)
    goals_outcome = models.CharField(max_length=15)
    self_reliance_increased = models.BooleanField(null=True)
    satisfied = models.BooleanField(null=True)
    follow_up = models.CharField(max_length=10)  # open / no_restart / restarted
    t_score_change = models.FloatField(null=True)
    # Mean ZRM change per domain code scored at the first and the last assessment.
    zrm_change = models.JSONField(default=dict)
    direct_minutes = models.BigIntegerField(default=0)
    indirect_minutes = models.BigIntegerField(default=0)
    direct_cost = models.FloatField(default=0)
    indirect_cost = models.FloatField(default=0)

    class Meta:
        verbose_name = _("trajectory result")
        verbose_name_plural = _("trajectory results")
        indexes: ClassVar = [
            models.Index(fields=["network", "closed_on"], name="insight_result_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.network_id} {self.closed_on}"


class AuditedCells(models.Model):
    """The suppression audit of one network's closures in one finished quarter, as the
    insight pages publish it (`effect._audit`: a linear programme per small cell, seconds at
    national scale). Written by the refresh task for the finished quarters the pages offer;
    a page uses it only while `digest` matches the counts it audits (else it audits itself).
    Cells only: a figure's key, its value or none, why hidden."""

    network = models.ForeignKey("network.Network", on_delete=models.CASCADE, related_name="+")
    quarter = models.DateField(_("first day of the quarter"))
    digest = models.CharField(max_length=64)
    cells = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("audited figures of a quarter")
        verbose_name_plural = _("audited figures of a quarter")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["network", "quarter"], name="insight_audit_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.network_id} {self.quarter}"


class AggregateRefresh(models.Model):
    """When a network's pre-aggregated figures were last rebuilt."""

    network = models.OneToOneField("network.Network", on_delete=models.CASCADE, related_name="+")
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("refresh of the insight figures")
        verbose_name_plural = _("refreshes of the insight figures")

    def __str__(self) -> str:
        return f"{self.network_id} {self.refreshed_at}"
