from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import Role
from samenspel.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        "access:break_glass_review_list",
        _("Emergency access"),
        frozenset({Role.SECURITY_OFFICER, Role.COORDINATOR}),
        81,
    ),
    NavItem(
        "access:consent_renewals",
        _("Ask consent again"),
        # The care team's coordinator is often a professional without the network role.
        frozenset({Role.PROFESSIONAL, Role.COORDINATOR}),
        82,
    ),
]
