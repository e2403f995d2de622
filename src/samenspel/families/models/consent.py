"""Consent (toestemming) as an object: permission to lift professional secrecy for a purpose,
to named recipients, for a period (Jeugdwet 7.3.11). Not the GDPR legal basis.

Who must give it follows from the age of the person it is about on the day it is given
(`required_consenters`): Jeugdwet 7.3.4 in the Netherlands, presumed capability from 12 in
Flanders.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField


class Purpose(models.TextChoices):
    TEAM_COLLABORATION = "team_collaboration", _("Team collaboration")
    MDO = "mdo", _("Multidisciplinary meeting (MDO)")
    REFERRAL = "referral", _("Referral to a named organisation")
    SHARE_WITH_GP = "share_with_gp", _("Sharing with the GP")
    OTHER = "other", _("Other")


class DataCategory(models.TextChoices):
    PERSONAL = "personal", _("Personal details")
    HELP_QUESTIONS = "help_questions", _("Help questions and plan")
    HEALTH = "health", _("Health and mental health")
    FINANCES = "finances", _("Finances and debts")
    SCHOOL = "school", _("School")
    SAFETY = "safety", _("Safety (safety check, Meldcode, Veilig Verder)")
    JOURNAL = "journal", _("Walk-along journal")


class ObtainedHow(models.TextChoices):
    VERBAL = "verbal", _("Verbally")
    WRITTEN = "written", _("In writing")
    SIGNED = "signed", _("Signed form")


class ConsentQuerySet(models.QuerySet["Consent"]):
    def active_on(self, day: datetime.date) -> ConsentQuerySet:
        """Given, started, not expired and not withdrawn on `day`."""
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
            valid_from__lte=day,
            withdrawn_at__isnull=True,
        )

    def covering(self, organisation_id: int, purpose: str) -> ConsentQuerySet:
        return self.filter(purpose=purpose, recipient_organisations=organisation_id)


class Consent(models.Model):
    """One consent: about which members, given by whom, for what, to whom, from/until."""

    family = models.ForeignKey("families.Family", on_delete=models.CASCADE, related_name="consents")
    about = models.ManyToManyField(
        "families.FamilyMember", verbose_name=_("about"), related_name="consents_about"
    )
    given_by = models.ManyToManyField(
        "families.FamilyMember", verbose_name=_("given by"), related_name="consents_given"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    purpose_detail = models.CharField(_("purpose in detail"), max_length=300, blank=True)
    recipient_organisations = models.ManyToManyField(
        "network.Organisation", verbose_name=_("shared with organisations"), related_name="+"
    )
    recipient_roles = models.CharField(_("shared with roles"), max_length=300, blank=True)
    data_categories = models.JSONField(_("data categories"), default=list, blank=True)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    obtained_how = models.CharField(_("obtained"), max_length=10, choices=ObtainedHow.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.CharField(_("withdrawn by"), max_length=200, blank=True)
    withdrawal_reason = LimitedTextField(_("reason for withdrawal"), blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering: ClassVar = ["family", "-valid_from", "-id"]
        indexes: ClassVar = [
            # The access policy: "is there an active consent for this family and purpose?"
            models.Index(fields=["family", "purpose", "valid_from"], name="families_consent_idx"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="families_consent_period_order",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Consent for %(purpose)s") % {"purpose": self.get_purpose_display()})

    @property
    def category_labels(self) -> list[str]:
        labels = dict(DataCategory.choices)
        return [str(labels.get(c, c)) for c in self.data_categories]

    def is_active_on(self, day: datetime.date) -> bool:
        return (
            self.withdrawn_at is None
            and self.valid_from <= day
            and (self.valid_until is None or self.valid_until >= day)
        )

    def status_on(self, day: datetime.date) -> str:
        if self.withdrawn_at is not None:
            return "withdrawn"
        if self.valid_until is not None and self.valid_until < day:
            return "expired"
        if self.valid_from > day:
            return "future"
        return "active"


@dataclass(frozen=True)
class ConsentRule:
    """Who must consent about one person on one day."""

    person_self: bool  # the person themselves
    parents: bool  # (at least one) parent or guardian with authority


def required_consenters(age: int | None, *, country: str) -> ConsentRule:
    """The age rule for consent about a child of `age` on the day of consent.

    Jeugdwet 7.3.4 (NL): under 12 the parents with authority decide; from 12 to 15 both the
    child and the parents; from 16 the young person alone. Flanders (decreet rechtspositie
    minderjarige): a minor from 12 is presumed capable and decides alone.
    Adults decide for themselves.
    """
    if age is None:
        raise ValueError("age unknown")
    if age < 12:
        return ConsentRule(person_self=False, parents=True)
    if country == "BE" or age >= 16:
        return ConsentRule(person_self=True, parents=False)
    return ConsentRule(person_self=True, parents=True)
