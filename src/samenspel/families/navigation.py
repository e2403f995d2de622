from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import Role
from samenspel.core.navigation import NavItem

_WORKERS = frozenset({Role.PROFESSIONAL, Role.COORDINATOR})

NAV_ITEMS = [
    NavItem("families:family_list", _("Families"), _WORKERS, 20),
    NavItem("families:family_list", _("Our file"), frozenset({Role.FAMILY_MEMBER}), 20),
    NavItem("families:family_search", _("Register a family"), _WORKERS, 21),
    NavItem("families:my_registrations", _("My registrations"), _WORKERS, 23),
    NavItem("families:intake_queue", _("Intake queue"), frozenset({Role.COORDINATOR}), 22),
    NavItem(
        "families:retention_review",
        _("Retention"),
        frozenset({Role.COORDINATOR, Role.SECURITY_OFFICER}),
        85,
    ),
    NavItem(
        "families:retention_rules", _("Retention periods"), frozenset({Role.NETWORK_ADMIN}), 86
    ),
]
