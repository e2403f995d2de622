"""Families' ratings of the twelve components, per network and per team: averages only,
small groups suppressed the same way as the rounds (`collaboration.results`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Sum

from samenspel.collaboration.models import ComponentScore
from samenspel.collaboration.results import Stat, Sums, min_group_size


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
