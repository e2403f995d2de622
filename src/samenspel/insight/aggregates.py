"""The pre-aggregated rows behind the insight pages, and where they come from.

`compute` builds them from the raw records (time entries times the tariff valid on the day, the
closures with their indicators, GAS and ZRM); `refresh` stores them per network, run by the
task system (`insight.tasks`). The pages read them through `quarter_times` and `results`:
on PostgreSQL from the stored tables, so a page never scans raw time entries (a network that
was never refreshed yet is computed on the fly); on SQLite (the demo, without a task worker)
by computing the same rows on the fly. Both paths run the same
`compute` code, and a test checks they give the same figures.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, Count, F, FloatField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, TruncQuarter
from django.utils import timezone

from samenspel.insight.models import (
    AggregateRefresh,
    QuarterTime,
    Tariff,
    TimeEntry,
    TrajectoryResult,
)


def _rate(*, direct: bool) -> Subquery:
    """The hourly rate valid on the entry's day: the organisation's rate for the entry's
    service before its general rate, the newest period first."""
    tariffs = (
        Tariff.objects.filter(
            organisation=OuterRef("organisation"), valid_from__lte=OuterRef("worked_on")
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=OuterRef("worked_on")))
        .filter(Q(service__isnull=True) | Q(service=OuterRef("service")))
        .order_by(F("service").asc(nulls_last=True), "-valid_from")
    )
    rate = F("hourly_rate") if direct else Coalesce("indirect_hourly_rate", "hourly_rate")
    return Subquery(
        tariffs.annotate(chosen_rate=Cast(rate, FloatField())).values("chosen_rate")[:1]
    )


def _cost_sums(entries: Any) -> Any:
    """Grouped minutes and cost (euro) of the entries, direct and indirect apart."""
    minutes = Cast("minutes", FloatField())
    return entries.annotate(
        direct_minutes=Sum("minutes", filter=Q(direct=True), default=0),
        indirect_minutes=Sum("minutes", filter=Q(direct=False), default=0),
        direct_cost=Coalesce(
            Sum(
                Case(
                    When(direct=True, then=minutes * _rate(direct=True) / 60.0),
                    default=Value(0.0),
                    output_field=FloatField(),
                )
            ),
            Value(0.0),
        ),
        indirect_cost=Coalesce(
            Sum(
                Case(
                    When(direct=False, then=minutes * _rate(direct=False) / 60.0),
                    default=Value(0.0),
                    output_field=FloatField(),
                )
            ),
            Value(0.0),
        ),
    )


def compute_quarter_times(
    network_ids: Iterable[int],
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> list[QuarterTime]:
    """Time and cost per (network, quarter, organisation, profile). One grouped query."""
    entries = TimeEntry.objects.filter(network_id__in=list(network_ids))
    if since is not None:
        entries = entries.filter(worked_on__gte=since)
    if until is not None:
        entries = entries.filter(worked_on__lte=until)
    rows = _cost_sums(
        entries.annotate(
            quarter=TruncQuarter("worked_on"),
            profile_code=Coalesce("trajectory__profile__profile__code", Value("")),
        )
        .values("network_id", "quarter", "organisation_id", "profile_code")
        .annotate(trajectories=Count("trajectory_id", distinct=True))
    ).order_by("network_id", "quarter", "organisation_id", "profile_code")
    return [
        QuarterTime(
            network_id=row["network_id"],
            quarter=_day(row["quarter"]),
            organisation_id=row["organisation_id"],
            profile_code=row["profile_code"],
            trajectories=row["trajectories"],
            direct_minutes=row["direct_minutes"],
            indirect_minutes=row["indirect_minutes"],
            direct_cost=round(float(row["direct_cost"]), 2),
            indirect_cost=round(float(row["indirect_cost"]), 2),
        )
        for row in rows
    ]


def _day(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def compute_results(
    network_ids: Iterable[int],
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> list[TrajectoryResult]:
    """One row per closed trajectory. Three queries: closures, time per trajectory, ZRM."""
    from samenspel.plans.models import DomainScore, InstrumentKind
    from samenspel.trajectories.models.closure import Closure

    closures = Closure.objects.filter(trajectory__network_id__in=list(network_ids))
    if since is not None:
        closures = closures.filter(closed_on__gte=since)
    if until is not None:
        closures = closures.filter(closed_on__lte=until)
    rows = list(
        closures.values(
            "trajectory_id",
            "trajectory__network_id",
            "trajectory__opened_on",
            "closed_on",
            "reason",
            "dropout",
            "continues_without_help",
            "goals_outcome",
            "self_reliance_increased",
            "satisfaction",
            "youth_care_restarted",
            "first_t_score",
            "final_t_score",
            "evaluations",
            "trajectory__profile__profile__code",
            "trajectory__profile__profile__name",
        ).order_by("trajectory_id")
    )
    ids = closures.values("trajectory_id")
    costs = {
        row["trajectory_id"]: row
        for row in _cost_sums(
            TimeEntry.objects.filter(trajectory_id__in=ids).values("trajectory_id")
        ).order_by("trajectory_id")
    }
    zrm = _zrm_changes(
        DomainScore.objects.filter(
            assessment__trajectory_id__in=ids,
            assessment__instrument_version__instrument__kind=InstrumentKind.ZRM,
        )
        .order_by("assessment__assessed_on", "assessment_id")
        .values_list(
            "assessment__trajectory_id",
            "assessment__member_id",
            "domain__code",
            "assessment_id",
            "score",
        )
    )
    from samenspel.trajectories.outcomes import is_satisfied

    result = []
    for row in rows:
        pk = row["trajectory_id"]
        cost = costs.get(pk, {})
        restarted = row["youth_care_restarted"]
        first, final = row["first_t_score"], row["final_t_score"]
        result.append(
            TrajectoryResult(
                trajectory_id=pk,
                network_id=row["trajectory__network_id"],
                profile_code=row["trajectory__profile__profile__code"] or "",
                profile_name=row["trajectory__profile__profile__name"] or "",
                closed_on=row["closed_on"],
                reason=row["reason"],
                duration_days=max(0, (row["closed_on"] - row["trajectory__opened_on"]).days),
                dropout=row["dropout"],
                continues_without_help=row["continues_without_help"],
                goals_outcome=row["goals_outcome"],
                self_reliance_increased=row["self_reliance_increased"],
                satisfied=is_satisfied(row["satisfaction"]),
                follow_up="open"
                if restarted is None
                else ("restarted" if restarted else "no_restart"),
                t_score_change=(
                    round(final - first, 2)
                    if row["evaluations"] >= 2 and first is not None and final is not None
                    else None
                ),
                zrm_change=zrm.get(pk, {}),
                direct_minutes=int(cost.get("direct_minutes", 0)),
                indirect_minutes=int(cost.get("indirect_minutes", 0)),
                direct_cost=round(float(cost.get("direct_cost", 0.0)), 2),
                indirect_cost=round(float(cost.get("indirect_cost", 0.0)), 2),
            )
        )
    return result


def _zrm_changes(scores: Iterable[tuple[int, int | None, str, int, int]]) -> dict[int, Any]:
    """Per trajectory, per domain: the mean change (last minus first score) over the
    household and members scored at two different assessments (as indicator 3.3 reads it)."""
    start: dict[tuple[int, int | None, str], tuple[int, int]] = {}
    end: dict[tuple[int, int | None, str], int] = {}
    for trajectory, member, domain, assessment, score in scores:
        key = (trajectory, member, domain)
        if key not in start:
            start[key] = (assessment, score)
        elif assessment != start[key][0]:
            end[key] = score
    changes: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for key, last in end.items():
        changes[key[0]][key[2]].append(last - start[key][1])
    return {
        pk: {domain: round(sum(values) / len(values), 2) for domain, values in domains.items()}
        for pk, domains in changes.items()
    }


@transaction.atomic
def refresh(network_id: int) -> tuple[int, int]:
    """Rebuild one network's stored rows: (time rows, result rows)."""
    times = compute_quarter_times([network_id])
    results = compute_results([network_id])
    QuarterTime.objects.filter(network_id=network_id).delete()
    TrajectoryResult.objects.filter(network_id=network_id).delete()
    QuarterTime.objects.bulk_create(times, batch_size=2000)
    TrajectoryResult.objects.bulk_create(results, batch_size=2000)
    AggregateRefresh.objects.update_or_create(
        network_id=network_id, defaults={"refreshed_at": timezone.now()}
    )
    return len(times), len(results)


