"""Request id, ids from the URL that no table can hold, and pages that must not be kept.

Request id: ties an access-log event to the request (and to the server log) that made it.
"""

import re
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

from samenspel import audit
from samenspel.audit.models import EventType, Outcome

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

# The largest value each URL number may have: ids are bigint; a plan version's number is a
# smallint. A larger value reached the database and failed there with a 500 (and the denied
# event could not be written).
BIGINT_MAX = 2**63 - 1
URL_NUMBER_MAX = {"number": 2**15 - 1}


def request_id_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "") if settings.TRUSTED_PROXY else ""
        # A client could otherwise choose the id its events are logged under; only the
        # configured proxy in front of us may set it, and only when it looks like one.
        request.request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex  # type: ignore[attr-defined]
        response = get_response(request)
        response["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
        return response

    return middleware


def out_of_range(view_kwargs: dict[str, Any]) -> str | None:
    """The name of the first URL number no column can hold, or None."""
    for name, value in view_kwargs.items():
        if isinstance(value, int) and not 0 <= value <= URL_NUMBER_MAX.get(name, BIGINT_MAX):
            return name
    return None


class UrlIdRangeMiddleware:
    """A number from the URL that no column can hold is a 404, and logged as a probe."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, view_args: Any, view_kwargs: dict[str, Any]
    ) -> None:
        name = out_of_range(view_kwargs)
        if name is None:
            return
        user = request.user if request.user.is_authenticated else None
        audit.record(
            EventType.READ,
            "core.url_id_out_of_range",
            actor=user,
            request=request,
            outcome=Outcome.DENIED,
            detail={"path": request.path[:300], "parameter": name},
        )
        raise Http404


def no_store_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Nothing a logged-in person sees is kept by a browser or proxy (ASVS 8.2.1): family
    files, plans, exports, access histories and calendars carry personal data, and a page
    left in a shared computer's cache outlives the session. Every page gets it, so a new page
    cannot be forgotten; only static files (fingerprinted, no personal data) are cached."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        # A view that chose its own caching (a professional's photo: private, a day) keeps it.
        if not request.path_info.startswith(settings.STATIC_URL) and (
            "Cache-Control" not in response
        ):
            response["Cache-Control"] = "no-store, private"
            response.headers.pop("Expires", None)
        return response

    return middleware
