from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from samenspel.accounts.models import Role
from samenspel.audit.models import AccessEvent, EventType
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.core.role_panels import role_panels


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The start page: the user's own recent sign-ins, and each role's work."""
    user = request.user
    own_logins = list(
        AccessEvent.objects.filter(
            user=user, event_type__in=[EventType.LOGIN, EventType.FAILED_LOGIN]
        ).only("occurred_at", "event_type", "client_ip")[:5]
    )
    context: dict[str, Any] = {"own_logins": own_logins}
    if user.has_role(Role.SECURITY_OFFICER):
        since = timezone.now() - timedelta(hours=24)
        recent = AccessEvent.objects.filter(occurred_at__gte=since)
        context["security"] = {
            "failed_logins": recent.filter(event_type=EventType.FAILED_LOGIN).count(),
            "emergency_access": recent.filter(event_type=EventType.EMERGENCY_ACCESS).count(),
        }
    if user.has_role(Role.PROFESSIONAL):
        from samenspel.trajectories.views.dashboards import home_dashboard

        context["dashboard"] = home_dashboard(request)
    context["panels"] = role_panels(user, today=timezone.localdate())
    return render(request, "core/home.html", context)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
