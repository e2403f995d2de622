"""Cursor paging for every list of the API and FHIR searches: ordered by id, the cursor is
the last id of the page, signed so a client cannot forge a position (and never learns more
than it already had)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db.models import QuerySet
from django.http import HttpRequest

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
_SALT = "samenspel.api.cursor"


class BadCursorError(ValueError):
    """A cursor that this server did not hand out."""


@dataclass
class Page:
    items: list[Any]
    next: str | None


def page(queryset: QuerySet, request: HttpRequest, cursor: str | None, limit: int) -> Page:
    """One page of `queryset` (by id) after `cursor`; `next` is the address of the next."""
    limit = max(1, min(limit, MAX_LIMIT))
    if cursor:
        try:
            after = int(signing.loads(cursor, salt=_SALT))
        except (signing.BadSignature, TypeError, ValueError) as error:
            raise BadCursorError from error
        queryset = queryset.filter(pk__gt=after)
    items = list(queryset.order_by("pk")[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    next_url = None
    if more:
        query = request.GET.copy()
        query["cursor"] = signing.dumps(items[-1].pk, salt=_SALT)
        query["limit"] = str(limit)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return Page(items=items, next=next_url)
