"""The family's own voice in the plan ("wat vinden wij ervan?", seed 000).

What a family member writes is kept as their words, apart from the plan's own rows: the team
never edits it, and it belongs to the plan version it was written about (a new version starts
with an empty page; the words about the earlier version stay with it). A goal is followed
across versions by its `key` (plans.Goal.key).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField


class Stance(models.TextChoices):
    AGREE = "agree", _("I agree")
    DISAGREE = "disagree", _("I do not agree")
    UNSURE = "unsure", _("I do not know yet")


class FamilyView(models.Model):
    """What one family member thinks of one plan version as a whole (`goal_key` empty) or of
    one of its goals: their words, whether they agree, and why not."""

    version = models.ForeignKey(
        "plans.PlanVersion", on_delete=models.CASCADE, related_name="family_views"
    )
    goal_key = models.UUIDField(_("goal"), null=True, blank=True)
    member = models.ForeignKey(
        "families.FamilyMember",
        verbose_name=_("family member"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    words = LimitedTextField(_("what I think of it"), blank=True)
    stance = models.CharField(_("do you agree?"), max_length=10, choices=Stance.choices)
    reason = LimitedTextField(_("why not?"), blank=True)
    # Only the team reads it, not the other family members.
    team_only = models.BooleanField(_("only for the team"), default=False)
    revision = models.PositiveIntegerField(default=1)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("family member's view")
        verbose_name_plural = _("family members' views")
        ordering: ClassVar = ["version", "member", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["version", "goal_key", "member"],
                condition=Q(goal_key__isnull=False),
                name="portal_view_once_per_goal",
            ),
            models.UniqueConstraint(
                fields=["version", "member"],
                condition=Q(goal_key__isnull=True),
                name="portal_view_once_per_plan",
            ),
            # Disagreeing says why: the team cannot act on a "no" without a reason.
            models.CheckConstraint(
                condition=~Q(stance="disagree") | ~Q(reason=""),
                name="portal_view_disagree_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} · {self.get_stance_display()}"


class GoalProposal(models.Model):
    """A goal a family member proposes in their own words ("Ik wil op judo."). The team
    turns it into a GAS goal with them (`goal_key`); the words stay as they were written."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="goal_proposals"
    )
    member = models.ForeignKey(
        "families.FamilyMember",
        verbose_name=_("family member"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    words = models.CharField(_("my goal, in my own words"), max_length=300)
    why = LimitedTextField(_("why it matters to me"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    # The goal the team made of it (plans.Goal.key), once made.
    goal_key = models.UUIDField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    adopted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proposed goal")
        verbose_name_plural = _("proposed goals")
        ordering: ClassVar = ["trajectory", "proposed_at", "id"]

    def __str__(self) -> str:
        return self.words
