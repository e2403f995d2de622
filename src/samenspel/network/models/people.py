"""What a professional brings and when they are there: expertise with a level, languages,
work areas and absences. Matching a care team (trajectories) reads these."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField
from samenspel.core.reference import ReferenceLabel
from samenspel.network.models.core import Professional


class Expertise(ReferenceLabel, models.Model):
    """An area of expertise (deskundigheid) from a configurable taxonomy: jeugdhulp, GGZ-jeugd,
    LVB, schuldhulp … (DOMAIN.md §3). Data, not code; defaults come from a data migration."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = LimitedTextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("expertise")
        verbose_name_plural = _("expertise areas")
        ordering: ClassVar = ["position", "name"]

    def __str__(self) -> str:
        return self.label


class ExpertiseLevel(models.IntegerChoices):
    BASIC = 1, _("Basic")
    EXPERIENCED = 2, _("Experienced")
    SPECIALIST = 3, _("Specialist")


class ProfessionalExpertise(models.Model):
    """One expertise of one professional, with its level."""

    professional = models.ForeignKey(
        Professional, on_delete=models.CASCADE, related_name="expertise_levels"
    )
    expertise = models.ForeignKey(
        Expertise, on_delete=models.PROTECT, related_name="professional_levels"
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=ExpertiseLevel.choices, default=ExpertiseLevel.EXPERIENCED
    )

    class Meta:
        verbose_name = _("professional's expertise")
        verbose_name_plural = _("professionals' expertise")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["professional", "expertise"], name="network_profexpertise_unique"
            ),
        ]
        indexes: ClassVar = [
            # Directory filter and matching: "who has this expertise?"
            models.Index(fields=["expertise", "professional"], name="network_profexp_exp_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.professional} · {self.expertise} ({self.get_level_display()})"


class Language(ReferenceLabel, models.Model):
    """A language a professional speaks (ISO 639 code), e.g. Turkish, Arabic, Tamazight."""

    code = models.SlugField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.label


class Area(models.Model):
    """A work area: a municipality, or a district (wijk) within one. Professionals and teams
    serve areas; a family lives in one."""

    name = models.CharField(_("name"), max_length=100)
    municipality = models.CharField(_("municipality"), max_length=100)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering: ClassVar = ["municipality", "name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["municipality", "name"], name="network_area_unique"),
        ]

    def __str__(self) -> str:
        return self.name if self.name == self.municipality else f"{self.name} ({self.municipality})"


class AbsenceKind(models.TextChoices):
    SICK = "sick", _("Sick")
    LEAVE = "leave", _("Leave")
    OTHER = "other", _("Other")


class Absence(models.Model):
    """A period a professional is away (sick, leave). Open-ended while the end is unknown.
    Handover (trajectories) lists the affected trajectories and arranges cover."""

    professional = models.ForeignKey(
        Professional, on_delete=models.CASCADE, related_name="absences"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AbsenceKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    cover = models.ForeignKey(
        Professional,
        verbose_name=_("general cover"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="covering_absences",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering: ClassVar = ["-starts_on"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="network_absence_period_order",
            ),
        ]
        indexes: ClassVar = [
            # "Who is away this week?" (directory availability, matching, handover).
            models.Index(fields=["professional", "starts_on"], name="network_absence_prof_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.professional} · {self.get_kind_display()} {self.starts_on}"

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)
