"""What every network action shares: the optimistic version claim and the log of a change
(the network's history and the access log)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.audit.models import EventType
from samenspel.network.models import Network, NetworkChange

if TYPE_CHECKING:
    from django.http import HttpRequest

    from samenspel.accounts.models import User


def conflict_error() -> ValidationError:
    return ValidationError(
        _(
            "Someone else saved a change in the meantime. Reload the page to see it, "
            "then make your change again."
        ),
        code="conflict",
    )


def claim_version(model: type[models.Model], pk: int, expected: int | None) -> int:
    """Move the row's version on by one if it is still `expected`; the UPDATE also locks the
    row until the transaction ends, so two editors cannot both pass this check."""
    updated = model._default_manager.filter(pk=pk, version=expected).update(
        version=F("version") + 1
    )
    if not updated:
        raise conflict_error()
    return (expected or 0) + 1


def log_change(
    event_type: EventType,
    action: str,
    *,
    actor: User,
    request: HttpRequest | None,
    obj: models.Model,
    network: Network,
    summary: str,
    detail: dict[str, Any] | None = None,
) -> None:
    NetworkChange.objects.create(
        network=network,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:300],
        changed_by=actor,
    )
    audit.record(
        event_type,
        action,
        actor=actor,
        request=request,
        obj=obj,
        purpose="network administration",
        detail=detail or {},
    )
