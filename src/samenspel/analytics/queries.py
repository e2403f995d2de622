"""Anonymous figures per network for policy advisers: counts only, never a person.

Three grouped queries serve every network on the page at once, whatever their number.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from samenspel.analytics.suppression import Cell, breakdown, cell, share
from samenspel.network.models import Network
from samenspel.trajectories.models import Phase, Trajectory
from samenspel.trajectories.models.closure import Closure, ClosureReason

OPEN_PHASES = [phase for phase in Phase if phase != Phase.CLOSED]


@dataclass
class Indicator:
    label: str
    count: Cell
    percentage: int | None


@dataclass
class NetworkFigures:
    network: Network
    open_by_phase: list[tuple[str, Cell]] = field(default_factory=list)
    open_total: Cell = field(default_factory=lambda: Cell(0))
    started: Cell = field(default_factory=lambda: Cell(0))
    overdue_evaluations: Cell = field(default_factory=lambda: Cell(0))
    closed: Cell = field(default_factory=lambda: Cell(0))
    closed_by_reason: list[tuple[str, Cell]] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)


def network_figures(networks: list[Network], *, today: datetime.date) -> list[NetworkFigures]:
    """Figures for these networks over the last twelve months (open work: today)."""
    since = today - datetime.timedelta(days=365)
    ids = [network.pk for network in networks]
    open_counts: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    for phase_row in (
        Trajectory.objects.filter(network_id__in=ids)
        .exclude(phase=Phase.CLOSED)
        .values("network_id", "phase")
        .annotate(n=Count("id"))
        .order_by()
    ):
        open_counts[phase_row["network_id"]][phase_row["phase"]] = phase_row["n"]
    activity: dict[int, dict[str, int]] = {
        row["network_id"]: {"started": row["started"], "overdue": row["overdue"]}
        for row in Trajectory.objects.filter(network_id__in=ids)
        .values("network_id")
        .annotate(
            started=Count("id", filter=Q(opened_on__gt=since)),
            overdue=Count(
                "id",
                filter=Q(phase=Phase.EXECUTION, next_evaluation_on__lt=today),
            ),
        )
        .order_by()
    }
    closures: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    outcomes: dict[int, dict[str, int]] = {}
    for row in (
        Closure.objects.filter(trajectory__network_id__in=ids, closed_on__gt=since)
        .values("trajectory__network_id", "reason")
        .annotate(
            n=Count("id"),
            dropout=Count("id", filter=Q(dropout=True)),
            without_help=Count("id", filter=Q(continues_without_help=True)),
            goals=Count("id", filter=Q(goals_realised=True)),
            checked=Count("id", filter=Q(youth_care_restarted__isnull=False)),
            no_restart=Count("id", filter=Q(youth_care_restarted=False)),
        )
        .order_by()
    ):
        network_id = row["trajectory__network_id"]
        closures[network_id][row["reason"]] = row["n"]
        totals = outcomes.setdefault(network_id, {})
        for key in ("n", "dropout", "without_help", "goals", "checked", "no_restart"):
            totals[key] = totals.get(key, 0) + row[key]
    result = []
    for network in networks:
        counts = open_counts[network.pk]
        by_phase = breakdown(
            {p.value: counts.get(p.value, 0) for p in OPEN_PHASES}, with_total=True
        )
        reasons = breakdown(
            {r.value: closures[network.pk].get(r.value, 0) for r in ClosureReason}, with_total=True
        )
        done = outcomes.get(network.pk, {})
        closed = done.get("n", 0)
        checked = done.get("checked", 0)
        result.append(
            NetworkFigures(
                network=network,
                open_by_phase=[(str(p.label), by_phase[p.value]) for p in OPEN_PHASES],
                open_total=cell(sum(counts.values())),
                started=cell(activity.get(network.pk, {}).get("started", 0)),
                overdue_evaluations=cell(activity.get(network.pk, {}).get("overdue", 0)),
                closed=cell(closed),
                closed_by_reason=[(str(r.label), reasons[r.value]) for r in ClosureReason],
                indicators=[
                    _indicator(_("1 Drop-out"), done.get("dropout", 0), closed),
                    _indicator(
                        _("3.1 Continues without help"), done.get("without_help", 0), closed
                    ),
                    _indicator(_("3.4 Agreed goals realised"), done.get("goals", 0), closed),
                    _indicator(
                        _("3.2 No new youth care after closure (of those checked)"),
                        done.get("no_restart", 0),
                        checked,
                    ),
                ],
            )
        )
    return result


def _indicator(label: object, part: int, whole: int) -> Indicator:
    return Indicator(str(label), cell(part), share(part, whole))
