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
