from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import Role
from samenspel.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        "api:calendar_link",
        _("My calendar link"),
        frozenset({Role.PROFESSIONAL, Role.COORDINATOR}),
        85,
    ),
]
