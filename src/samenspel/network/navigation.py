from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import Role
from samenspel.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        "network:index",
        _("Who is who"),
        frozenset(
            {
                Role.PROFESSIONAL,
                Role.COORDINATOR,
                Role.NETWORK_ADMIN,
                Role.POLICY_ADVISER,
                Role.SYSTEM_ADMIN,
            }
        ),
        20,
    )
]
