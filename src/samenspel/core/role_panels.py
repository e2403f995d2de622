"""What the start page shows each role besides a professional's own families: the work of a
policy adviser, network administrator, family member, security officer and system
administrator. Each panel costs a query or two, and only for a user who holds the role."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q

from samenspel.accounts.models import Role

if TYPE_CHECKING:
    from samenspel.accounts.models import User

REVIEW_HORIZON = datetime.timedelta(days=30)


@dataclass(frozen=True)
class ManagedNetwork:
    slug: str
    name: str
    agreements_due: int


def role_panels(user: User, *, today: datetime.date) -> dict[str, Any]:
    panels: dict[str, Any] = {}
    if user.has_role(Role.POLICY_ADVISER):
        panels["figures"] = _figures(user, today)
    if user.has_role(Role.NETWORK_ADMIN):
        panels["managed_networks"] = _managed_networks(user, today)
    if user.has_role(Role.FAMILY_MEMBER):
        panels["own_family"] = _own_family(user)
    if user.has_role(Role.SECURITY_OFFICER):
        from samenspel.access.models import BreakGlassAccess

        panels["emergency_awaiting_review"] = BreakGlassAccess.objects.awaiting_review().count()
    if user.has_role(Role.SYSTEM_ADMIN):
        panels["system"] = _system()
    if user.has_role(Role.PROFESSIONAL):
        from samenspel.collaboration.queries import rounds_waiting

        panels["rounds_waiting"] = rounds_waiting(user, today)
    if user.has_role(Role.NETWORK_COORDINATOR, Role.STEERING_GROUP):
        from samenspel.collaboration.queries import collaboration_panel

        panels["collaboration"] = collaboration_panel(user, today)
    return panels


def _networks(user: User, role: Role) -> Any:
    from samenspel.network.models import Network

    scope = user.networks_with_role(role)
    networks = Network.objects.order_by("name")
    return networks if scope is None else networks.filter(pk__in=scope)


def _figures(user: User, today: datetime.date) -> list[Any]:
    from samenspel.analytics.queries import network_figures

    return network_figures(list(_networks(user, Role.POLICY_ADVISER)), today=today)


def _managed_networks(user: User, today: datetime.date) -> list[ManagedNetwork]:
    from samenspel.network.models.agreements import AgreementStatus

    # The latest version of each agreement is the one in force.
    due = Q(
        agreements__versions__number=F("agreements__latest_number"),
        agreements__versions__status=AgreementStatus.ACTIVE,
        agreements__versions__next_review_on__lte=today + REVIEW_HORIZON,
    )
    return [
        ManagedNetwork(network.slug, network.name, network.due)
        for network in _networks(user, Role.NETWORK_ADMIN).annotate(
            due=Count("agreements", filter=due, distinct=True)
        )
    ]


def _own_family(user: User) -> Any:
    from samenspel.families.models import FamilyMember

    return FamilyMember.objects.filter(user=user).select_related("family").first()


def _system() -> dict[str, int]:
    from django_tasks_db.models import DBTaskResult

    from samenspel.accounts.models import User

    tasks = DBTaskResult.objects.aggregate(
        waiting=Count("pk", filter=Q(status="READY")),
        failed=Count("pk", filter=Q(status="FAILED")),
    )
    return {"active_users": User.objects.filter(is_active=True).count(), **tasks}
