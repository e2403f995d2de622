from typing import Any

from django.conf import settings
from django.http import HttpRequest

from samenspel.accounts.models import Role
from samenspel.core.navigation import nav_for


def is_family_reader(user: Any) -> bool:
    """A family member's login without any professional role: the page says *je* and keeps
    to B1. Anyone with a professional role reads the professional wording (*u*)."""
    return bool(user.is_authenticated and user.roles == {Role.FAMILY_MEMBER})


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page shell (header, navigation, footer) needs on every page."""
    user = request.user
    acting_as_label = ""
    for_family = False
    if user.is_authenticated:
        role = user.primary_role
        acting_as_label = str(role.label) if role else ""
        for_family = is_family_reader(user)
    context: dict[str, Any] = {
        "nav_items": nav_for(request),
        "acting_as_label": acting_as_label,
        "demo_mode": settings.DEMO_MODE,
        # The page speaks to a family (je, B1) or to a professional (u): docs/ARCHITECTURE.md.
        "for_family": for_family,
    }
    if settings.DEMO_MODE:
        from samenspel.demo.conveniences import demo_context

        context["demo"] = demo_context(request)
    return {"shell": context}
