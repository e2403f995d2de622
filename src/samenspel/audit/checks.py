"""Deploy checks for the access log: its keys, and its tables' grants on PostgreSQL.

The append-only trigger stops UPDATE and DELETE, but the table's owner can drop the trigger,
and TRUNCATE does not fire it: in production the application's role must not own the log's
tables and may only SELECT and INSERT (docs/ARCHITECTURE.md has the grants). The grant check
connects on its own with a short timeout and says nothing when the database cannot be reached
(`scripts/test` runs check --deploy against an address that does not exist).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import connections

from samenspel.audit.keys import keys_are_derived

LOG_TABLES = ("audit_accessevent", "audit_seal")
FORBIDDEN = ("UPDATE", "DELETE", "TRUNCATE")


@register(Tags.security, deploy=True)
def check_audit_keys(app_configs: object, **kwargs: object) -> list[CheckMessage]:
    if not keys_are_derived() or settings.DEMO_MODE:
        return []
    return [
        Warning(
            "SAMENSPEL_AUDIT_KEYS is not set: the access log is sealed with a key derived from "
            "SAMENSPEL_SECRET_KEY.",
            hint="Set `key-id:secret` (newest first), e.g. "
            "`2026-12:$(python -c 'import secrets; print(secrets.token_urlsafe(48))')`, and keep "
            "it apart from the database and its backups.",
            id="samenspel.audit.W001",
        )
    ]


@register(Tags.security, deploy=True)
def check_audit_grants(app_configs: object, **kwargs: object) -> list[CheckMessage]:
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return []
    params = connection.get_connection_params()
    params["connect_timeout"] = 3
    try:
        raw = connection.Database.connect(**params)  # type: ignore[attr-defined]
    except connection.Database.Error:  # type: ignore[attr-defined]
        return []  # not reachable from here (scripts/test): nothing to check
    try:
        with raw.cursor() as cursor:
            return grant_problems(cursor)
    finally:
        raw.close()


def grant_problems(cursor: Any) -> list[CheckMessage]:
    """What is wrong with the current role's rights on the log's tables."""
    problems: list[CheckMessage] = []
    rights = ", ".join(f"has_table_privilege(current_user, tablename, '{p}')" for p in FORBIDDEN)
    for table in LOG_TABLES:
        cursor.execute(
            f"SELECT tableowner = current_user, {rights} FROM pg_tables "  # noqa: S608 - constants
            "WHERE schemaname = current_schema() AND tablename = %s",
            [table],
        )
        row = cursor.fetchone()
        if row is None:
            continue  # not migrated yet
        owns, *allowed = row
        if owns:
            problems.append(
                Error(
                    f"The application's database role owns {table}: it can drop the access "
                    "log's append-only trigger.",
                    hint="Let another role own the tables and grant the application SELECT and "
                    "INSERT only (docs/ARCHITECTURE.md, 'The access log').",
                    id="samenspel.audit.E001",
                )
            )
        granted = [p for p, ok in zip(FORBIDDEN, allowed, strict=True) if ok]
        if granted:
            problems.append(
                Error(
                    f"The application's database role may {', '.join(granted)} {table}.",
                    hint=f"REVOKE {', '.join(granted)} ON {table} FROM the application's role "
                    "(docs/ARCHITECTURE.md, 'The access log').",
                    id="samenspel.audit.E002",
                )
            )
    return problems
