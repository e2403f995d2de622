from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import Role
from samenspel.core.navigation import NavItem

NAV_ITEMS = [
    NavItem("portal:home", _("Our plan"), frozenset({Role.FAMILY_MEMBER}), 15),
    NavItem("portal:glossary", _("Word list"), frozenset({Role.FAMILY_MEMBER}), 90),
]
