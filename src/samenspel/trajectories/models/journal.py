"""The walk-along journal (meeloopjournaal): what the two walk-along professionals see in the
family's daily life, per life domain, as strengths and concerns (DOMAIN.md §4, phase 3)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField


class ObservationKind(models.TextChoices):
    STRENGTH = "strength", _("Strength")
    CONCERN = "concern", _("Concern")


class Observation(models.Model):
    """One dated observation in the walk-along journal."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="observations"
    )
    observed_on = models.DateField(_("date"), default=timezone.localdate)
    # The code of one of *the* life domains (`plans.queries.life_domains()`: the current ZRM's
    # domains and Opvoeding); by code, so an entry keeps its domain when a new ZRM version
    # becomes current. Checked by `add_observation`.
    life_domain = models.CharField(_("life domain"), max_length=60)
    kind = models.CharField(_("kind"), max_length=10, choices=ObservationKind.choices)
    text = LimitedTextField(_("observation"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("walk-along observation")
        verbose_name_plural = _("walk-along observations")
        ordering: ClassVar = ["-observed_on", "-id"]
        indexes: ClassVar = [
            # The journal of one trajectory, newest first.
            models.Index(fields=["trajectory", "observed_on"], name="traj_observation_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.life_domain} · {self.get_kind_display()}"
