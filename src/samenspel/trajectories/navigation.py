from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import Role
from samenspel.core.navigation import NavItem

NAV_ITEMS = [
    NavItem("trajectories:my_team", _("Our team"), frozenset({Role.PROFESSIONAL}), 20),
    NavItem(
        "trajectories:closed",
        _("Closed"),
        frozenset({Role.PROFESSIONAL, Role.COORDINATOR}),
        22,
    ),
    NavItem(
        "trajectories:network_overview", _("Network overview"), frozenset({Role.COORDINATOR}), 25
    ),
]
