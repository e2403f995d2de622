from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from samenspel.accounts.models import Role
from samenspel.analytics.queries import network_figures
from samenspel.analytics.suppression import min_cell_size
from samenspel.core.db_router import replica_reads
from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.network.models import Network

FIGURE_ROLES = (Role.POLICY_ADVISER, Role.NETWORK_ADMIN)


@role_required(*FIGURE_ROLES)
@replica_reads  # aggregates only, no file: may be a few seconds stale (core.db_router)
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Anonymous figures of the user's networks: no names, no small groups."""
    networks = Network.objects.order_by("name")
    allowed: set[int] = set()
    for role in FIGURE_ROLES:
        scope: frozenset[int] | None = (
            request.user.networks_with_role(role) if request.user.has_role(role) else frozenset()
        )
        if scope is None:  # granted in every network
            allowed = set(networks.values_list("pk", flat=True))
            break
        allowed |= scope
    if not allowed:
        raise PermissionDenied
    chosen = list(networks.filter(pk__in=allowed))
    return render(
        request,
        "analytics/overview.html",
        {
            "figures": network_figures(chosen, today=timezone.localdate()),
            "min_cell": min_cell_size(),
        },
    )
