"""Writing to the access log: `record()` is the one way in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone

from samenspel.audit.models import AccessEvent, EventType, Outcome
from samenspel.core.net import client_ip

if TYPE_CHECKING:
    from django.http import HttpRequest

    from samenspel.accounts.models import User


@dataclass(frozen=True)
class ActingAs:
    """On whose behalf a user acts: set on the request by the network layer."""

    role: str
    organisation_id: int | None = None
    organisation_name: str = ""


def record(
    event_type: EventType,
    action: str,
    *,
    actor: User | None,
    request: HttpRequest | None = None,
    family_id: int | None = None,
    member_id: int | None = None,
    obj: models.Model | None = None,
    purpose: str = "",
    consent_id: int | None = None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
    outcome: Outcome = Outcome.ALLOWED,
    user_label: str = "",
    acting_as: ActingAs | None = None,
) -> AccessEvent:
    """Append one event to the access log and return it.

    Call it inside the same transaction as the change it records, so that a change is
    never stored without its event. The append takes no lock: the sealer (`audit/seal.py`)
    chains it into the keyed hash chain once its transaction has committed.
    """
    acting_as = acting_as or _acting_as(request, actor)
    event = AccessEvent(
        occurred_at=timezone.now(),
        event_type=event_type,
        action=action,
        outcome=outcome,
        user=actor if actor is not None and actor.pk else None,
        user_label=user_label or (actor.email if actor is not None and actor.pk else ""),
        acting_role=acting_as.role,
        acting_organisation_id=acting_as.organisation_id,
        acting_organisation=acting_as.organisation_name,
        family_id=family_id,
        member_id=member_id,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        purpose=purpose,
        consent_id=consent_id,
        reason=reason,
        detail=detail or {},
        request_id=getattr(request, "request_id", "") if request is not None else "",
        client_ip=client_ip(request) if request is not None else None,
    )
    # One INSERT, no savepoint: if it fails, the surrounding change must fail with it anyway.
    event.save(force_insert=True)
    return event


def _acting_as(request: HttpRequest | None, actor: User | None) -> ActingAs:
    explicit = getattr(request, "acting_as", None) if request is not None else None
    if isinstance(explicit, ActingAs):
        return explicit
    if actor is None or not actor.pk:
        return ActingAs(role="")
    role = actor.primary_role
    return ActingAs(role=str(role) if role else "")
