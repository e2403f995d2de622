"""Anonymous figures per network for policy advisers: counts only, never a person.

Three grouped queries serve every network on the page at once, whatever their number. Each
group of linked figures (the running work of a network today; the closures of a network in
one quarter) is suppressed as one system (`suppression.protect`), so no figure on the page can
be worked out from the others; flows are shown per finished quarter (`periods`).
"""

from __future__ import annotations

import datetime
import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncQuarter
from django.utils.translation import gettext_lazy as _

from samenspel.analytics.periods import Quarter, complete_quarters
from samenspel.analytics.suppression import (
    Cell,
    Figure,
    cell,
    min_cell_size,
    protect,
    share_of,
)
from samenspel.network.models import Network
from samenspel.trajectories.models import Phase, Trajectory
from samenspel.trajectories.models.closure import Closure, ClosureReason, possible_outcomes
from samenspel.trajectories.outcomes import GoalsOutcome, is_satisfied

OPEN_PHASES = [phase for phase in Phase if phase != Phase.CLOSED]
FOLLOW_UP = ("open", "no_restart", "restarted")


@dataclass
class Indicator:
    label: str
    count: Cell
    percentage: int | None


@dataclass
class QuarterFigures:
    quarter: Quarter
    started: Cell
    closed: Cell
    closed_by_reason: list[tuple[str, Cell]]
    indicators: list[Indicator]


@dataclass
class NetworkFigures:
    network: Network
    open_by_phase: list[tuple[str, Cell]] = field(default_factory=list)
    open_total: Cell = field(default_factory=lambda: Cell(0))
    overdue_evaluations: Cell = field(default_factory=lambda: Cell(0))
    quarters: list[QuarterFigures] = field(default_factory=list)

    @property
    def latest(self) -> QuarterFigures:
        return self.quarters[-1]

    @property
    def reason_rows(self) -> list[tuple[str, list[Cell]]]:
        """One row per closure reason, one cell per quarter."""
        return [
            (label, [q.closed_by_reason[i][1] for q in self.quarters])
            for i, (label, _cell) in enumerate(self.latest.closed_by_reason)
        ]

    @property
    def indicator_rows(self) -> list[tuple[str, list[Indicator]]]:
        return [
            (indicator.label, [q.indicators[i] for q in self.quarters])
            for i, indicator in enumerate(self.latest.indicators)
        ]


def network_figures(networks: list[Network], *, today: datetime.date) -> list[NetworkFigures]:
    """Running work today, and the last four finished quarters, for these networks."""
    quarters = complete_quarters(today)
    since, until = quarters[0].first_day, quarters[-1].last_day
    ids = [network.pk for network in networks]
    running: dict[int, dict[tuple[str, bool], int]] = {pk: {} for pk in ids}
    for row in (
        Trajectory.objects.filter(network_id__in=ids)
        .exclude(phase=Phase.CLOSED)
        .values("network_id", "phase")
        .annotate(
            n=Count("id"),
            overdue=Count("id", filter=Q(phase=Phase.EXECUTION, next_evaluation_on__lt=today)),
        )
        .order_by()
    ):
        counts = running[row["network_id"]]
        counts[(row["phase"], False)] = row["n"] - row["overdue"]
        counts[(row["phase"], True)] = row["overdue"]
    started: dict[tuple[int, str], int] = {
        (row["network_id"], Quarter.of(row["quarter"]).key): row["n"]
        for row in Trajectory.objects.filter(
            network_id__in=ids, opened_on__gte=since, opened_on__lte=until
        )
        .annotate(quarter=TruncQuarter("opened_on"))
        .values("network_id", "quarter")
        .annotate(n=Count("id"))
        .order_by()
    }
    closures: dict[tuple[int, str], dict[tuple[object, ...], int]] = {}
    for closure in (
        Closure.objects.filter(
            trajectory__network_id__in=ids, closed_on__gte=since, closed_on__lte=until
        )
        .annotate(quarter=TruncQuarter("closed_on"))
        .values(
            "trajectory__network_id",
            "quarter",
            "reason",
            "dropout",
            "continues_without_help",
            "goals_outcome",
            "self_reliance_increased",
            "satisfaction",
            "youth_care_restarted",
        )
        .annotate(n=Count("id"))
        .order_by()
    ):
        group = closures.setdefault(
            (closure["trajectory__network_id"], Quarter.of(closure["quarter"]).key), {}
        )
        restarted = closure["youth_care_restarted"]
        follow_up = "open" if restarted is None else ("restarted" if restarted else "no_restart")
        atom = (
            closure["reason"],
            closure["dropout"],
            closure["continues_without_help"],
            closure["goals_outcome"],
            closure["self_reliance_increased"],
            is_satisfied(closure["satisfaction"]),
            follow_up,
        )
        group[atom] = group.get(atom, 0) + closure["n"]
    result = []
    for network in networks:
        figures = NetworkFigures(network=network)
        _fill_running(figures, running[network.pk])
        for quarter in quarters:
            figures.quarters.append(
                _quarter_figures(
                    quarter,
                    started.get((network.pk, quarter.key), 0),
                    closures.get((network.pk, quarter.key), {}),
                )
            )
        result.append(figures)
    return result


