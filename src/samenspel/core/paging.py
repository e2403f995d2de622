"""The one page-number pager of the pages (the access log pages by keyset instead, because
it grows to millions of rows: `audit/views.py`). Render it with
`{% include "core/pager.html" with pager=page %}`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 25

_T = TypeVar("_T")


class Pager(Page[_T]):
    """A Django `Page` whose neighbours are links that keep the request's other query
    parameters (filters, search words, another list's page), for plain links and htmx
    alike. Its rows are read once, when the page is made."""

    object_list: list[_T]

    def __init__(self, page: Page[_T], *, request: HttpRequest, param: str) -> None:
        super().__init__(list(page.object_list), page.number, page.paginator)
        self._request = request
        self._param = param

    def url(self, number: int) -> str:
        query = self._request.GET.copy()
        query[self._param] = str(number)
        return f"?{query.urlencode()}"

    @property
    def previous_url(self) -> str:
        return self.url(self.previous_page_number()) if self.has_previous() else ""

    @property
    def next_url(self) -> str:
        return self.url(self.next_page_number()) if self.has_next() else ""


def paginate(
    request: HttpRequest,
    items: Sequence[Any] | QuerySet[Any],
    *,
    per_page: int = PAGE_SIZE,
    param: str = "page",
    count: int | None = None,
    paginator_class: type[Paginator[Any]] = Paginator,
) -> Pager[Any]:
    """The page of `items` that `?<param>=` asks for (the last one when it is too high, the
    first when it is not a number). `count`, when the caller knows it already, saves the
    paginator its COUNT query."""
    paginator = paginator_class(items, per_page)
    if count is not None:
        paginator.count = count  # the cached property, filled in
    return Pager(paginator.get_page(request.GET.get(param)), request=request, param=param)
