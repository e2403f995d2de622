"""The family's answers before an evaluation (issue 17, point 5): per goal a face on a scale of
five and their words, how satisfied they are with the help, what goes well and what must
change. One answer per member per evaluation round (`round`: the number of evaluations the
trajectory had when they answered); the team reads it on the evaluation form."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField


class EvaluationAnswer(models.Model):
    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="family_answers"
    )
    version = models.ForeignKey("plans.PlanVersion", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("families.FamilyMember", on_delete=models.CASCADE, related_name="+")
    round = models.PositiveSmallIntegerField()
    # goal key → {"feeling": 1..5, "words": "..."}
    goals = models.JSONField(default=dict)
    satisfaction = models.PositiveSmallIntegerField(_("how satisfied are you with the help?"))
    goes_well = LimitedTextField(_("what goes well?"), blank=True)
    must_change = LimitedTextField(_("what must change?"), blank=True)
    revision = models.PositiveIntegerField(default=1)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("family's answers before an evaluation")
        verbose_name_plural = _("family's answers before evaluations")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["trajectory", "member", "round"], name="portal_answer_once_per_round"
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__gte=1, satisfaction__lte=5),
                name="portal_answer_satisfaction_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trajectory_id} · {self.member_id} · {self.round}"
