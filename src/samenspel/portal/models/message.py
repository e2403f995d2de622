"""Short messages from a family member to their coordinator (issue 17, point 6): not a chat,
no read receipts; every message is logged like any other write."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField


class FamilyMessage(models.Model):
    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="family_messages"
    )
    member = models.ForeignKey("families.FamilyMember", on_delete=models.CASCADE, related_name="+")
    text = LimitedTextField(_("your message"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("message from the family")
        verbose_name_plural = _("messages from the family")
        ordering: ClassVar = ["-sent_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["trajectory", "sent_at"], name="portal_message_traj_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.trajectory_id} · {self.sent_at:%Y-%m-%d %H:%M}"
