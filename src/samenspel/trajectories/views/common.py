from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str = "",
    status: int = 200,
) -> HttpResponse:
    """Full page, or the named partial of the same template for htmx (Vary: HX-Request)."""
    if partial and getattr(request, "htmx", False):
        template += f"#{partial}"
    response = render(request, template, context, status=status)
    response["Vary"] = "HX-Request"
    return response


def report(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def report_form(request: HttpRequest, form: forms.Form) -> None:
    """A small form posted from a page it does not render: its errors become messages."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, str(message))


@dataclass(frozen=True)
class Pager:
    """One page of a list, with links to the neighbouring pages that keep the other query
    parameters (htmx and plain links alike)."""

    items: list
    previous_url: str
    next_url: str
    label: str


def paginate(
    request: HttpRequest,
    items: Sequence | QuerySet,
    *,
    param: str = "page",
    per_page: int = 25,
    count: int | None = None,
) -> Pager:
    """One page of `items`; `count`, when the caller already knows how many there are, saves
    the paginator its COUNT query."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # the cached property, filled in
    page = paginator.get_page(request.GET.get(param))

    def url(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}"

    return Pager(
        list(page.object_list),
        url(page.previous_page_number()) if page.has_previous() else "",
        url(page.next_page_number()) if page.has_next() else "",
        str(
            _("Page %(number)s of %(total)s")
            % {"number": page.number, "total": page.paginator.num_pages}
        ),
    )
