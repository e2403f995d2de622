"""Choosing between proposed professionals (issue 17, "Choose"; keuzevrijheid, seed 002).

The coordinator puts some of the team page's proposals before the family (`ProfessionalOffer`,
with the matching score and reasons as they were then, so the advised route stays on record
when the ranking changes later); each family member says whom they prefer and why
(`FamilyChoice`, one per member per trajectory, changed by saving again). The record keeps the
advised route (the offer with the highest score) next to the family's choice.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField


class ProfessionalOffer(models.Model):
    """A professional the team proposes to the family, as the team page ranked them."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="professional_offers"
    )
    professional = models.ForeignKey(
        "network.Professional", on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("why the team proposes them"), default=list)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    offered_at = models.DateTimeField(default=timezone.now)
    # Taken back by the coordinator (no longer shown to the family); the row stays on record.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("professional proposed to the family")
        verbose_name_plural = _("professionals proposed to the family")
        ordering: ClassVar = ["trajectory", "-score", "id"]
        constraints: ClassVar = [
            # One open offer per professional: offering again refreshes it.
            models.UniqueConstraint(
                fields=["trajectory", "professional"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="portal_offer_once_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trajectory_id} · {self.professional_id}"


class FamilyChoice(models.Model):
    """Whom one family member prefers among the offers, in their own words."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="family_choices"
    )
    member = models.ForeignKey("families.FamilyMember", on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey(ProfessionalOffer, on_delete=models.CASCADE, related_name="choices")
    reason = LimitedTextField(_("why this person?"), blank=True)
    revision = models.PositiveIntegerField(default=1)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    chosen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("family member's choice of professional")
        verbose_name_plural = _("family members' choices of professional")
        ordering: ClassVar = ["trajectory", "member", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["trajectory", "member"], name="portal_choice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.offer_id}"
