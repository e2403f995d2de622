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
# booked by at least TEAM_MIN_OTHERS + 1 professionals, so that whoever reads it, subtracting
# one's own time never leaves one colleague's (or one family's) time.
#
# Over time: `Team.members` has no dates, so a figure computed from today's members would
# change when someone joins or leaves, and two readings of the same quarter would differ by
# exactly that person's time. Each finished quarter's figure is therefore frozen
# (`TeamQuarterTime`) the first time it is read once the quarter has settled (SETTLE_DAYS
# after its end, time for the last week's bookings), from the members and entries of that
# day, and never computed again: neither a change of membership nor a late booking or
# correction (allowed up to `actions.MAX_DAYS_BACK`) changes a figure once shown. Before it
# has settled the team's figure is not shown at all (one's own time is). The suppression rule
# is applied to the frozen counts on every read. We chose this over dated memberships: a
# membership history would fix who counted, but late bookings would still move a shown
# figure by one colleague's entry, and every path that changes `Team.members` (the network
# page, the import, the admin, the demo) would have to keep the history.
TEAM_MIN_OTHERS = 3
SETTLE_DAYS = 14


@dataclass(frozen=True)
class TeamQuarter:
    quarter: Quarter
    own: Split  # the reader's own time in the team's scope (always theirs to see)
    team: Split  # everyone in the team, the reader included; hidden when small
    settles_on: datetime.date | None = None  # the team's figure is not fixed before this day


@dataclass(frozen=True)
class TeamSplit:
    name: str
    members: int
    quarters: list[TeamQuarter]


def settles_on(quarter: Quarter) -> datetime.date:
    """The first day a quarter's team figure may be frozen and shown."""
    return quarter.last_day + datetime.timedelta(days=SETTLE_DAYS + 1)


def team_split(professional_id: int, *, today: datetime.date) -> list[TeamSplit]:
    """The last four finished quarters of each team the professional is in: a network team
    counts its members' time in that network, an organisation's team their time for that
    organisation. Four queries whatever the number of teams (teams, members, the frozen
    figures, one's own time), three more the first time a quarter is frozen."""
    from samenspel.analytics.suppression import SMALL, min_cell_size
    from samenspel.network.models import Team

    teams = list(
        Team.objects.filter(members=professional_id)
        .prefetch_related("members")
        .order_by("name", "pk")
    )
    if not teams:
        return []
    quarters = complete_quarters(today)
    settled = [q for q in quarters if today >= settles_on(q)]
    frozen = _frozen(teams, settled)
    missing = [(team, q) for team in teams for q in settled if (team.pk, q.first_day) not in frozen]
    if missing:
        frozen.update(freeze(missing))
    own = _own_time(professional_id, teams, quarters)
    threshold = min_cell_size()
    result = []
    for team in teams:
        points = []
        for quarter in quarters:
            mine = own.get((team.pk, quarter.key))
            own_split = (
                Split("", Cell(len(mine["t"]), threshold), mine["d"], mine["i"])
                if mine
                else Split("", Cell(0, threshold), 0, 0)
            )
            figure = frozen.get((team.pk, quarter.first_day))
            if figure is None:  # not settled yet
                team_cell = Split("", Cell(None, threshold, SMALL), None, None)
                points.append(TeamQuarter(quarter, own_split, team_cell, settles_on(quarter)))
                continue
            if figure.trajectories == 0:
                team_cell = Split("", Cell(0, threshold), 0, 0)
            elif figure.trajectories < threshold or figure.professionals < TEAM_MIN_OTHERS + 1:
                team_cell = Split("", Cell(None, threshold, SMALL), None, None)
            else:
                team_cell = Split(
                    "",
                    Cell(figure.trajectories, threshold),
                    figure.direct_minutes,
                    figure.indirect_minutes,
                )
            points.append(TeamQuarter(quarter, own_split, team_cell))
        result.append(TeamSplit(team.name, len(team.members.all()), points))
    return result


