"""Writing to the access log: `record()` is the one way in."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone

from samenspel.audit import vocabulary
from samenspel.audit.models import AccessEvent, EventType, Outcome
from samenspel.core.net import client_ip

if TYPE_CHECKING:
    from django.http import HttpRequest

    from samenspel.accounts.models import User


# A change to anything of a family's file: every write records one, so this is the one place
# that sees them all (the families app moves the retention clock here, Jeugdwet 7.3.8).
CHANGES = frozenset({EventType.CREATE, EventType.UPDATE, EventType.DELETE})
_change_listeners: list[Callable[[int, datetime.datetime, str], None]] = []


def on_family_change(listener: Callable[[int, datetime.datetime, str], None]) -> None:
    """Call `listener(family_id, when, action)` for every allowed change event about a
    family, in the transaction of the change."""
    if listener not in _change_listeners:
        _change_listeners.append(listener)


@dataclass(frozen=True)
class ActingAs:
    """On whose behalf a user acts: set on the request by the network layer."""

    role: str
    organisation_id: int | None = None
    organisation_name: str = ""
    # A system acting for a named professional (the API's writes): the client, kept in each
    # event's detail next to the professional as the user (docs/API.md).
    client_id: str = ""
    client_label: str = ""


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
    entry = Entry(
        family_id=family_id,
        member_id=member_id,
        obj=obj,
        purpose=purpose,
        consent_id=consent_id,
        reason=reason,
        detail=detail,
        outcome=outcome,
    )
    acting_as = acting_as or _acting_as(request, actor)
    event = _event(event_type, action, entry, actor, request, user_label, acting_as, timezone.now())
    # One INSERT, no savepoint: if it fails, the surrounding change must fail with it anyway.
    event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class Entry:
    """What may differ between the events of one `record_many` call: `record`'s keywords
    about the object, its ground and its outcome."""

    family_id: int | None = None
    member_id: int | None = None
    obj: models.Model | None = None
    purpose: str = ""
    consent_id: int | None = None
    reason: str = ""
    detail: dict[str, Any] | None = None
    outcome: Outcome = Outcome.ALLOWED


def record_many(
    event_type: EventType,
    action: str,
    entries: Sequence[Entry],
    *,
    actor: User | None,
    request: HttpRequest | None = None,
    user_label: str = "",
    acting_as: ActingAs | None = None,
) -> list[AccessEvent]:
    """`record` for several events of one request at once (a search page: one event per
    object it shows), in one INSERT: each event has exactly the fields `record` would give
    it with the same arguments, in the order of `entries` (ids ascending, so the sealer chains
    them in that order), the time of this call. The sealer treats them like any append."""
    if not entries:
        return []
    acting_as = acting_as or _acting_as(request, actor)
    now = timezone.now()
    events = [
        _event(event_type, action, entry, actor, request, user_label, acting_as, now)
        for entry in entries
    ]
    AccessEvent.objects.bulk_create(events)
    return events


def _event(
    event_type: EventType,
    action: str,
    entry: Entry,
    actor: User | None,
    request: HttpRequest | None,
    user_label: str,
    acting_as: ActingAs,
    now: datetime.datetime,
) -> AccessEvent:
    """One event as `record` writes it (not saved); tells the change listeners."""
    purpose = vocabulary.check(action, entry.purpose)
    detail = entry.detail
    if acting_as.client_id and actor is not None:
        detail = {
            "client_id": acting_as.client_id,
            "client": acting_as.client_label,
            **(detail or {}),
        }
    family_id, obj = entry.family_id, entry.obj
    if family_id is not None and event_type in CHANGES and entry.outcome == Outcome.ALLOWED:
        for listener in _change_listeners:
            listener(family_id, now, action)
    return AccessEvent(
        occurred_at=now,
        event_type=event_type,
        action=action,
        outcome=entry.outcome,
        user=actor if actor is not None and actor.pk else None,
        user_label=user_label or label_for(actor),
        acting_role=acting_as.role,
        acting_organisation_id=acting_as.organisation_id,
        acting_organisation=acting_as.organisation_name,
        family_id=family_id,
        member_id=entry.member_id,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        purpose=purpose,
        consent_id=entry.consent_id,
        reason=entry.reason,
        detail=detail or {},
        request_id=getattr(request, "request_id", "") if request is not None else "",
        client_ip=client_ip(request) if request is not None else None,
    )


def record_each_family(
    event_type: EventType,
    action: str,
    *,
    actor: User | None,
    family_ids: list[int],
    request: HttpRequest | None = None,
    purpose: str = "",
    detail: dict[str, Any] | None = None,
    user_label: str = "",
) -> list[AccessEvent]:
    """One event per family, for a page that shows names from several files at once (e.g.
    the places a handover affects): each family then finds the read in its own history.
    One insert, however many families (`record_many`); the sealer chains them like any other
    append."""
    entries = [
        Entry(family_id=family_id, purpose=purpose, detail=detail)
        for family_id in dict.fromkeys(family_ids)
    ]
    return record_many(
        event_type, action, entries, actor=actor, request=request, user_label=user_label
    )


def label_for(actor: User | None) -> str:
    """Who acted, as then: the name and the address. The log keeps it, so a later change of
    name or address does not rewrite the family's history."""
    if actor is None or not actor.pk:
        return ""
    return f"{actor.full_name} <{actor.email}>"[:254] if actor.full_name else actor.email


def _acting_as(request: HttpRequest | None, actor: User | None) -> ActingAs:
    explicit = getattr(request, "acting_as", None) if request is not None else None
    if isinstance(explicit, ActingAs):
        return explicit
    if actor is None or not actor.pk:
        return ActingAs(role="")
    role = actor.primary_role
    return ActingAs(role=str(role) if role else "")
