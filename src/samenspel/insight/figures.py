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


# --- A professional's teams ("Mijn tijd") -----------------------------------------------
# Issue 15: "Professionals see their own time and their team's direct/indirect split." A
# team's minutes are about its members and the families they worked for: a quarter's split is
# shown only when the time lies on at least N trajectories (the figures' cell size) and was
# booked by at least TEAM_MIN_OTHERS colleagues besides the reader, so that subtracting one's
# own time never leaves one colleague's (or one family's) time.
TEAM_MIN_OTHERS = 3


@dataclass(frozen=True)
class TeamQuarter:
    quarter: Quarter
    own: Split  # the reader's own time in the team's scope (always theirs to see)
    team: Split  # everyone in the team, the reader included; hidden when small


@dataclass(frozen=True)
class TeamSplit:
    name: str
    members: int
    quarters: list[TeamQuarter]


def team_split(professional_id: int, *, today: datetime.date) -> list[TeamSplit]:
    """The last four finished quarters of each team the professional is in: a network team
    counts its members' time in that network, an organisation's team their time for that
    organisation. Two queries, whatever the number of teams."""
    from django.db.models import Q, Sum
    from django.db.models.functions import TruncQuarter

    from samenspel.analytics.suppression import SMALL, min_cell_size
    from samenspel.insight.models import TimeEntry
    from samenspel.network.models import Team

    teams = list(
        Team.objects.filter(members=professional_id)
        .prefetch_related("members")
        .order_by("name", "pk")
    )
    if not teams:
        return []
    members = {team.pk: {m.pk for m in team.members.all()} for team in teams}
    quarters = complete_quarters(today)
    everyone = set().union(*members.values())
    rows = (
        TimeEntry.objects.filter(
            professional_id__in=everyone,
            worked_on__gte=quarters[0].first_day,
            worked_on__lte=quarters[-1].last_day,
        )
        .annotate(quarter=TruncQuarter("worked_on"))
        .values("professional_id", "network_id", "organisation_id", "trajectory_id", "quarter")
        .annotate(
            direct_minutes=Sum("minutes", filter=Q(direct=True), default=0),
            indirect_minutes=Sum("minutes", filter=Q(direct=False), default=0),
        )
        .order_by()
    )
    threshold = min_cell_size()
    sums: dict[tuple[int, str], dict[str, Any]] = {}
    for row in rows:
        quarter_key = Quarter.of(_date(row["quarter"])).key
        for team in teams:
            if row["professional_id"] not in members[team.pk]:
                continue
            in_scope = (
                row["network_id"] == team.network_id
                if team.network_id
                else row["organisation_id"] == team.organisation_id
            )
            if not in_scope:
                continue
            acc = sums.setdefault(
                (team.pk, quarter_key),
                {"d": 0, "i": 0, "t": set(), "p": set(), "own_d": 0, "own_i": 0, "own_t": set()},
            )
            acc["d"] += row["direct_minutes"]
            acc["i"] += row["indirect_minutes"]
            acc["t"].add(row["trajectory_id"])
            acc["p"].add(row["professional_id"])
            if row["professional_id"] == professional_id:
                acc["own_d"] += row["direct_minutes"]
                acc["own_i"] += row["indirect_minutes"]
                acc["own_t"].add(row["trajectory_id"])
    result = []
    for team in teams:
        points = []
        for quarter in quarters:
            found = sums.get((team.pk, quarter.key))
            if found is None:
                empty = Split("", Cell(0, threshold), 0, 0)
                points.append(TeamQuarter(quarter, empty, empty))
                continue
            own = Split("", Cell(len(found["own_t"]), threshold), found["own_d"], found["own_i"])
            others = len(found["p"] - {professional_id})
            trajectories = len(found["t"])
            if trajectories < threshold or others < TEAM_MIN_OTHERS:
                team_cell = Split("", Cell(None, threshold, SMALL), None, None)
            else:
                team_cell = Split("", Cell(trajectories, threshold), found["d"], found["i"])
            points.append(TeamQuarter(quarter, own, team_cell))
        result.append(TeamSplit(team.name, len(members[team.pk]), points))
    return result


def _date(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value
