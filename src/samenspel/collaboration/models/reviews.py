"""Process reviews on a rhythm (source 002: the monthly case discussion on process level that
refines the agreements). The review itself is `network.ProcessReview`; this adds its rhythm,
the reminder, and the outcome every review must end with: a changed agreement version, a
lesson, or "no change" with a reason."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samenspel.core.fields import LimitedTextField


class ReviewRhythm(models.Model):
    network = models.OneToOneField(
        "network.Network", on_delete=models.CASCADE, related_name="review_rhythm"
    )
    interval_days = models.PositiveSmallIntegerField(_("every how many days"), default=28)
    next_on = models.DateField(pgettext_lazy("process review", "next review"))
    # The date last reminded of: the daily run reminds once per review date.
    reminded_for = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("rhythm of process reviews")
        verbose_name_plural = _("rhythms of process reviews")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(interval_days__gte=7) & Q(interval_days__lte=120),
                name="collaboration_rhythm_interval_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network_id}: {self.next_on}"

    def after(self, held_on: datetime.date) -> datetime.date:
        return held_on + datetime.timedelta(days=self.interval_days)


class OutcomeKind(models.TextChoices):
    AGREEMENT = "agreement", _("An agreement changed")
    LESSON = "lesson", _("A lesson for the knowledge hub")
    NO_CHANGE = "no_change", _("No change")


class ReviewOutcome(models.Model):
    review = models.OneToOneField(
        "network.ProcessReview", on_delete=models.CASCADE, related_name="outcome"
    )
    kind = models.CharField(_("outcome"), max_length=10, choices=OutcomeKind.choices)
    agreement_version = models.ForeignKey(
        "network.AgreementVersion",
        verbose_name=_("changed agreement version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The seam to the knowledge hub (built separately): the lesson's address there.
    lesson_url = models.URLField(_("address of the lesson"), blank=True)
    reason = LimitedTextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("outcome of a process review")
        verbose_name_plural = _("outcomes of process reviews")
        constraints: ClassVar = [
            # Each kind names what it produced; "no change" says why.
            models.CheckConstraint(
                condition=(Q(kind="agreement") & Q(agreement_version__isnull=False))
                | (Q(kind="lesson") & ~Q(lesson_url=""))
                | (Q(kind="no_change") & ~Q(reason="")),
                name="collaboration_outcome_names_its_result",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
