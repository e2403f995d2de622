"""Families' ratings of the twelve components, per network and per team: averages only,
small groups suppressed the same way as the rounds (`collaboration.results`)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Count, F, Sum
from django.utils import timezone

from samenspel.analytics.periods import Quarter, complete_quarters
from samenspel.analytics.suppression import Cell, cell, share
from samenspel.collaboration.models import ComponentScore, RatingMoment, SatisfactionComponent
from samenspel.collaboration.results import Stat, Sums, min_group_size
from samenspel.trajectories.outcomes import SATISFIED_FROM


@dataclass(frozen=True)
class ComponentRow:
    text: str
    network: Stat | None
    teams: list[Stat | None]  # in the order of `ComponentResults.teams`


@dataclass(frozen=True)
class ComponentResults:
    teams: list[str]
    rows: list[ComponentRow]


def suppress(groups: dict[str, Sums]) -> dict[str, Stat | None]:
    """Each group's figure, hiding small groups; if the hidden ones together are small but
    not empty, the smallest shown group is hidden too, so the network figure minus the shown
    groups never reveals a small one."""
    minimum = min_group_size()
    shown = sorted((k for k, s in groups.items() if s.n >= minimum), key=lambda k: groups[k].n)
    hidden = sum(s.n for k, s in groups.items() if k not in shown)
    while shown and 0 < hidden < minimum:
        hidden += groups[shown.pop(0)].n
    return {k: groups[k].stat() if k in shown else None for k in groups}


def component_results(network_id: int) -> ComponentResults:
    """One query, whatever the number of families or teams."""
    rows = (
        ComponentScore.objects.filter(network_id=network_id)
        .values("item__code", "item__text", "item__position", team_name=F("rating__team__name"))
        .annotate(n=Count("pk"), total=Sum("value"), squares=Sum(F("value") * F("value")))
        .order_by("item__position", "team_name")
    )
    texts: dict[str, str] = {}
    by_item: dict[str, dict[str, Sums]] = defaultdict(dict)
    for row in rows:
        texts.setdefault(row["item__code"], row["item__text"])
        team = row["team_name"] or ""
        by_item[row["item__code"]][team] = by_item[row["item__code"]].get(team, Sums()) + Sums(
            row["n"], row["total"], row["squares"]
        )
    teams = sorted({team for groups in by_item.values() for team in groups if team})
    result = []
    for code, text in texts.items():
        groups = by_item[code]
        figures = suppress(groups)
        total = sum(groups.values(), Sums())
        result.append(ComponentRow(text, total.stat(), [figures.get(team) for team in teams]))
    return ComponentResults(teams, result)


@dataclass(frozen=True)
class SatisfactionRow:
    quarter: str
    families: Cell  # families who rated the chosen components at closure
    satisfied: int | None  # percentage with an average of 4 or more; None: not shown


def satisfaction_from_components(
    network_id: int, *, today: datetime.date, quarters: int = 4
) -> list[SatisfactionRow]:
    """Jeugdwet indicator 2 (cliënttevredenheid) fed by the twelve components: per ended
    quarter, the families who rated the components the network chose
    (`SatisfactionComponent`) at closure, and the share whose average over those is 4 or more
    (`trajectories.outcomes.SATISFIED_FROM`, as the closure's own question). Only ended
    quarters, each on its own (like the figures page), so no figure moves as one more family
    rates; small counts and shares are hidden by the figures page's rules. One query."""
    periods = complete_quarters(today, quarters)
    codes = SatisfactionComponent.objects.filter(network_id=network_id).values("code")
    per_family = (
        ComponentScore.objects.filter(
            network_id=network_id,
            rating__moment=RatingMoment.CLOSURE,
            rating__recorded_at__date__gte=periods[0].first_day,
            rating__recorded_at__date__lte=periods[-1].last_day,
            item__code__in=codes,
        )
        .values("rating_id", "rating__recorded_at")
        .annotate(average=Avg("value"))
        .order_by()
    )
    counts: dict[str, list[int]] = {q.key: [0, 0] for q in periods}
    for row in per_family:
        key = Quarter.of(timezone.localtime(row["rating__recorded_at"]).date()).key
        if key in counts:
            counts[key][0] += 1
            counts[key][1] += row["average"] >= SATISFIED_FROM
    return [
        SatisfactionRow(str(q), cell(counts[q.key][0]), share(counts[q.key][1], counts[q.key][0]))
        for q in periods
    ]
