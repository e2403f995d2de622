"""The access log (NEN 7513): who did what with whose data, on whose behalf, and why.

Append-only, and sealed afterwards: `audit.record` appends an event without any lock, and the
sealer (`audit/seal.py`) later chains every committed event into a keyed hash chain (HMAC-SHA256
with a key outside the database) and writes a `Seal` per run. A changed, removed or inserted
row breaks a seal (`verify_audit_log` finds which). On PostgreSQL a trigger refuses UPDATE and
DELETE on both tables outright.

Events written before the keyed seals (audit migration 0006) keep their unkeyed SHA-256 links
in `previous_hash`/`hash` ("legacy"); verification still checks them, and the first seal starts
from their head, so the old chain and the keyed one are one.

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
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

GENESIS_HASH = "0" * 64


@deconstructible(path="samenspel.audit.models.TransactionId")
class TransactionId(models.Expression):
    """The inserting transaction's id (PostgreSQL `pg_current_xact_id()`, 64-bit, never wraps)
    as a column default: the sealer seals an event once the snapshot it takes shows that
    transaction finished. SQLite has one writer, so there the id order is the commit order
    and the column stays 0."""

    output_field = models.BigIntegerField()
    allowed_default = True

    def __repr__(self) -> str:
        return "TransactionId()"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[str | int, ...]]:
        return "0", ()

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, tuple[str | int, ...]]:
        return "(pg_current_xact_id()::text::bigint)", ()


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
        pgettext_lazy("access log", "action"),
        max_length=100,
        help_text=_("Dotted name, e.g. families.family.read"),
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
    # Tamper evidence: the inserting transaction, which tells the sealer when the event is
    # committed for good (the id alone cannot: ids are handed out before commit, and commits
    # come in any order).
    xid = models.BigIntegerField(editable=False, db_default=TransactionId())
    # Legacy links of the unkeyed chain (events before audit migration 0006); NULL since, so
    # "legacy" is exactly "has a hash" and the old rows needed no rewrite.
    previous_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001
    hash = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001

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

    def compute_legacy_hash(self) -> str:
        return legacy_chain_hash(self.previous_hash or GENESIS_HASH, self.content())


def canonical(content: dict[str, Any]) -> str:
    """The one text form of an event's content that every hash is taken over."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)


def legacy_chain_hash(previous_hash: str, content: dict[str, Any]) -> str:
    """A link of the unkeyed chain (before audit migration 0006): SHA-256 over the previous
    hash and the event's content. Only verification still computes it."""
    return hashlib.sha256(f"{previous_hash}|{canonical(content)}".encode()).hexdigest()


class Seal(models.Model):
    """One run of the sealer: the events that became committed for good since the seal before,
    chained in id order onto that seal's hash with a keyed HMAC.

    Which events a seal covers is written down as two snapshots of finished transactions, this
    one and the one before (`snapshot`, PostgreSQL's `xmin:xmax:xip,...` form): an event
    belongs to the first seal whose snapshot shows its transaction finished. That set can no
    longer change once the seal is written, so verification can recompute it exactly.
    """

    sealed_at = models.DateTimeField(_("sealed at"))
    key_id = models.CharField(_("key"), max_length=64)
    snapshot = models.TextField()
    event_count = models.BigIntegerField()
    first_event_id = models.BigIntegerField(null=True)
    last_event_id = models.BigIntegerField(null=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # RFC 6962 Merkle tree hash over the events this seal covers, in id order (hex); part of
    # what `hash` signs. Empty for seals made before it existed (migration 0007).
    merkle_root = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("access log seal")
        verbose_name_plural = _("access log seals")
        ordering: ClassVar = ["id"]

    def __str__(self) -> str:
        return f"seal {self.pk}: {self.event_count} events, {self.hash[:12]}"
