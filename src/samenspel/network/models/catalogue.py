"""The service catalogue: which help each organisation offers, for whom, with which
interventions and at what cost (NJi: "describe which help each organisation offers and which
effective interventions"; source 000: profielfinanciering needs the tariffs)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField
from samenspel.network.models.core import Organisation
from samenspel.network.models.glossary import GlossaryTerm
from samenspel.network.models.people import Expertise


class TariffUnit(models.TextChoices):
    HOUR = "hour", _("per hour")
    DAY = "day", _("per day")
    TRAJECTORY = "trajectory", _("per trajectory")


class Service(models.Model):
    """One kind of help an organisation offers (aanbod)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    name = models.CharField(_("name"), max_length=200)
    description = LimitedTextField(_("description"), blank=True)
    target_groups = models.ManyToManyField(
        GlossaryTerm,
        verbose_name=_("target groups"),
        related_name="services",
        blank=True,
        help_text=_("Target groups as the network's glossary defines them."),
    )
    expertise = models.ManyToManyField(
        Expertise, verbose_name=_("expertise involved"), related_name="services", blank=True
    )
    waiting_weeks = models.PositiveSmallIntegerField(
        _("waiting time in weeks"), null=True, blank=True
    )
    tariff = models.DecimalField(
        _("tariff (euro)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    tariff_unit = models.CharField(
        _("tariff unit"), max_length=12, choices=TariffUnit.choices, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(tariff__isnull=True) | ~Q(tariff_unit=""),
                name="network_service_tariff_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Effectiveness(models.TextChoices):
    """The recognition levels of the Dutch databank of effective youth interventions."""

    EFFECTIVE_STRONG = "strong", _("Recognised: effective, strong evidence")
    EFFECTIVE_GOOD = "good", _("Recognised: effective, good evidence")
    EFFECTIVE_FIRST = "first", _("Recognised: first indications of effectiveness")
    WELL_FOUNDED = "founded", _("Recognised: well founded")
    NOT_ASSESSED = "none", _("Not assessed")


class Intervention(models.Model):
    """An intervention used within a service, with its effectiveness rating."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="interventions")
    name = models.CharField(_("name"), max_length=200)
    effectiveness = models.CharField(
        _("effectiveness"),
        max_length=10,
        choices=Effectiveness.choices,
        default=Effectiveness.NOT_ASSESSED,
    )

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name
