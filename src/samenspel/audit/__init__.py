"""The access log. Every view and action that touches client data calls `audit.record`."""

import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from samenspel.audit.models import AccessEvent


def record(*args: Any, **kwargs: Any) -> "AccessEvent":
    # Imported lazily so `from samenspel import audit` works before the app registry is ready.
    from samenspel.audit.log import record as _record
    from samenspel.core.metrics import ACCESS_LOG_WRITE

    # Timed here, around whatever the log's design does inside: operations watch this one
    # number (samenspel_access_log_write_seconds) across redesigns of the log itself.
    started = time.perf_counter()
    try:
        return _record(*args, **kwargs)
    finally:
        ACCESS_LOG_WRITE.observe(time.perf_counter() - started)


def record_each_family(*args: Any, **kwargs: Any) -> "list[AccessEvent]":
    from samenspel.audit.log import record_each_family as _record_each_family

    return _record_each_family(*args, **kwargs)


def record_many(*args: Any, **kwargs: Any) -> "list[AccessEvent]":
    from samenspel.audit.log import record_many as _record_many
    from samenspel.core.metrics import ACCESS_LOG_WRITE

    started = time.perf_counter()
    try:
        return _record_many(*args, **kwargs)
    finally:
        ACCESS_LOG_WRITE.observe(time.perf_counter() - started)
