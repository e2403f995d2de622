from django.utils.translation import gettext_lazy as _

from samenspel.core.navigation import NavItem
from samenspel.knowledge.querysets import HUB_ROLES

NAV_ITEMS = [NavItem("knowledge:index", _("Knowledge hub"), frozenset(HUB_ROLES), 60)]
