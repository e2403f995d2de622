"""The network (samenwerkingsverband): who works together, from which organisation, for how
many hours. The directory, service catalogue, agreements register and glossary build on these.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField
from samenspel.core.reference import ReferenceLabel
from samenspel.network.querysets import NetworkQuerySet, ProfessionalQuerySet


class Country(models.TextChoices):
    NL = "NL", _("Netherlands")
    BE = "BE", _("Belgium (Flanders)")


class Sector(ReferenceLabel, models.Model):
    """A sector (jeugdhulp, GGZ, LVB-zorg, schuldhulp …). Data, not code: a deployment adds
    its own; the defaults come from a data migration."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering: ClassVar = ["position", "name"]

    def __str__(self) -> str:
        return self.label


class Network(models.Model):
    """A samenwerkingsverband, e.g. "Beter Thuis". A deployment hosts several."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default="NL")
    region = models.CharField(_("region"), max_length=200, blank=True)
    description = LimitedTextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Optimistic concurrency: an edit saves only if nobody saved in between.
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A legal entity that employs professionals and stays data controller for its own work
    (moederorganisatie). It can be a member of several networks."""

    name = models.CharField(_("name"), max_length=200)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="organisations"
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default="NL")
    region = models.CharField(_("region"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = LimitedTextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    # Stable id from the source system, so a re-import updates instead of duplicating.
    external_id = models.CharField(  # noqa: DJ001 - NULL: unique only when present
        _("external id"), max_length=100, null=True, blank=True
    )
    networks = models.ManyToManyField(
        Network, through="NetworkMembership", related_name="organisations", blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=Q(external_id__isnull=False),
                name="network_organisation_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    LEAD = "lead", _("Lead partner (penvoerder)")
    PARTNER = "partner", _("Partner")


class NetworkMembership(models.Model):
    """An organisation's membership of a network, with its role and period."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.PARTNER
    )
    valid_from = models.DateField(_("member since"), default=timezone.localdate)
    valid_until = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["network", "organisation", "valid_from"],
                name="network_membership_unique_period_start",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="network_membership_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.network}"


class Professional(models.Model):
    """A professional (hulpverlener): a user who works in one or more networks on behalf of
    a home organisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="professional"
    )
    home_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("home organisation"),
        on_delete=models.PROTECT,
        related_name="professionals",
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    introduction = LimitedTextField(
        _("introduction"),
        blank=True,
        help_text=_("A few sentences about you and your work, for colleagues in the network."),
    )
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    contact_email = models.EmailField(
        _("contact e-mail address"), blank=True, help_text=_("Leave empty to use the login.")
    )
    networks = models.ManyToManyField(
        Network, through="NetworkAssignment", related_name="professionals", blank=True
    )
    external_id = models.CharField(  # noqa: DJ001 - NULL: unique only when present
        _("external id"), max_length=100, null=True, blank=True
    )
    expertise = models.ManyToManyField(
        "network.Expertise",
        through="network.ProfessionalExpertise",
        related_name="professionals",
        blank=True,
    )
    languages = models.ManyToManyField(
        "network.Language", verbose_name=_("languages"), related_name="professionals", blank=True
    )
    areas = models.ManyToManyField(
        "network.Area", verbose_name=_("work areas"), related_name="professionals", blank=True
    )
    # Set when a photo is stored: lists show it without loading the picture itself.
    photo_updated_at = models.DateTimeField(_("photo changed"), null=True, blank=True)
    # Optimistic concurrency for the professional's own profile edits.
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = ProfessionalQuerySet.as_manager()

    class Meta:
        verbose_name = _("professional")
        verbose_name_plural = _("professionals")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=Q(external_id__isnull=False),
                name="network_professional_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class NetworkAssignment(models.Model):
    """How many hours a week a professional works for one network (source 000: about three
    days a week, keeping a tie with the home organisation)."""

    professional = models.ForeignKey(
        Professional, on_delete=models.CASCADE, related_name="assignments"
    )
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="assignments")
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, default=0
    )
    valid_from = models.DateField(_("since"), default=timezone.localdate)
    valid_until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("network assignment")
        verbose_name_plural = _("network assignments")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["professional", "network"], name="network_assignment_unique"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=0) & Q(hours_per_week__lte=60),
                name="network_assignment_hours_range",
            ),
        ]
        indexes: ClassVar = [
            # "Which professionals work in this network?" (directory, matching).
            models.Index(fields=["network", "professional"], name="network_assignment_net_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.professional} · {self.network} ({self.hours_per_week} h)"


class Team(models.Model):
    """A team: a network team (e.g. "Beter Thuis Zoetermeer") or an organisation's own team.
    Belongs to exactly one of the two."""

    name = models.CharField(_("name"), max_length=200)
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, null=True, blank=True, related_name="teams"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="teams"
    )
    members = models.ManyToManyField(Professional, related_name="teams", blank=True)
    areas = models.ManyToManyField(
        "network.Area", verbose_name=_("areas served"), related_name="teams", blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(Q(network__isnull=False) & Q(organisation__isnull=True))
                | (Q(network__isnull=True) & Q(organisation__isnull=False)),
                name="network_team_belongs_to_network_xor_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.name
