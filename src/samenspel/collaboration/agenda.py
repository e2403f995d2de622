"""The agenda of the next process review, drawn from signals in the network's own work:
counts only, never a family (a process review discusses the process, not a person)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from samenspel.collaboration.results import network_results

LOOKBACK = datetime.timedelta(days=42)


@dataclass(frozen=True)
class Signal:
    text: str
    count: int


def review_agenda(network_id: int, *, today: datetime.date) -> list[Signal]:
    from samenspel.trajectories.models import DirectRequest, Handover, Trajectory
    from samenspel.trajectories.models.composition import RequestStatus
    from samenspel.trajectories.models.handover import HandoverKind

    since = today - LOOKBACK
    overdue = (
        Trajectory.objects.open()
        .filter(network_id=network_id, next_evaluation_on__lt=today)
        .count()
    )
    declined = DirectRequest.objects.filter(
        trajectory__network_id=network_id,
        status=RequestStatus.DECLINED,
        answered_at__date__gte=since,
    ).count()
    covers = Handover.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today),
        trajectory__network_id=network_id,
        kind=HandoverKind.TEMPORARY,
        starts_on__lte=today,
    ).count()
    signals = [
        Signal(_("Evaluations overdue"), overdue),
        Signal(_("Direct requests declined in the last six weeks"), declined),
        Signal(_("Covers running now"), covers),
    ]
    dips = network_results(network_id, "samenwerkingsbarometer", today=today, rounds=2).dips()
    signals += [
        Signal(
            _("Barometer dip: %(dimension)s (%(before)s → %(after)s)")
            % {
                "dimension": d.text,
                "before": number_format(before, 1),
                "after": number_format(after, 1),
            },
            1,
        )
        for d, before, after in dips
    ]
    return [signal for signal in signals if signal.count]
