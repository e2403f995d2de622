"""The access log (NEN 7513): who did what with whose data, on whose behalf, and why.

Append-only. Each event carries a SHA-256 over its own content and the previous event's hash,
so removing or changing a row breaks the chain (`verify_audit_log` finds where). On
PostgreSQL a trigger refuses UPDATE and DELETE outright.

The people and objects concerned are stored as plain identifiers and text snapshots, not
foreign keys: the log outlives the rows it speaks of (retention ≥ 5 years) and must read the
same after a family file is destroyed on request.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class EventType(models.TextChoices):
    CREATE = "create", _("Create")
    READ = "read", _("Read")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    PRINT = "print", _("Print")
    EXPORT = "export", _("Export")
    SEARCH = "search", _("Search")
    EMERGENCY_ACCESS = "emergency_access", _("Emergency access")
    LOG_ACCESS = "log_access", _("Log access")
    LOGIN = "login", _("Login")
    FAILED_LOGIN = "failed_login", _("Failed login")
    LOGOUT = "logout", _("Logout")


class Outcome(models.TextChoices):
    ALLOWED = "allowed", _("Allowed")
    DENIED = "denied", _("Denied")


class AccessEventQuerySet(models.QuerySet["AccessEvent"]):
    def about_family(self, family_id: int) -> AccessEventQuerySet:
        return self.filter(family_id=family_id)

    def in_chain_order(self) -> AccessEventQuerySet:
        return self.order_by("id")


class AccessEvent(models.Model):
    """One entry in the access log (toegangslog)."""

    occurred_at = models.DateTimeField(_("time"), db_index=True)
    event_type = models.CharField(_("event"), max_length=20, choices=EventType.choices)
    action = models.CharField(
        _("action"), max_length=100, help_text=_("Dotted name, e.g. families.family.read")
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.ALLOWED
    )
    # Who, and on whose behalf.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,  # users are deactivated, never deleted while logged
        null=True,
        blank=True,
        related_name="+",
        # audit_user_time_idx (user, -occurred_at) serves every lookup by user; a second
        # index on user alone would only cost each write (and the generator's index build).
        db_index=False,
    )
    user_label = models.CharField(_("user (as then)"), max_length=254, blank=True)
    acting_role = models.CharField(_("acting as"), max_length=32, blank=True)
    acting_organisation_id = models.BigIntegerField(null=True, blank=True)
    acting_organisation = models.CharField(_("on behalf of"), max_length=200, blank=True)
    # Whose data.
    family_id = models.BigIntegerField(_("family"), null=True, blank=True)
    member_id = models.BigIntegerField(_("family member"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    # Why it was allowed.
    purpose = models.CharField(_("purpose"), max_length=100, blank=True)
    consent_id = models.BigIntegerField(_("consent"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    # Where from.
    request_id = models.CharField(_("request"), max_length=64, blank=True)
    client_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # Tamper evidence.
    previous_hash = models.CharField(max_length=64)
    # Unique through a constraint in Meta, not `unique=True`: on PostgreSQL that would also
    # build a `varchar_pattern_ops` index nothing uses, doubling the random index inserts.
    hash = models.CharField(max_length=64)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        ordering: ClassVar = ["-id"]
        indexes: ClassVar = [
            # "Who looked at this family?" (security officer, and the family itself).
            models.Index(fields=["family_id", "-occurred_at"], name="audit_family_time_idx"),
            # "What did this user do?" (security officer review).
            models.Index(fields=["user", "-occurred_at"], name="audit_user_time_idx"),
            # Filter by type in a period, e.g. all emergency access this month.
            models.Index(fields=["event_type", "-occurred_at"], name="audit_type_time_idx"),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["hash"], name="audit_event_hash_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.user_label} {self.action}"

    @property
    def name_as_then(self) -> str:
        """The name logged with the event ("Name <address>" → "Name"; older events logged the
        address only)."""
        name, _sep, _rest = self.user_label.partition(" <")
        return name

    def content(self) -> dict[str, Any]:
        """Everything the hash covers, in a stable form."""
        return {
            "occurred_at": self.occurred_at.isoformat(),
            "event_type": str(self.event_type),
            "action": self.action,
            "outcome": str(self.outcome),
            "user_id": self.user_id,
            "user_label": self.user_label,
            "acting_role": self.acting_role,
            "acting_organisation_id": self.acting_organisation_id,
            "acting_organisation": self.acting_organisation,
            "family_id": self.family_id,
            "member_id": self.member_id,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "purpose": self.purpose,
            "consent_id": self.consent_id,
            "reason": self.reason,
            "detail": self.detail,
            "request_id": self.request_id,
            "client_ip": self.client_ip,
        }

    def compute_hash(self) -> str:
        return chain_hash(self.previous_hash, self.content())


def chain_hash(previous_hash: str, content: dict[str, Any]) -> str:
    """The link in the chain: SHA-256 over the previous hash and this event's content. Bulk
    writers (the scale generator) call it directly so their events verify like any other."""
    payload = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{previous_hash}|{payload}".encode()).hexdigest()
