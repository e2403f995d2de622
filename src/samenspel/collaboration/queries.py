"""Cross-app reads for the start page (core.role_panels): one query per panel."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q

from samenspel.collaboration.access import READ_ROLES, networks_for
from samenspel.collaboration.models import CollaborationPhase, Invitation

if TYPE_CHECKING:
    from samenspel.accounts.models import User


def rounds_waiting(user: User, today: datetime.date) -> list[Invitation]:
    """Open rounds the user is invited to and has not answered."""
    return list(
        Invitation.objects.filter(
            professional__user=user,
            response__isnull=True,
            round__closed_at__isnull=True,
            round__deadline__gte=today,
        )
        .select_related("round__network")
        .order_by("round__deadline")[:10]
    )


@dataclass(frozen=True)
class CollaborationRow:
    slug: str
    name: str
    phase: str
    open_rounds: int


def collaboration_panel(user: User, today: datetime.date) -> list[CollaborationRow]:
    rows = (
        networks_for(user, *READ_ROLES)
        .annotate(
            open_rounds=Count(
                "rounds",
                filter=Q(rounds__closed_at__isnull=True, rounds__deadline__gte=today),
                distinct=True,
            )
        )
        .values_list("slug", "name", "collaboration_phase__phase", "open_rounds")
    )
    return [
        CollaborationRow(
            slug, name, str(CollaborationPhase(phase or CollaborationPhase.EXPLORING).label), n
        )
        for slug, name, phase, n in rows
    ]
