"""What works, for whom, at what cost (issue 15): per network and per profile, the cost of
the closed trajectories (direct and indirect, from time times tariff) against their outcome (the
Jeugdwet indicators, GAS T-score change, ZRM change per domain, duration), per finished
quarter, with 95 % intervals and the number of trajectories behind every figure.

Privacy first, as on the figures page (`analytics.suppression`):
- Periods are the same fixed calendar quarters (`analytics.periods`), never rolling windows.
- The closures of one network in one quarter are audited as one system: the figures page's
  cells about them (total, reasons, indicators) are taken as that page decided them
  (`decided=`), and this page's figures per profile (count, indicators, the trajectories with
  a T-score change) are audited against them, so no profile cell can be worked out from the
  network's total and the other profiles, nor from what the figures page shows.
- A mean, spread or interval is shown only when its count is shown and at least N values lie
  behind it; never a minimum or maximum (those are one family's value).
- ZRM change per domain is shown for the whole network only, each domain's count standing
  alone (no total of domain counts is published).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import itertools
import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from samenspel.analytics import queries as figures_page
from samenspel.analytics.periods import Quarter, complete_quarters
from samenspel.analytics.queries import _not
from samenspel.analytics.suppression import Cell, Figure, cell, min_cell_size, protect
from samenspel.insight import aggregates
from samenspel.insight.models import AuditedCells, TrajectoryResult

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Estimate:
    """A mean with its 95 % interval (Student's t) and the number of values behind it."""

    mean: float
    low: float
    high: float
    n: int


@dataclass(frozen=True)
class Proportion:
    """A share with its exact (Clopper-Pearson) 95 % interval, in percent."""

    label: str
    count: Cell
    whole: Cell
    percentage: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Spread:
    p25: float
    median: float
    p75: float


@dataclass
class Row:
    """One profile (or the whole network) in one quarter."""

    label: str
    code: str
    n: Cell
    cost: Estimate | None = None
    spread: Spread | None = None
    direct_cost: float | None = None
    indirect_cost: float | None = None
    indirect_share: float | None = None
    duration: Estimate | None = None
    t_change: Estimate | None = None
    t_count: Cell = field(default_factory=lambda: Cell(None))
    indicators: list[Proportion] = field(default_factory=list)


@dataclass(frozen=True)
class DomainChange:
    domain: str
    count: Cell
    change: Estimate | None


@dataclass
class QuarterPoint:
    """The network as a whole in one quarter: time booked (all trajectories) and the
    closures (their cost and GAS change)."""

    quarter: Quarter
    direct_cost: float | None
    indirect_cost: float | None
    indirect_share: float | None
    closed: Cell
    cost: Estimate | None
    t_change: Estimate | None


@dataclass
class NetworkEffect:
    network_id: int
    network_name: str
    quarter: Quarter
    rows: list[Row]
    total: Row
    domains: list[DomainChange]
    series: list[QuarterPoint]


@functools.lru_cache(maxsize=4096)
def _t_quantile(degrees_of_freedom: int) -> float:
    """The two-sided 95 % quantile of Student's t: what `stats.t.interval` computes, kept per
    number of degrees of freedom (scipy's distribution machinery is ~1 ms a call; the national
    overview asks it for every network)."""
    from scipy import stats

    return float(stats.t.ppf((1 + CONFIDENCE) / 2, degrees_of_freedom))


def mean_estimate(values: Sequence[float]) -> Estimate | None:
    """Mean and 95 % t-interval; None below the minimum cell size."""
    n = len(values)
    if n < max(2, min_cell_size()):
        return None
    mean = statistics.fmean(values)
    sd = statistics.stdev(values)
    if sd == 0:
        return Estimate(mean, mean, mean, n)
    margin = _t_quantile(n - 1) * sd / math.sqrt(n)
    return Estimate(mean, mean - margin, mean + margin, n)


@functools.lru_cache(maxsize=8192)
def exact_interval(count: int, whole: int) -> tuple[float, float]:
    """Clopper-Pearson 95 % interval for count/whole, in percent (a pure function of two
    small integers, so kept per process)."""
    from scipy import stats

    interval = stats.binomtest(count, whole).proportion_ci(
        confidence_level=CONFIDENCE, method="exact"
    )
    return 100 * float(interval.low), 100 * float(interval.high)


def spread_of(values: Sequence[float]) -> Spread | None:
    if len(values) < max(4, min_cell_size()):
        return None
    p25, median, p75 = statistics.quantiles(values, n=4, method="inclusive")
    return Spread(p25, median, p75)


# --- the audit -------------------------------------------------------------------------

# An atom: the figures page's closure atom (reason, drop-out, without help, goals,
# self-reliance increased, satisfied, follow-up), then the profile code and whether a GAS
# T-score change was measured. This page never shows reasons, but they are in the atom so the
# figures page's reason cells bind the attacker here too.


Counts = tuple[tuple[tuple[object, ...], int], ...]


def _atom(result: TrajectoryResult, reason: str) -> tuple[object, ...]:
    return (
        reason,
        result.dropout,
        result.continues_without_help,
        result.goals_outcome,
        result.self_reliance_increased,
        result.satisfied,
        result.follow_up,
        result.profile_code,
        result.t_score_change is not None,
    )


def _of(code: str, includes: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda atom: atom[7] == code and bool(includes(atom))


def _profile_figures(codes: tuple[str, ...]) -> list[Figure]:
    specs: list[Figure] = []
    for code in codes:
        prefix = f"p:{code}:"
        specs.append(Figure(prefix + "closed", _of(code, lambda a: True)))
        specs.append(Figure(prefix + "t", _of(code, lambda a: a[8])))
        specs.append(Figure(prefix + "t:rest", _of(code, lambda a: not a[8]), published=False))
        for whole, (includes, _rest) in figures_page.WHOLES.items():
            specs.append(Figure(prefix + whole, _of(code, includes)))
            specs.append(
                Figure(prefix + whole + ":rest", _of(code, _not(includes)), published=False)
            )
        for key, _label, includes, whole in figures_page.INDICATOR_ROWS:
            specs.append(Figure(prefix + key, _of(code, includes)))
            other = _not(includes) if whole == "closed" else figures_page.WHOLES[whole][1]
            specs.append(Figure(prefix + key + ":rest", _of(code, other), published=False))
    return specs


@functools.lru_cache(maxsize=2048)
def _audit(counts: Counts, codes: tuple[str, ...], threshold: int) -> dict[str, Cell]:
    closure_counts: dict[tuple[object, ...], int] = defaultdict(int)
    for atom, count in counts:
        closure_counts[atom[:7]] += count
    decided = figures_page._closure_cells(
        tuple(sorted(closure_counts.items(), key=repr)), threshold
    )
    possible = [
        (*closure, code, measured)
        for closure, code, measured in itertools.product(
            figures_page.possible_closure_atoms(), codes, (True, False)
        )
    ]
    specs = figures_page.closure_figures() + _profile_figures(codes)
    specs += [Figure("t", lambda a: a[8]), Figure("t:rest", lambda a: not a[8], published=False)]
    own = protect(dict(counts), possible, specs, threshold=threshold, decided=decided)
    return {**decided, **own}


# The stored audits a page may use: (network, first day of the quarter) -> (digest, cells).
Stored = dict[tuple[int, datetime.date], tuple[str, dict[str, Cell]]]


def _counts(results: Sequence[TrajectoryResult], reasons: dict[int, str]) -> Counts:
    counts: dict[tuple[object, ...], int] = defaultdict(int)
    for r in results:
        counts[_atom(r, reasons.get(r.trajectory_id, ""))] += 1
    return tuple(sorted(counts.items(), key=repr))


def digest(counts: Counts, codes: tuple[str, ...], threshold: int) -> str:
    """What an audit depends on, in 64 characters: a stored audit is used only for the very
    counts, profile codes and cell size it was made for."""
    return hashlib.sha256(repr((counts, codes, threshold)).encode()).hexdigest()


def _encode(cells: dict[str, Cell]) -> dict[str, list[object]]:
    return {key: [c.value, c.threshold, c.reason] for key, c in cells.items()}


def _decode(data: dict[str, list[Any]]) -> dict[str, Cell]:
    return {key: Cell(value, threshold, reason) for key, (value, threshold, reason) in data.items()}


def load_stored(network_ids: Sequence[int], quarters: Sequence[Quarter]) -> Stored:
    """The refresh task's audits of these networks and quarters: one query."""
    return {
        (row.network_id, row.quarter): (row.digest, _decode(row.cells))
        for row in AuditedCells.objects.filter(
            network_id__in=list(network_ids), quarter__in=[q.first_day for q in quarters]
        )
    }


def store_audits(
    network_id: int,
    quarters: Sequence[Quarter],
    results: Sequence[TrajectoryResult],
    profiles: Sequence[tuple[str, str]],
) -> int:
    """Audit the network's closures of each quarter as its page will (same codes, same
    counts) and store the cells; returns the quarters stored. Run by the refresh task."""
    threshold = min_cell_size()
    reasons = {r.trajectory_id: r.reason for r in results}
    by_quarter: dict[Quarter, list[TrajectoryResult]] = defaultdict(list)
    for r in results:
        by_quarter[Quarter.of(r.closed_on)].append(r)
    rows = []
    for quarter in quarters:
        codes = _codes(by_quarter[quarter], profiles)
        counts = _counts(by_quarter[quarter], reasons)
        cells = _audit(counts, codes, threshold)
        rows.append(
            AuditedCells(
                network_id=network_id,
                quarter=quarter.first_day,
                digest=digest(counts, codes, threshold),
                cells=_encode(cells),
            )
        )
    AuditedCells.objects.filter(network_id=network_id).delete()
    AuditedCells.objects.bulk_create(rows)
    return len(rows)


def _codes(
    results: Sequence[TrajectoryResult], profiles: Sequence[tuple[str, str]]
) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(
            [code for code, _name in profiles] + sorted({r.profile_code for r in results})
        )
    )


# --- building the page -----------------------------------------------------------------


def network_effect(
    network_id: int,
    network_name: str,
    *,
    today: datetime.date,
    quarter: Quarter | None = None,
    profiles: Sequence[tuple[str, str]] = (),
) -> NetworkEffect:
    """The page's figures for one network: the chosen finished quarter (default the last)
    per profile, and the last four finished quarters as a series. Three queries on the
    pre-aggregated rows (`aggregates`), whatever the network's size."""
    quarters = complete_quarters(today)
    chosen = quarter if quarter in quarters else quarters[-1]
    results, reasons, times = _load([network_id], quarters)
    stored = load_stored([network_id], quarters)
    return _build(
        network_id, network_name, quarters, chosen, results, reasons, times, profiles, stored
    )


@dataclass
class Overview:
    """Every network of the reader in one quarter: the whole-network row of each (the same
    cells as on its own page), and the total over them, shown only when no network's count
    is hidden (else the total minus the others would give it away)."""

    quarter: Quarter
    networks: list[NetworkEffect]
    closed: int | None
    cost: Estimate | None


def overview(
    networks: Sequence[tuple[int, str]],
    *,
    today: datetime.date,
    quarter: Quarter | None = None,
    profiles: dict[int, list[tuple[str, str]]] | None = None,
) -> Overview:
    """A handful of queries for all networks together, reading only the chosen quarter (the
    page shows no series) and the refresh task's audits of it. `profiles` are each network's
    profile codes, so a network's cells are the very cells of its own page."""
    quarters = complete_quarters(today)
    chosen = quarter if quarter in quarters else quarters[-1]
    ids = [pk for pk, _name in networks]
    # The whole-network row needs no time per quarter: its share is the closures' own.
    results, reasons, _times = _load(ids, [chosen], times=False, domains=False)
    stored = load_stored(ids, [chosen])
    per_network: dict[int, list[TrajectoryResult]] = defaultdict(list)
    for r in results:
        per_network[r.network_id].append(r)
    built = [
        _build(
            pk,
            name,
            [chosen],
            chosen,
            per_network[pk],
            reasons,
            [],
            (profiles or {}).get(pk, ()),
            stored,
            series=False,
        )
        for pk, name in networks
    ]
    everything = [r for r in results if Quarter.of(r.closed_on) == chosen]
    all_shown = all(not b.total.n.suppressed for b in built)
    closed = len(everything) if all_shown and not cell(len(everything)).suppressed else None
    return Overview(
        quarter=chosen,
        networks=built,
        closed=closed,
        cost=mean_estimate([_cost(r) for r in everything]) if closed is not None else None,
    )


def _load(
    network_ids: list[int], quarters: list[Quarter], *, times: bool = True, domains: bool = True
) -> tuple[list[TrajectoryResult], dict[int, str], list[Any]]:
    window = aggregates.Window(quarters[0].first_day, quarters[-1].last_day)
    results = aggregates.results(network_ids, window, domains=domains)
    booked = aggregates.quarter_times(network_ids, window) if times else []
    return results, {r.trajectory_id: r.reason for r in results}, booked


def _build(
    network_id: int,
    network_name: str,
    quarters: list[Quarter],
    chosen: Quarter,
    results: list[TrajectoryResult],
    reasons: dict[int, str],
    times: list[Any],
    profiles: Sequence[tuple[str, str]],
    stored: Stored,
    *,
    series: bool = True,
) -> NetworkEffect:
    names = dict(profiles)
    for r in results:
        names.setdefault(r.profile_code, r.profile_name or _("No profile"))
    by_quarter: dict[Quarter, list[TrajectoryResult]] = defaultdict(list)
    for r in results:
        by_quarter[Quarter.of(r.closed_on)].append(r)

    def cells_of(q: Quarter) -> dict[str, Cell]:
        # A quarter's audit depends on that quarter alone (its closures, the profile set),
        # not on the window around it, so it is the same on every day and every page.
        return _cells(
            by_quarter[q],
            reasons,
            _codes(by_quarter[q], profiles),
            stored.get((network_id, q.first_day)),
        )

    points = (
        [
            _point(q, by_quarter[q], [t for t in times if Quarter.of(t.quarter) == q], cells_of(q))
            for q in quarters
        ]
        if series
        else []
    )
    cells = cells_of(chosen)
    codes = _codes(by_quarter[chosen], profiles)
    # The overview (series=False) shows the whole network's count, cost, share and T-score
    # change only: no profile rows, indicators or domains (their intervals are most of the
    # work, 200 networks at national scale).
    rows = (
        [
            _row(
                names.get(code, code),
                code,
                [r for r in by_quarter[chosen] if r.profile_code == code],
                cells,
                f"p:{code}:",
            )
            for code in codes
        ]
        if series
        else []
    )
    total = _row(_("Whole network"), "", by_quarter[chosen], cells, "", indicators=series)
    return NetworkEffect(
        network_id=network_id,
        network_name=network_name,
        quarter=chosen,
        rows=rows,
        total=total,
        domains=_domains(by_quarter[chosen], cells["closed"]) if series else [],
        series=points,
    )


def _cells(
    results: list[TrajectoryResult],
    reasons: dict[int, str],
    codes: tuple[str, ...],
    stored: tuple[str, dict[str, Cell]] | None = None,
) -> dict[str, Cell]:
    """The audited cells: the refresh task's when they were made for these very counts,
    else audited here (and kept per process)."""
    counts = _counts(results, reasons)
    threshold = min_cell_size()
    if stored is not None and stored[0] == digest(counts, codes, threshold):
        return stored[1]
    return _audit(counts, codes, threshold)


def _cost(r: TrajectoryResult) -> float:
    return r.direct_cost + r.indirect_cost


def _row(
    label: str,
    code: str,
    results: list[TrajectoryResult],
    cells: dict[str, Cell],
    prefix: str,
    *,
    indicators: bool = True,
) -> Row:
    n = cells[prefix + "closed"]
    row = Row(label=label, code=code, n=n, t_count=cells[prefix + "t"])
    for key, label_text, _includes, whole in figures_page.INDICATOR_ROWS if indicators else []:
        count, of = cells[prefix + key], cells[prefix + whole]
        if count.value is None or of.value is None or not of.value:
            row.indicators.append(Proportion(str(label_text), count, of, None, None, None))
            continue
        low, high = exact_interval(count.value, of.value)
        row.indicators.append(
            Proportion(str(label_text), count, of, 100 * count.value / of.value, low, high)
        )
    if n.suppressed or not results:
        return row
    costs = [_cost(r) for r in results]
    row.cost = mean_estimate(costs)
    row.spread = spread_of(costs)
    if row.cost is not None:
        row.direct_cost = statistics.fmean(r.direct_cost for r in results)
        row.indirect_cost = statistics.fmean(r.indirect_cost for r in results)
        minutes = sum(r.direct_minutes + r.indirect_minutes for r in results)
        if minutes:
            row.indirect_share = 100 * sum(r.indirect_minutes for r in results) / minutes
    row.duration = mean_estimate([r.duration_days for r in results])
    if not row.t_count.suppressed:
        row.t_change = mean_estimate(
            [r.t_score_change for r in results if r.t_score_change is not None]
        )
    return row


def _domains(results: list[TrajectoryResult], closed: Cell) -> list[DomainChange]:
    if closed.suppressed:
        return []
    changes: dict[str, list[float]] = defaultdict(list)
    for r in results:
        for domain, change in (r.zrm_change or {}).items():
            changes[domain].append(float(change))
    domains = []
    for domain in sorted(changes):
        count = cell(len(changes[domain]))
        domains.append(
            DomainChange(
                domain, count, None if count.suppressed else mean_estimate(changes[domain])
            )
        )
    return domains


def _point(
    quarter: Quarter, results: list[TrajectoryResult], times: list[Any], cells: dict[str, Cell]
) -> QuarterPoint:
    closed = cells["closed"]
    # Time of the quarter: shown when the trajectories it was booked on are not few.
    trajectories = sum(t.trajectories for t in times)
    direct = sum(t.direct_cost for t in times)
    indirect = sum(t.indirect_cost for t in times)
    minutes = sum(t.direct_minutes + t.indirect_minutes for t in times)
    time_shown = not cell(trajectories).suppressed and trajectories > 0
    return QuarterPoint(
        quarter=quarter,
        direct_cost=direct if time_shown else None,
        indirect_cost=indirect if time_shown else None,
        indirect_share=(
            100 * sum(t.indirect_minutes for t in times) / minutes
            if time_shown and minutes
            else None
        ),
        closed=closed,
        cost=None if closed.suppressed else mean_estimate([_cost(r) for r in results]),
        t_change=(
            None
            if cells["t"].suppressed
            else mean_estimate([r.t_score_change for r in results if r.t_score_change is not None])
        ),
    )
