"""Request types for views, and the one way to answer a page or its htmx partial."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails

from samenspel.accounts.models import User


class HtmxHttpRequest(HttpRequest):
    """A request that passed django-htmx's middleware: `request.htmx` is there (falsy when
    the request did not come from htmx). A type only, nothing at run time."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """The request type of a view behind `login_required`: `request.user` is a real User.
    (django-stubs' documented pattern; a type only, nothing at run time.)"""

    user: User


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str = "",
    status: int = 200,
) -> HttpResponse:
    """The full page, or for an htmx request the named partial of the same template
    (`{% partialdef name %}`); `Vary: HX-Request` so a cache never mixes the two up.
    Requests that skipped the middleware (tests building requests by hand) get the page."""
    if partial and getattr(request, "htmx", False):
        template += f"#{partial}"
    response = render(request, template, context, status=status)
    response["Vary"] = "HX-Request"
    return response
