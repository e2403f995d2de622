"""Retention (bewaartermijn) per network, and the anonymous record a destruction leaves.

NL youth-care files are kept 20 years after the last change; Flemish files until the
youngest member turns 35 (DOMAIN.md §6). A network may configure its own rule.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField


class RetentionBasis(models.TextChoices):
    AFTER_LAST_CHANGE = "after_last_change", _("Years after the last change")
    YOUNGEST_REACHES_AGE = "youngest_reaches_age", _("Until the youngest member reaches an age")


class RetentionRule(models.Model):
    """A network's own retention rule; without one the country's default applies."""

    network = models.OneToOneField(
        "network.Network", on_delete=models.CASCADE, related_name="retention_rule"
    )
    basis = models.CharField(_("basis"), max_length=24, choices=RetentionBasis.choices)
    years = models.PositiveSmallIntegerField(
        _("years or age"), help_text=_("Years after the last change, or the age of the youngest.")
    )

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self) -> str:
        return f"{self.get_basis_display()}: {self.years}"


class DestructionKind(models.TextChoices):
    RETENTION = "retention", _("Retention period ended")
    REQUEST = "request", _("At the family's request")


class DestructionDecision(models.TextChoices):
    DESTROYED = "destroyed", _("Destroyed")
    REFUSED = "refused", _("Refused")


class RequestChannel(models.TextChoices):
    """How the family asked for its file to be destroyed (AVG art. 17 asks no form)."""

    IN_PERSON = "in_person", _("In person")
    LETTER = "letter", _("By letter")
    EMAIL = "email", _("By e-mail")
    PHONE = "phone", _("By phone")


class DestructionProposal(models.Model):
    """A destruction proposed by one authorised person, waiting for a second one to confirm
    (four eyes): destruction cannot be undone. Destroyed with the file when confirmed; the
    anonymous `DestructionRecord` keeps who proposed and who confirmed."""

    family = models.OneToOneField(
        "families.Family", on_delete=models.CASCADE, related_name="destruction_proposal"
    )
    kind = models.CharField(_("why"), max_length=10, choices=DestructionKind.choices)
    grounds = LimitedTextField(
        _("grounds for the decision"), help_text=_("No names or other personal data.")
    )
    # The family's request: who (by their place in the family, no name), when and how.
    requested_by = models.CharField(_("asked by"), max_length=100, blank=True)
    requested_on = models.DateField(_("asked on"), null=True, blank=True)
    requested_how = models.CharField(
        _("asked how"), max_length=10, choices=RequestChannel.choices, blank=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)

    class Meta:
        verbose_name = _("destruction proposal")
        verbose_name_plural = _("destruction proposals")

    def __str__(self) -> str:
        return f"{self.family_id} · {self.get_kind_display()}"


class DestructionRecord(models.Model):
    """What remains of a destroyed file, and the decision on a request: no personal data,
    only the network, dates and counts (anonymous statistics)."""

    network = models.ForeignKey(
        "network.Network", on_delete=models.PROTECT, related_name="destruction_records"
    )
    # A plain number, not a key: the file it names may be gone.
    family_ref = models.BigIntegerField(_("file number"))
    kind = models.CharField(_("why"), max_length=10, choices=DestructionKind.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=DestructionDecision.choices)
    grounds = LimitedTextField(
        _("grounds for the decision"), help_text=_("No names or other personal data.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Four eyes: who proposed the destruction (decided_by confirmed it); empty for a refusal.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    requested_by = models.CharField(_("asked by"), max_length=100, blank=True)
    requested_on = models.DateField(_("asked on"), null=True, blank=True)
    requested_how = models.CharField(
        _("asked how"), max_length=10, choices=RequestChannel.choices, blank=True
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    registered_year = models.PositiveSmallIntegerField(_("year registered"), null=True)
    member_count = models.PositiveSmallIntegerField(_("members"), default=0)
    trajectory_count = models.PositiveSmallIntegerField(_("trajectories"), default=0)

    class Meta:
        verbose_name = _("destruction record")
        verbose_name_plural = _("destruction records")
        ordering: ClassVar = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.family_ref} · {self.get_decision_display()}"
