"""Nooteboom's twelve core components rated with the family (seed 004), at an evaluation or
at closure. Optional and skippable: a family rates only the components that apply. Ratings
are read only as aggregates per team and network, small groups suppressed."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.collaboration.models.instruments import Instrument, InstrumentItem
from samenspel.core.fields import LimitedTextField


class RatingMoment(models.TextChoices):
    EVALUATION = "evaluation", _("Evaluation")
    CLOSURE = "closure", _("Closure")


class RatedBy(models.TextChoices):
    FAMILY = "family", _("The family themselves")
    WITH_FAMILY = "with_family", _("The professional, with the family in the room")


class ComponentRating(models.Model):
    """One family's rating of the components at one moment of one trajectory."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="component_ratings"
    )
    # Copied for the aggregate per network and team, which then needs no join.
    network = models.ForeignKey("network.Network", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(
        "network.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    moment = models.CharField(_("moment"), max_length=12, choices=RatingMoment.choices)
    rated_by = models.CharField(_("who filled it in"), max_length=12, choices=RatedBy.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rating of the twelve components")
        verbose_name_plural = _("ratings of the twelve components")
        indexes: ClassVar = [
            models.Index(fields=["network", "team"], name="collab_rating_net_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_moment_display()} · {self.recorded_at:%Y-%m-%d}"


class ComponentScore(models.Model):
    rating = models.ForeignKey(ComponentRating, on_delete=models.CASCADE, related_name="scores")
    network = models.ForeignKey("network.Network", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(InstrumentItem, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField(_("score"))
    comment = LimitedTextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("component score")
        verbose_name_plural = _("component scores")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["rating", "item"], name="collaboration_score_unique"),
            models.CheckConstraint(
                condition=Q(value__gte=1) & Q(value__lte=5), name="collaboration_score_range"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["network", "item"], name="collab_score_net_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.value}"


class SatisfactionComponent(models.Model):
    """A component (by its code in the family version of the twelve components) that this
    network counts for Jeugdwet indicator 2, client satisfaction: a family that rated these at
    closure with an average of 4 or more counts as satisfied. Chosen by the network
    coordinator; none chosen, no figure."""

    network = models.ForeignKey(
        "network.Network", on_delete=models.CASCADE, related_name="satisfaction_components"
    )
    code = models.CharField(_("component"), max_length=80)

    class Meta:
        verbose_name = _("component for client satisfaction")
        verbose_name_plural = _("components for client satisfaction")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["network", "code"], name="collaboration_satisfaction_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.code
