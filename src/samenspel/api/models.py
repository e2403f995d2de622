"""Systems of an organisation that call the API and FHIR endpoints (docs/API.md).

An `ApiClient` belongs to one organisation and is one django-oauth-toolkit `Application`
(client credentials). It authenticates with a JWT it signs with one of its `ClientKey`s
(SMART Backend Services, private_key_jwt); keys rotate by adding a new one and retiring the
old. A `CalendarFeed` is a professional's private, revocable iCalendar address.
"""

from __future__ import annotations

import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Scopes per resource, SMART v1 style ("system/<Resource>.<read|write>").
SCOPES: dict[str, str] = {
    "system/Organization.read": "the directory: organisations and services",
    "system/Practitioner.read": "the directory: professionals",
    "system/PractitionerRole.read": "the directory: professionals' places in organisations",
    "system/CareTeam.read": "trajectories with their care team and phase",
    "system/CarePlan.read": "plans: versions, goals, actions, evaluations",
    "system/CarePlan.write": "propose an item for a plan",
    "system/Consent.read": "consents",
    "system/QuestionnaireResponse.read": "instrument scores (ZRM, ORS, SRS) and the family's "
    "answers before an evaluation",
    "system/Encounter.read": "meetings",
    "system/AuditEvent.read": "the access events about a family",
    "system/Group.write": "register a family (search before create)",
    "system/Observation.write": "add a note to the walk-along journal",
    "system/Task.write": "record time",
}


class ApiClientQuerySet(models.QuerySet["ApiClient"]):
    def active(self) -> ApiClientQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiClient(models.Model):
    """A system of one organisation (its record system), allowed the scopes listed."""

    application = models.OneToOneField(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL,
        on_delete=models.CASCADE,
        related_name="api_client",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="api_clients",
    )
    name = models.CharField(_("name"), max_length=200)
    scopes = models.TextField(_("scopes"), help_text=_("separated by spaces"))
    rate_per_minute = models.PositiveIntegerField(_("calls per minute"), default=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering: ClassVar = ["organisation_id", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def client_id(self) -> str:
        return self.application.client_id

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())

    @property
    def label(self) -> str:
        """How the access log names this client as the actor."""
        return f"Koppeling {self.name} ({self.client_id})"[:254]


class ClientKey(models.Model):
    """A public key (JWK) the client signs its assertions with. Rotation: add the new key,
    let the client switch, then retire the old one; a retired key is refused."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="keys")
    kid = models.CharField(_("key id"), max_length=200)
    public_jwk = models.JSONField(_("public key (JWK)"))
    added_at = models.DateTimeField(_("added"), default=timezone.now)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("client key")
        verbose_name_plural = _("client keys")
        ordering: ClassVar = ["client_id", "-added_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["client", "kid"],
                condition=Q(retired_at__isnull=True),
                name="api_key_one_active_kid",
            )
        ]

    def __str__(self) -> str:
        return self.kid


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A professional's private iCalendar feed: their meetings and the evaluation due dates
    of the trajectories they coordinate or walk along with. The token is the only secret;
    revoking it ends the address at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="api_one_live_feed"
            )
        ]

    def __str__(self) -> str:
        return f"feed {self.pk}"
