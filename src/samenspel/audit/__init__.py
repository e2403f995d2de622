"""The access log. Every view and action that touches client data calls `audit.record`."""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from samenspel.audit.models import AccessEvent


def record(*args: Any, **kwargs: Any) -> "AccessEvent":
    # Imported lazily so `from samenspel import audit` works before the app registry is ready.
    from samenspel.audit.log import record as _record

    return _record(*args, **kwargs)


def record_each_family(*args: Any, **kwargs: Any) -> "list[AccessEvent]":
    from samenspel.audit.log import record_each_family as _record_each_family

    return _record_each_family(*args, **kwargs)
