from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import Role
from samenspel.core.navigation import NavItem

NAV_ITEMS = [NavItem("audit:event_list", _("Access log"), frozenset({Role.SECURITY_OFFICER}), 80)]