def stored() -> bool:
    """Whether the pages read the stored tables (PostgreSQL) or compute on the fly."""
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class Window:
    since: datetime.date
    until: datetime.date


def _refreshed(network_ids: list[int]) -> set[int]:
    """The networks whose stored rows the page reads: on PostgreSQL, those refreshed at
    least once (a network not yet refreshed is computed on the fly, correct but slower)."""
    if not stored():
        return set()
    return set(
        AggregateRefresh.objects.filter(network_id__in=network_ids).values_list(
            "network_id", flat=True
        )
    )


def quarter_times(network_ids: list[int], window: Window) -> list[QuarterTime]:
    ready = _refreshed(network_ids)
    rows = (
        list(
            QuarterTime.objects.filter(
                network_id__in=ready, quarter__gte=window.since, quarter__lte=window.until
            ).order_by("network_id", "quarter", "organisation_id", "profile_code")
        )
        if ready
        else []
    )
    rest = [pk for pk in network_ids if pk not in ready]
    if rest:
        rows += compute_quarter_times(rest, window.since, window.until)
    return rows


def results(
    network_ids: list[int], window: Window, *, domains: bool = True
) -> list[TrajectoryResult]:
    """The stored closures of the window; `domains=False` leaves the ZRM change per domain
    (a JSON document a row) unread, for pages that show no domains."""
    ready = _refreshed(network_ids)
    stored = TrajectoryResult.objects.filter(
        network_id__in=ready, closed_on__gte=window.since, closed_on__lte=window.until
    ).order_by("trajectory_id")
    rows = list(stored if domains else stored.defer("zrm_change")) if ready else []
    rest = [pk for pk in network_ids if pk not in ready]
    if rest:
        rows += compute_results(rest, window.since, window.until)
    return rows


def refreshed_at(network_ids: list[int]) -> datetime.datetime | None:
    """The oldest refresh of these networks (None: computed on the fly, or never)."""
    if not stored():
        return None
    times = list(
        AggregateRefresh.objects.filter(network_id__in=network_ids).values_list(
            "refreshed_at", flat=True
        )
    )
    return min(times) if times else None
