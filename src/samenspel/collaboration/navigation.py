from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import Role
from samenspel.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        "collaboration:overview",
        _("Collaboration"),
        frozenset({Role.NETWORK_COORDINATOR, Role.STEERING_GROUP}),
        60,
    ),
    NavItem("collaboration:my_rounds", _("Questionnaires"), frozenset({Role.PROFESSIONAL}), 65),
]
