from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import Role
from samenspel.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        "analytics:overview",
        _("Figures"),
        frozenset({Role.POLICY_ADVISER, Role.NETWORK_ADMIN}),
        70,
    )
]