def _frozen(teams: list[Any], quarters: list[Quarter]) -> dict[tuple[int, datetime.date], Any]:
    from samenspel.insight.models import TeamQuarterTime

    if not quarters:
        return {}
    return {
        (row.team_id, row.quarter): row
        for row in TeamQuarterTime.objects.filter(
            team__in=[team.pk for team in teams], quarter__in=[q.first_day for q in quarters]
        )
    }


def _in_scope(team: Any, row: dict[str, Any]) -> bool:
    if team.network_id:
        return bool(row["network_id"] == team.network_id)
    return bool(row["organisation_id"] == team.organisation_id)


def _entries(professional_ids: set[int], since: datetime.date, until: datetime.date) -> Any:
    from django.db.models import Q, Sum
    from django.db.models.functions import TruncQuarter

    from samenspel.insight.models import TimeEntry

    return (
        TimeEntry.objects.filter(
            professional_id__in=professional_ids, worked_on__gte=since, worked_on__lte=until
        )
        .annotate(quarter=TruncQuarter("worked_on"))
        .values("professional_id", "network_id", "organisation_id", "trajectory_id", "quarter")
        .annotate(
            direct_minutes=Sum("minutes", filter=Q(direct=True), default=0),
            indirect_minutes=Sum("minutes", filter=Q(direct=False), default=0),
        )
        .order_by()
    )


def _own_time(
    professional_id: int, teams: list[Any], quarters: list[Quarter]
) -> dict[tuple[int, str], dict[str, Any]]:
    """The reader's own time per team and quarter: always live, it is theirs."""
    own: dict[tuple[int, str], dict[str, Any]] = {}
    for row in _entries({professional_id}, quarters[0].first_day, quarters[-1].last_day):
        quarter_key = Quarter.of(_date(row["quarter"])).key
        for team in teams:
            if _in_scope(team, row):
                acc = own.setdefault((team.pk, quarter_key), {"d": 0, "i": 0, "t": set()})
                acc["d"] += row["direct_minutes"]
                acc["i"] += row["indirect_minutes"]
                acc["t"].add(row["trajectory_id"])
    return own


def freeze(missing: list[tuple[Any, Quarter]]) -> dict[tuple[int, datetime.date], Any]:
    """Compute and store the team figures of these (team, quarter) pairs from today's members
    (prefetched on each team) and entries; returns every stored figure of those teams and
    quarters. A figure stored meanwhile by another request wins (it may already be shown)."""
    from samenspel.insight.models import TeamQuarterTime

    members = {team.pk: {m.pk for m in team.members.all()} for team, _q in missing}
    wanted = {(team.pk, q.key) for team, q in missing}
    teams = {team.pk: team for team, _q in missing}
    quarters = sorted({q for _team, q in missing})
    sums: dict[tuple[int, str], dict[str, Any]] = {
        key: {"d": 0, "i": 0, "t": set(), "p": set()} for key in wanted
    }
    everyone = set().union(*members.values())
    for row in _entries(everyone, quarters[0].first_day, quarters[-1].last_day):
        quarter_key = Quarter.of(_date(row["quarter"])).key
        for pk, team in teams.items():
            acc = sums.get((pk, quarter_key))
            if acc is None or row["professional_id"] not in members[pk]:
                continue
            if not _in_scope(team, row):
                continue
            acc["d"] += row["direct_minutes"]
            acc["i"] += row["indirect_minutes"]
            acc["t"].add(row["trajectory_id"])
            acc["p"].add(row["professional_id"])
    TeamQuarterTime.objects.bulk_create(
        [
            TeamQuarterTime(
                team_id=pk,
                quarter=q.first_day,
                trajectories=len(sums[(pk, q.key)]["t"]),
                professionals=len(sums[(pk, q.key)]["p"]),
                direct_minutes=sums[(pk, q.key)]["d"],
                indirect_minutes=sums[(pk, q.key)]["i"],
            )
            for pk, q in ((team.pk, q) for team, q in missing)
        ],
        ignore_conflicts=True,
    )
    return _frozen(list(teams.values()), quarters)


def _date(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value
