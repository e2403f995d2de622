"""Direct and indirect time of a network, per finished quarter and per organisation, for its
coordinators (issue 15: "coordinators see their network's split").

Minutes are magnitudes, not head counts, but a cell with few trajectories behind it still
points at a few families and professionals: a cell is shown only when the number of
trajectories behind it passes the figures' suppression (`analytics.suppression.protect`, the
same audit as the figures page, with the network total published beside the organisations).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from samenspel.analytics.periods import Quarter, complete_quarters
from samenspel.analytics.suppression import Cell, Figure, protect


@dataclass(frozen=True)
class Split:
    label: str
    trajectories: Cell
    direct: int | None
    indirect: int | None

    @property
    def indirect_share(self) -> int | None:
        if self.direct is None or self.indirect is None or not self.direct + self.indirect:
            return None
        return round(100 * self.indirect / (self.direct + self.indirect))


@dataclass(frozen=True)
class QuarterSplit:
    quarter: Quarter
    total: Split
    organisations: list[Split]


def network_split(network_id: int, *, today: datetime.date) -> list[QuarterSplit]:
    """The last four finished quarters, from the pre-aggregated rows (`aggregates`): two
    queries, whatever the number of time entries."""
    from samenspel.insight import aggregates
    from samenspel.network.models import Organisation

    quarters = complete_quarters(today)
    window = aggregates.Window(quarters[0].first_day, quarters[-1].last_day)
    merged: dict[tuple[str, int], dict[str, Any]] = {}
    for time in aggregates.quarter_times([network_id], window):
        row = merged.setdefault(
            (Quarter.of(time.quarter).key, time.organisation_id),
            {
                "organisation_id": time.organisation_id,
                "trajectories": 0,
                "direct_minutes": 0,
                "indirect_minutes": 0,
            },
        )
        # A trajectory has one profile: its rows add up to the organisation's.
        row["trajectories"] += time.trajectories
        row["direct_minutes"] += time.direct_minutes
        row["indirect_minutes"] += time.indirect_minutes
    names = dict(
        Organisation.objects.filter(pk__in={key[1] for key in merged}).values_list("pk", "name")
    )
    by_quarter: dict[str, list[Any]] = {}
    for (quarter_key, organisation_id), row in sorted(
        merged.items(), key=lambda item: (item[0][0], names.get(item[0][1], ""))
    ):
        row["organisation__name"] = names.get(organisation_id, "")
        by_quarter.setdefault(quarter_key, []).append(row)
    return [_quarter(quarter, by_quarter.get(quarter.key, [])) for quarter in quarters]


def _quarter(quarter: Quarter, rows: list[Any]) -> QuarterSplit:
    # A trajectory can have time of several organisations: the audit treats each
    # organisation's trajectories as its own group, the total as published beside them.
    counts = {row["organisation_id"]: int(row["trajectories"]) for row in rows}
    figures = [Figure("total", _everything)] + [Figure(str(key), _is(key)) for key in counts]
    cells = protect(counts, list(counts), figures)
    total_direct = sum(int(row["direct_minutes"]) for row in rows)
    total_indirect = sum(int(row["indirect_minutes"]) for row in rows)
    total = _split("", cells["total"], total_direct, total_indirect)
    organisations = [
        _split(
            str(row["organisation__name"]),
            cells[str(row["organisation_id"])],
            int(row["direct_minutes"]),
            int(row["indirect_minutes"]),
        )
        for row in rows
    ]
    return QuarterSplit(quarter, total, organisations)


def _everything(atom: Any) -> bool:
    return True


def _is(key: object) -> Any:
    return lambda atom: atom == key


def _split(label: str, trajectories: Cell, direct: int, indirect: int) -> Split:
    if trajectories.suppressed:
        return Split(label, trajectories, None, None)
    return Split(label, trajectories, direct, indirect)
