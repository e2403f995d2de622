"""Family plans and the instruments that measure progress.

The instruments (ZRM, GAS, ORS/SRS) are versioned data, not code: a licensed deployment loads
the official texts into the same tables, and every score keeps the instrument version it was
given under (older ZRM versions had 11 domains; DOMAIN.md §5).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samenspel.core.reference import ReferenceLabel


class InstrumentKind(models.TextChoices):
    ZRM = "zrm", _("Self-sufficiency matrix (ZRM)")
    GAS = "gas", _("Goal attainment scaling (GAS)")
    ORS = "ors", _("Outcome rating scale (ORS)")
    SRS = "srs", _("Session rating scale (SRS)")


class Instrument(ReferenceLabel, models.Model):
    """A measuring instrument, e.g. the ZRM. Its versions hold the domains and levels."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=InstrumentKind.choices)
    name = models.CharField(_("name"), max_length=200)
    licence_note = models.TextField(
        _("licence"),
        blank=True,
        help_text=_("Who owns the texts, and whether this deployment may show them."),
    )

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.label


class InstrumentVersion(models.Model):
    """One version of an instrument's content (e.g. "ZRM 2017"). Scores refer to a version,
    so a new version never changes the meaning of old scores."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versions")
    label = models.CharField(_("version"), max_length=50)
    is_current = models.BooleanField(_("current"), default=True)
    scale_min = models.SmallIntegerField(_("lowest score"))
    scale_max = models.SmallIntegerField(_("highest score"))

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["instrument", "label"], name="plans_instrumentversion_unique_label"
            ),
            # One current version per instrument: new assessments use it.
            models.UniqueConstraint(
                fields=["instrument"],
                condition=Q(is_current=True),
                name="plans_instrumentversion_one_current",
            ),
            models.CheckConstraint(
                condition=Q(scale_min__lt=models.F("scale_max")),
                name="plans_instrumentversion_scale_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.label}"


class DomainLevel(models.TextChoices):
    MEMBER = "member", _("Person")
    HOUSEHOLD = "household", _("Household")
    CHILD = "child", _("Child (supplement)")


class InstrumentDomain(ReferenceLabel, models.Model):
    """A domain (leefgebied) or item of an instrument version, e.g. "Financiën". The domains
    of the current ZRM are *the* life domains of the product (`plans.queries.life_domains()`):
    goals, notes, scores, help questions and the walk-along journal are filed under them."""

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="domains")
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(
        _("level"), max_length=10, choices=DomainLevel.choices, default=DomainLevel.MEMBER
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # False for a life domain the product adds to the instrument's list (Opvoeding, the journal's
    # old "parenting"): goals, notes and journal entries are filed under it, an assessment
    # never scores it (plans/migrations/0008).
    scored = models.BooleanField(_("scored in an assessment"), default=True)
    criteria = models.JSONField(
        _("criteria per score"),
        default=dict,
        blank=True,
        help_text=_("Licensed texts per score, loaded by a deployment that holds the licence."),
    )

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering: ClassVar = ["version", "position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["version", "code"], name="plans_domain_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label


class ScaleLevel(ReferenceLabel, models.Model):
    """The name of one point on a version's scale, e.g. ZRM 1 "acute problematiek"."""

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="scale_levels"
    )
    value = models.SmallIntegerField(_("score"))
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")
        ordering: ClassVar = ["version", "value"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["version", "value"], name="plans_scalelevel_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.label}"
