"""Handover (overdracht / waarneming): when a professional is away, someone covers their
place for a period and access returns automatically; or the place moves for good. Source
000: "cases move smoothly when someone falls ill"."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField


class HandoverKind(models.TextChoices):
    TEMPORARY = "temporary", _("Temporary cover")
    PERMANENT = "permanent", _("Permanent transfer")


class Handover(models.Model):
    """One handover of one care-team place, with the note the newcomer needs."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="handovers"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=HandoverKind.choices)
    from_membership = models.ForeignKey(
        "trajectories.CareTeamMembership", on_delete=models.PROTECT, related_name="+"
    )
    to_membership = models.ForeignKey(
        "trajectories.CareTeamMembership", on_delete=models.PROTECT, related_name="+"
    )
    absence = models.ForeignKey(
        "network.Absence", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    note = LimitedTextField(_("handover note"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering: ClassVar = ["-starts_on", "-id"]
        indexes: ClassVar = [
            # The family timeline and the trajectory page.
            models.Index(fields=["trajectory", "starts_on"], name="traj_handover_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on}"
