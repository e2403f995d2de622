"""Reads of read-heavy, non-critical pages from a replica; everything else on the primary.

Staleness rule (docs/DEPLOY.md):
- Only views wrapped in ``@replica_reads`` read from the replica (figures today; insight and
  the knowledge-hub search when they come). A family file, a plan, an access decision that
  guards a file, a form's re-display: always the primary. Writes are always the primary.
- Inside a transaction on the primary, reads stay on the primary (read-your-writes).
- The replica is used only while its replay lag is at most ``SAMENSPEL_REPLICA_MAX_LAG``
  seconds (default 30); the lag is read at most every ``_LAG_CHECK_SECONDS`` per process,
  and an unreachable or lagging replica sends the reads to the primary. A replica page can
  therefore show figures up to that many seconds old, never older.
"""

from __future__ import annotations

import contextvars
import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA_ALIAS = "replica"
_LAG_CHECK_SECONDS = 5.0
_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "samenspel_use_replica", default=False
)
# (checked at, usable) per process: one lag query every few seconds, not one per request.
_replica_state: dict[str, float | bool] = {"checked_at": float("-inf"), "usable": False}

# Replay lag in seconds. A standby that has replayed everything it received counts as 0 (its
# last replay time says when the primary last wrote, not how far behind it is); a primary
# (no recovery) is 0 by definition.
_LAG_SQL = """
SELECT CASE
  WHEN NOT pg_is_in_recovery() THEN 0
  WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
  ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 1e9)
END
"""


def replica_reads[**P, R](view: Callable[P, R]) -> Callable[P, R]:
    """Let this view's reads go to the replica, under the staleness rule above."""

    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        token = _use_replica.set(True)
        try:
            return view(*args, **kwargs)
        finally:
            _use_replica.reset(token)

    wrapped.reads_replica = True  # type: ignore[attr-defined]  # for the completeness test
    return wrapped


def replica_configured() -> bool:
    return settings.REPLICA_READS and REPLICA_ALIAS in settings.DATABASES


def _replica_lag() -> float:
    """Seconds the replica is behind; raises DatabaseError when it cannot be reached."""
    replica = connections[REPLICA_ALIAS]
    if replica.vendor != "postgresql":
        return 0.0  # SQLite "replicas" exist only in tests: the same file
    with replica.cursor() as cursor:
        cursor.execute(_LAG_SQL)
        row = cursor.fetchone()
    return float(row[0]) if row else float("inf")


def _replica_usable() -> bool:
    now = time.monotonic()
    if now - float(_replica_state["checked_at"]) < _LAG_CHECK_SECONDS:
        return bool(_replica_state["usable"])
    usable = False
    try:
        lag = _replica_lag()
        usable = lag <= settings.REPLICA_MAX_LAG_SECONDS
        if not usable:
            logger.warning("replica lagging, reading from primary", extra={"lag_s": lag})
    except DatabaseError as error:
        logger.warning("replica unreachable", extra={"error": type(error).__name__})
    _replica_state.update(checked_at=now, usable=usable)
    return usable


def reset_replica_state() -> None:
    """Forget the cached lag check (tests, and after a failover drill)."""
    _replica_state.update(checked_at=float("-inf"), usable=False)


class ReplicaRouter:
    """Django database router: see the module docstring for when the replica is used."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if not (_use_replica.get() and replica_configured()):
            return None
        # Read-your-writes: an open transaction on the primary keeps its reads there. The
        # test framework's wrapping transaction is not a transaction of the code under test.
        blocks = connections[DEFAULT_DB_ALIAS].atomic_blocks
        if any(not getattr(block, "_from_testcase", False) for block in blocks):
            return None
        return REPLICA_ALIAS if _replica_usable() else None

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary: relations across the two are fine.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db == DEFAULT_DB_ALIAS
