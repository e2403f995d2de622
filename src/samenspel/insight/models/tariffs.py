"""Tariffs (tarieven) per organisation, optionally per service, with a validity period, so
that time can be costed as it was priced at the time (source 000: profielfinanciering asks
"what does which help cost"). Indirect time has its own rate where a contract prices it apart;
without one it is costed at the direct rate and still shown apart."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Tariff(models.Model):
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="tariffs",
    )
    service = models.ForeignKey(
        "network.Service",
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tariffs",
        help_text=_("Leave empty for the organisation's general hourly rate."),
    )
    hourly_rate = models.DecimalField(_("hourly rate (euro)"), max_digits=8, decimal_places=2)
    indirect_hourly_rate = models.DecimalField(
        _("hourly rate for indirect time (euro)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty to cost indirect time at the same rate."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        ordering: ClassVar = ["organisation", "valid_from"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="insight_tariff_period_order",
            ),
            models.CheckConstraint(
                condition=Q(hourly_rate__gte=0)
                & (Q(indirect_hourly_rate__isnull=True) | Q(indirect_hourly_rate__gte=0)),
                name="insight_tariff_not_negative",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["organisation", "valid_from"], name="insight_tariff_org_idx"),
        ]

    def __str__(self) -> str:
        return _("%(rate)s per hour from %(day)s") % {
            "rate": self.hourly_rate,
            "day": self.valid_from,
        }

    def rate(self, *, direct: bool) -> Decimal:
        if direct or self.indirect_hourly_rate is None:
            return self.hourly_rate
        return self.indirect_hourly_rate
