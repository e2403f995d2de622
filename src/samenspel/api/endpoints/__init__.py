"""`/api/v1/`: one NinjaAPI, one router per area, RFC 9457 errors (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from samenspel.api.auth import CallRefused
from samenspel.api.pagination import BadCursorError
from samenspel.api.problems import problem

api = NinjaAPI(
    title="Samenspel API",
    version="1",
    description=(
        "The care team, plan, consent, meetings and access log of the families an "
        "organisation serves, under the same access policy as the pages. See docs/API.md."
    ),
    urls_namespace="v1",
    docs_url="/docs",
)


@api.exception_handler(CallRefused)
def _refused(request: HttpRequest, error: CallRefused) -> HttpResponse:
    headers = {"Retry-After": str(error.retry_after)} if error.retry_after else {}
    if error.status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="samenspel"'
    return problem(error.status, error.detail, headers=headers)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    errors = [
        {"field": ".".join(str(part) for part in e.get("loc", ())), "message": e.get("msg", "")}
        for e in error.errors
    ]
    return problem(422, "The request does not match the description.", errors=errors)


@api.exception_handler(BadCursorError)
def _bad_cursor(request: HttpRequest, error: BadCursorError) -> HttpResponse:
    return problem(400, "This cursor was not handed out by this server.", kind="bad-cursor")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return problem(404, "Not found, or not served by your organisation.")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return problem(403, "Your organisation has no ground for this file (consent).")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return problem(error.status_code, str(error))


@api.exception_handler(DjangoValidationError)
def _refused_by_action(request: HttpRequest, error: DjangoValidationError) -> HttpResponse:
    """An action refused the values (its own rules, as on the pages); nothing was written."""
    fields = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    errors = [
        {"field": name if name != NON_FIELD_ERRORS else "", "message": str(message)}
        for name, messages in fields.items()
        for message in messages
    ]
    return problem(422, " ".join(e["message"] for e in errors), kind="refused", errors=errors)


from samenspel.api.endpoints import read, registration, write  # noqa: E402 - the routers

api.add_router("", read.router)
api.add_router("", registration.router)
api.add_router("", write.router)
