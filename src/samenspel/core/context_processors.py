from typing import Any

from django.conf import settings
from django.http import HttpRequest

from samenspel.core.navigation import nav_for


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page shell (header, navigation, footer) needs on every page."""
    user = request.user
    acting_as_label = ""
    if user.is_authenticated:
        role = user.primary_role
        acting_as_label = str(role.label) if role else ""
    context: dict[str, Any] = {
        "nav_items": nav_for(request),
        "acting_as_label": acting_as_label,
        "demo_mode": settings.DEMO_MODE,
    }
    if settings.DEMO_MODE:
        from samenspel.demo.conveniences import demo_context

        context["demo"] = demo_context(request)
    return {"shell": context}
