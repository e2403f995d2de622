from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import Role
from samenspel.core.navigation import NavItem

NAV_ITEMS = [
    NavItem("insight:week", _("My time"), frozenset({Role.PROFESSIONAL, Role.COORDINATOR}), 30),
]
