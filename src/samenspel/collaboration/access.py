"""Who may see and steer a network's collaboration. These pages hold no family data: the
network coordinator (trekker) steers, the steering group reads; a professional sees only the
rounds they are invited to, and only their own answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from samenspel.accounts.models import Role
from samenspel.collaboration.models import Invitation
from samenspel.network.models import Network

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from samenspel.accounts.models import User

READ_ROLES = (Role.NETWORK_COORDINATOR, Role.STEERING_GROUP)


def networks_for(user: User, *roles: Role) -> QuerySet[Network]:
    ids: set[int] = set()
    for role in roles:
        if not user.has_role(role):
            continue
        scope = user.networks_with_role(role)
        if scope is None:
            return Network.objects.order_by("name")
        ids |= scope
    return Network.objects.filter(pk__in=ids).order_by("name")


def get_network_for(user: User, slug: str, *, steer: bool = False) -> Network:
    """The network, if the user coordinates it or sits in its steering group; 404 when it is
    not theirs at all, 403 when they may read but `steer` is asked."""
    network = networks_for(user, *READ_ROLES).filter(slug=slug).first()
    if network is None:
        raise Http404
    if steer and not user.has_role_in_network(Role.NETWORK_COORDINATOR, network.pk):
        raise PermissionDenied
    return network


def get_invitation_for(user: User, round_id: int) -> Invitation:
    """The user's own invitation to a round; 404 for anyone else's."""
    invitation = (
        Invitation.objects.select_related("round__instrument", "round__network")
        .filter(round_id=round_id, professional__user=user)
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation
