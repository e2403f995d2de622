"""Shared test helpers: codes for TOTP, and pinned query counts for pages."""

from django.db import connection
from django.http import HttpResponse
from django.test.client import Client
from django.test.utils import CaptureQueriesContext


def totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def get_with_query_count(
    client: Client, url: str, *, expected: int, **kwargs: object
) -> HttpResponse:
    """GET a page and fail, listing every query, unless it took exactly `expected` queries.

    Pin the number on the main pages so an N+1 shows up as a failing test, not a slow page.
    """
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    if len(queries) != expected:
        listing = "\n".join(f"{i + 1}. {q['sql']}" for i, q in enumerate(queries.captured_queries))
        raise AssertionError(f"{url} took {len(queries)} queries, expected {expected}:\n{listing}")
    return response


def restore_reference_data() -> None:
    """Run every data migration's forward function again, in migration order.

    A transactional test starts on whatever the test before it left: Django flushes every table
    after a transactional test, so the reference data the migrations seeded (sectors and
    expertise, instruments, themes) is gone. A test that needs it on a flushed database (the
    demo, loaded inside a transactional test for the browser) calls this first. The functions
    get the current app registry; they only create rows."""
    from django.apps import apps
    from django.db.migrations import RunPython
    from django.db.migrations.loader import MigrationLoader

    from samenspel.network.models import Expertise

    if Expertise.objects.exists():  # not flushed: the migrations' rows are still there
        return
    loader = MigrationLoader(connection)
    plan: list[tuple[str, str]] = []
    for leaf in loader.graph.leaf_nodes():
        plan += [key for key in loader.graph.forwards_plan(leaf) if key not in plan]
    with connection.schema_editor(atomic=True) as editor:
        for key in plan:
            if not apps.get_app_config(key[0]).name.startswith("samenspel."):
                continue  # third-party data migrations are for their own older schemas
            migration = loader.graph.nodes[key]
            for operation in migration.operations:
                if isinstance(operation, RunPython) and operation.code is not RunPython.noop:
                    _run_again(operation.code, apps, editor)


def _run_again(code, apps, editor) -> None:
    """A flush empties tables, it drops nothing: a migration function that makes schema
    objects on PostgreSQL (the access log's append-only triggers, exclusion constraints) finds
    them still there. Each runs in a savepoint; "already exists" is what a flush left."""
    from django.db import ProgrammingError, transaction

    try:
        with transaction.atomic():
            code(apps, editor)
    except ProgrammingError as error:
        if "already exists" not in str(error):
            raise
