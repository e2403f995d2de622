"""Who may see and change a network.

Professionals see the directory, catalogue, register and glossary of the networks they work
in; only the network's administrators change them. A network the user cannot see does not
exist for them (404); one they see but may not change answers 403.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from samenspel.accounts.models import Role
from samenspel.network.models import Network

if TYPE_CHECKING:
    from samenspel.accounts.models import User


class NetworkAction(StrEnum):
    VIEW = "view"
    MANAGE = "manage"


def can_manage(user: User, network: Network) -> bool:
    return user.has_role_in_network(Role.NETWORK_ADMIN, network.pk)


def can_manage_taxonomy(user: User) -> bool:
    """Sectors, expertise and languages are shared by every network of a deployment: only a
    deployment-wide network administrator or the system administrator changes them."""
    return user.has_role(Role.SYSTEM_ADMIN) or (
        user.has_role(Role.NETWORK_ADMIN) and user.networks_with_role(Role.NETWORK_ADMIN) is None
    )


def get_network_for_user(user: User, slug: str, *, action: NetworkAction) -> Network:
    """The network with this slug, if the user may do `action` in it.

    Raises Http404 when the user cannot see the network at all and PermissionDenied when they
    see it but may not manage it."""
    network = Network.objects.visible_to(user).filter(slug=slug).first()
    if network is None:
        raise Http404
    if action == NetworkAction.MANAGE and not can_manage(user, network):
        raise PermissionDenied
    return network
