from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from samenspel import audit
from samenspel.accounts.models import Role
from samenspel.audit.models import EventType, Outcome

View = Callable[..., HttpResponse]


def role_required(*roles: Role) -> Callable[[View], View]:
    """Logged in, and holding one of these roles; otherwise 403 (the page's existence is
    no secret, only its content)."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_role(*roles):  # type: ignore[union-attr]
                # A refusal before any policy decision is logged too, so that a colleague
                # trying pages outside their role is visible to the security officer.
                audit.record(
                    EventType.READ,
                    "core.role_refused",
                    actor=request.user,
                    request=request,
                    outcome=Outcome.DENIED,
                    detail={"path": request.path[:300], "roles": sorted(roles)},
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
