"""Health endpoints for the load balancer and the orchestrator.

``/healthz`` is liveness: the process answers, nothing else is touched, so a database
failover never makes the balancer kill healthy app processes. ``/readyz`` is readiness: the
database and the cache answer and every migration in the code is applied, so an instance
with new code waits out `migrate` instead of serving pages against an old schema.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

# Once every migration is applied it stays applied for the life of this process (code does
# not change under a running process), so the migration graph is read once, not per probe.
_migrations_ready = False


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Touches neither database nor cache."""
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: database, cache and schema. 503 with the failing checks named."""
    checks = {
        "database": _check(_database),
        "cache": _check(_cache),
        "migrations": _check(_migrations),
    }
    ready = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


def _check(probe: Callable[[], str]) -> str:
    try:
        return probe()
    except Exception as error:  # every failure means "not ready"; the kind goes to the log
        # Only the exception class: messages can carry connection strings.
        logger.warning("readiness check failed", extra={"check_error": type(error).__name__})
        return "error"


def _database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _cache() -> str:
    key = "samenspel:readyz"
    token = str(time.monotonic_ns())
    cache.set(key, token, timeout=30)
    # A shared cache may already hold another instance's token: any value read back proves
    # the round trip; a lost connection raises or returns None.
    return "ok" if cache.get(key) is not None else "error"


def _migrations() -> str:
    global _migrations_ready
    if _migrations_ready:
        return "ok"
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        return "pending"
    _migrations_ready = True
    return "ok"
