from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import Role
from samenspel.core.navigation import NavItem

NAV_ITEMS = [
    NavItem("insight:week", _("My time"), frozenset({Role.PROFESSIONAL, Role.COORDINATOR}), 30),
    NavItem(
        "insight:network_time",
        _("Time in the network"),
        frozenset({Role.COORDINATOR, Role.NETWORK_ADMIN, Role.POLICY_ADVISER}),
        71,
    ),
    NavItem(
        "insight:effect",
        _("What works"),
        frozenset(
            {
                Role.POLICY_ADVISER,
                Role.STEERING_GROUP,
                Role.COORDINATOR,
                Role.NETWORK_COORDINATOR,
                Role.NETWORK_ADMIN,
            }
        ),
        72,
    ),
]
