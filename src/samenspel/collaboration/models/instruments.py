"""Instruments as versioned data, not code (DOMAIN.md §5).

An instrument (the samenwerkingsbarometer, the value-creation reflection, Nooteboom's twelve
components …) is loaded from a data file by `samenspel manage load_instruments`; a deployment
that holds a licence loads its own texts from a path of its own, so licensed texts stay out of
the repository. Every answer refers to the version it was given under, so a new version never
changes the meaning of old answers. The same idea as `plans.Instrument` (ZRM, GAS, ORS), whose
scores keep their own version; see docs/ARCHITECTURE.md for how the two relate.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Who or what an instrument is about."""

    NETWORK = "network", _("Network")
    ORGANISATION = "organisation", _("Organisation")
    PROFESSIONAL = "professional", _("Professional")
    FAMILY = "family", _("Family")
    TRAJECTORY = "trajectory", _("Trajectory")


class ItemKind(models.TextChoices):
    SCALE = "scale", _("Scale")
    YES_NO = "yes_no", _("Yes or no")
    TEXT = "text", _("Open text")
    PHASE = "phase", _("Phase")


class Instrument(models.Model):
    """One version of an instrument, e.g. "samenwerkingsbarometer 2024.1"."""

    code = models.SlugField(_("code"), max_length=60)
    version = models.CharField(_("version"), max_length=30)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    licence_note = models.TextField(_("licence"), blank=True)
    # Whether a network coordinator can open a round with it (barometer, value questions).
    for_rounds = models.BooleanField(_("used in rounds"), default=False)
    is_current = models.BooleanField(_("current"), default=True)
    loaded_from = models.CharField(_("loaded from"), max_length=500, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering: ClassVar = ["name", "version"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["code", "version"], name="collaboration_instrument_unique_version"
            ),
            # New rounds and ratings use the current version of each instrument.
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(is_current=True),
                name="collaboration_instrument_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class InstrumentItem(models.Model):
    """One item: a dimension of the barometer, a question, a component or a phase."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("code"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"))
    section = models.CharField(_("section"), max_length=100, blank=True)
    text = models.CharField(_("text"), max_length=500)
    help_text = models.TextField(_("explanation"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    # [[value, label], …] for a scale, lowest first; empty for other kinds.
    scale = models.JSONField(_("scale"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=True)
    with_comment = models.BooleanField(_("with a comment"), default=False)
    # What a phase delivers (start note, letter of intent …); empty for other kinds.
    deliverable = models.CharField(_("deliverable"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("instrument item")
        verbose_name_plural = _("instrument items")
        ordering: ClassVar = ["instrument", "position"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["instrument", "code"], name="collaboration_item_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def scale_values(self) -> list[int]:
        return [int(value) for value, _label in self.scale]

    @property
    def scale_min(self) -> int:
        return min(self.scale_values)

    @property
    def scale_max(self) -> int:
        return max(self.scale_values)