def _fill_running(figures: NetworkFigures, counts: dict[tuple[str, bool], int]) -> None:
    possible = [(phase.value, False) for phase in OPEN_PHASES] + [(Phase.EXECUTION.value, True)]
    specs = [Figure("total", _everything), Figure("overdue", _at(1, True))]
    specs += [Figure(p.value, _at(0, p.value)) for p in OPEN_PHASES]
    cells = protect(counts, possible, specs)
    figures.open_total = cells["total"]
    figures.overdue_evaluations = cells["overdue"]
    figures.open_by_phase = [(str(p.label), cells[p.value]) for p in OPEN_PHASES]


def _everything(atom: Any) -> bool:
    return True


def _at(index: int, value: object) -> Callable[[Any], bool]:
    """Counts the atoms whose category `index` is `value`."""
    return lambda atom: bool(atom[index] == value)


def _not(includes: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda atom: not includes(atom)


# An atom: (reason, drop-out, continues without help, goals, self-reliance increased,
# satisfied, follow-up). Each row: (key, label, the atoms it counts, the whole it is a share of).
INDICATOR_ROWS: list[tuple[str, Any, Callable[[Any], bool], str]] = [
    ("dropout", _("1 Drop-out"), _at(1, True), "closed"),
    ("satisfied", _("2 Family satisfied (of those who answered)"), _at(5, True), "answered"),
    ("without_help", _("3.1 Continues without help"), _at(2, True), "closed"),
    (
        "no_restart",
        _("3.2 No new youth care after closure (of those checked)"),
        _at(6, "no_restart"),
        "checked",
    ),
    ("increased", _("3.3 Self-reliance increased (of those measured)"), _at(4, True), "measured"),
    ("goals", _("3.4 Agreed goals realised"), _at(3, GoalsOutcome.REALISED.value), "closed"),
    (
        "goals_partly",
        _("3.4 Agreed goals partly realised"),
        _at(3, GoalsOutcome.PARTLY.value),
        "closed",
    ),
]
# The sub-groups the shares of 2, 3.2 and 3.3 are taken of, and their other side.
WHOLES = {
    "answered": (_not(_at(5, None)), _at(5, False)),
    "checked": (_not(_at(6, "open")), _at(6, "restarted")),
    "measured": (_not(_at(4, None)), _at(4, False)),
}


def closure_figures() -> list[Figure]:
    """Every figure the page shows about one quarter's closures, and the ones that follow
    from them (the other side of each share), for the audit."""
    specs = [Figure("closed", _everything)]
    for whole, (includes, _rest) in WHOLES.items():
        specs += [
            Figure(whole, includes),
            Figure(whole + ":rest", _not(includes), published=False),
        ]
    specs += [Figure("reason:" + r, _at(0, r.value)) for r in ClosureReason]
    for key, _label, includes, whole in INDICATOR_ROWS:
        specs.append(Figure(key, includes))
        rest = _not(includes) if whole == "closed" else WHOLES[whole][1]
        specs.append(Figure(key + ":rest", rest, published=False))
    return specs


def possible_closure_atoms() -> list[tuple[object, ...]]:
    return [
        (*outcome, follow_up)
        for outcome, follow_up in itertools.product(possible_outcomes(), FOLLOW_UP)
    ]


@functools.lru_cache(maxsize=4096)
def _closure_cells(
    counts: tuple[tuple[tuple[object, ...], int], ...], threshold: int
) -> dict[str, Cell]:
    # A finished quarter's counts rarely change: its audit is worked out once per process.
    return protect(dict(counts), possible_closure_atoms(), closure_figures(), threshold=threshold)


def _quarter_figures(
    quarter: Quarter, started: int, counts: dict[tuple[object, ...], int]
) -> QuarterFigures:
    cells: dict[str, Cell] = _closure_cells(
        tuple(sorted(counts.items(), key=repr)), min_cell_size()
    )
    return QuarterFigures(
        quarter=quarter,
        started=cell(started),
        closed=cells["closed"],
        closed_by_reason=[(str(r.label), cells["reason:" + r]) for r in ClosureReason],
        indicators=[
            Indicator(str(label), cells[key], share_of(cells[key], cells[whole]))
            for key, label, _includes, whole in INDICATOR_ROWS
        ],
    )
