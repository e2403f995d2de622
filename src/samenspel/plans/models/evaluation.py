"""The evaluation record (evaluatie) of each cycle, and the measurements taken in it.

Every six weeks (DOMAIN.md §4.6) the team and the family look at every goal (GAS, with the
summary T-score), at the life domains that matter for the help question (ZRM, never all of
them by force: Autoriteit Persoonsgegevens 2018), at what goes well and what must change, and
decide to step up, keep or step down the help.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField

# The same answers as the registration's check (families.models.SafetyStatus), kept as
# plain choices here so the plans app does not depend on the families models at import.
SAFETY_CHOICES = [
    ("in_order", _("Basic care and safety are in order")),
    ("concerns", _("There are concerns")),
    ("acute", _("Acute unsafety")),
]


class Step(models.TextChoices):
    UP = "up", _("Step up: more or other help")
    SAME = "same", _("Keep the help as it is")
    DOWN = "down", _("Step down: less help")


class Evaluation(models.Model):
    """One evaluation (evaluatie) of the agreed plan version, with the family."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.PROTECT, related_name="evaluations"
    )
    plan_version = models.ForeignKey(
        "plans.PlanVersion",
        verbose_name=_("plan version evaluated"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    # The evaluation meeting (trajectories app) where this record was made, when planned there.
    meeting = models.ForeignKey(
        "trajectories.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluation_records",
    )
    held_on = models.DateField(_("held on"), default=timezone.localdate)
    goes_well = LimitedTextField(_("what goes well"), blank=True)
    must_change = LimitedTextField(_("what must change"), blank=True)
    step = models.CharField(_("help from now on"), max_length=5, choices=Step.choices)
    next_evaluation_on = models.DateField(_("next evaluation"))
    plan_changes = models.BooleanField(_("the plan changes"), default=False)
    # The safety question again at every evaluation (DOMAIN.md §7), with the registration's
    # answers (families.SafetyStatus). Empty for evaluations recorded before it was asked.
    safety_status = models.CharField(
        _("basic care and safety now"), max_length=20, blank=True, choices=SAFETY_CHOICES
    )
    safety_notes = LimitedTextField(_("what we see about safety"), blank=True)
    # Stored when the scores are saved, so lists and analytics need not recompute it.
    t_score = models.FloatField(_("GAS T-score"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering: ClassVar = ["-held_on", "-id"]
        indexes: ClassVar = [
            # The plan page and the trends: a trajectory's evaluations by date.
            models.Index(fields=["trajectory", "held_on"], name="plans_eval_traj_held_idx"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(next_evaluation_on__gt=models.F("held_on")),
                name="plans_eval_next_after_held",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Evaluation of %(date)s") % {"date": self.held_on})

    @property
    def raises_safety_concerns(self) -> bool:
        return self.safety_status in ("concerns", "acute")


class GoalScore(models.Model):
    """How far one goal was reached at one evaluation, on the GAS scale −2 … +2."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    goal = models.ForeignKey("plans.Goal", on_delete=models.PROTECT, related_name="scores")
    attainment = models.SmallIntegerField(_("reached"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("goal score")
        verbose_name_plural = _("goal scores")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["evaluation", "goal"], name="plans_goalscore_unique"),
            models.CheckConstraint(
                condition=Q(attainment__gte=-2, attainment__lte=2),
                name="plans_goalscore_gas_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.attainment:+d}"


class Assessment(models.Model):
    """A measurement with an instrument version (ZRM, ZRM-Huishoudens, ORS, SRS): for the
    household or one member, on a date, perhaps as part of an evaluation."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.PROTECT, related_name="assessments"
    )
    instrument_version = models.ForeignKey(
        "plans.InstrumentVersion",
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    assessed_on = models.DateField(_("date"), default=timezone.localdate)
    member = models.ForeignKey(
        "families.FamilyMember",
        verbose_name=_("about"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave empty for the household as a whole."),
    )
    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering: ClassVar = ["-assessed_on", "-id"]
        indexes: ClassVar = [
            # The trends: a trajectory's assessments by date.
            models.Index(fields=["trajectory", "assessed_on"], name="plans_assess_traj_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument_version} {self.assessed_on}"


class DomainScore(models.Model):
    """The score of one domain in one assessment. A domain without a row was not discussed
    (niet besproken): only domains that matter for the help question are scored, each with the
    reason why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    domain = models.ForeignKey(
        "plans.InstrumentDomain", on_delete=models.PROTECT, related_name="scores"
    )
    score = models.SmallIntegerField(_("score"))
    # Required for the ZRM (why it matters for the help question); a note for ORS/SRS items.
    relevance = LimitedTextField(_("why this domain matters for the help question"), blank=True)

    class Meta:
        verbose_name = _("domain score")
        verbose_name_plural = _("domain scores")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["assessment", "domain"], name="plans_domainscore_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.score}"
