from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import Role
from samenspel.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        "plans:plan_list",
        _("Family plans"),
        frozenset({Role.PROFESSIONAL, Role.COORDINATOR, Role.FAMILY_MEMBER}),
        30,
    )
]
