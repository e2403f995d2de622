"""The figures of rounds: aggregates only, never one person's answer.

Rules, each against a way to work back to an individual:
- a figure needs at least `min_group_size()` respondents (default 3, never lower than 3 in
  a deployment that sets less by mistake is *not* enforced here: tests set 3);
- organisations with fewer respondents are pooled into one group, and if that pool itself is
  small the smallest shown organisation joins it, so the network figure minus the shown
  organisations never leaves a small remainder (complementary suppression);
- the network's equal-voice figure (mean of organisation means, each organisation counts
  once) counts the pool as one unit: counting each small organisation separately next to the
  respondent mean would give two equations that solve for the small ones;
- only closed rounds are shown (`Round.objects.published`), and answers cannot change after
  closing, so nobody can watch a figure move as one person answers; and a network has at
  most one open round per instrument, so two overlapping rounds cannot be subtracted;
- spread is the standard deviation, never the minimum or maximum (those are one person's).
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, Sum

from samenspel.collaboration.models import Answer, InstrumentItem, Invitation, ItemKind, Round

TREND_ROUNDS = 12
DIP = 0.5  # a fall of half a point or more between two rounds is a signal


def min_group_size() -> int:
    return int(getattr(settings, "COLLABORATION_MIN_GROUP_SIZE", 3))


@dataclass(frozen=True)
class Stat:
    n: int
    mean: float
    sd: float | None  # None for n < 2


@dataclass(frozen=True)
class Sums:
    n: int = 0
    total: int = 0
    squares: int = 0

    def __add__(self, other: Sums) -> Sums:
        return Sums(self.n + other.n, self.total + other.total, self.squares + other.squares)

    def stat(self, minimum: int | None = None) -> Stat | None:
        if self.n < (min_group_size() if minimum is None else minimum):
            return None
        mean = self.total / self.n
        variance = (self.squares - self.total * self.total / self.n) / (self.n - 1)
        return Stat(self.n, mean, math.sqrt(max(variance, 0.0)))


@dataclass
class Unit:
    """An organisation, or the pool of organisations too small to show on their own."""

    key: str  # organisation id, or "pool"
    name: str
    invited: int
    responded: int
    stats: dict[str, Stat | None] = field(default_factory=dict)  # by item code

    @property
    def response_rate(self) -> int | None:
        return round(100 * self.responded / self.invited) if self.invited else None


@dataclass
class RoundResult:
    round: Round
    invited: int
    responded: int
    units: list[Unit]  # shown organisations, then the pool if any
    respondent: dict[str, Stat | None]  # network, every respondent counts once
    equal_voice: dict[str, float | None]  # network, every organisation counts once
    organisations_pooled: int = 0
    rates: list[dict] = field(default_factory=list)  # per organisation: invited, responded

    @property
    def response_rate(self) -> int | None:
        return round(100 * self.responded / self.invited) if self.invited else None

    @property
    def shown(self) -> bool:
        return self.responded >= min_group_size()


@dataclass(frozen=True)
class Dimension:
    code: str
    text: str


@dataclass
class Results:
    dimensions: list[Dimension]
    rounds: list[RoundResult]  # oldest first

    @property
    def latest(self) -> RoundResult | None:
        return self.rounds[-1] if self.rounds else None

    def dips(self) -> list[tuple[Dimension, float, float]]:
        """Dimensions whose network figure fell by `DIP` or more since the round before."""
        shown = [r for r in self.rounds if r.shown]
        if len(shown) < 2:
            return []
        before, now = shown[-2].equal_voice, shown[-1].equal_voice
        return [
            (d, b, a)
            for d in self.dimensions
            if (b := before.get(d.code)) is not None
            and (a := now.get(d.code)) is not None
            and b - a >= DIP
        ]

    def differences(self) -> list[tuple[Dimension, float, list[tuple[str, float]]]]:
        """Gelijkwaardigheid: per dimension of the latest round the distance between the
        highest and lowest shown organisation, largest first."""
        latest = self.latest
        if latest is None:
            return []
        rows = []
        for d in self.dimensions:
            means = [(u.name, s.mean) for u in latest.units if (s := u.stats.get(d.code))]
            if len(means) >= 2:
                values = [m for _n, m in means]
                rows.append((d, max(values) - min(values), sorted(means, key=lambda x: -x[1])))
        return sorted(rows, key=lambda row: -row[1])


def network_results(
    network_id: int, instrument_code: str, *, today: datetime.date, rounds: int = TREND_ROUNDS
) -> Results:
    """The last `rounds` published rounds of one instrument in one network: four queries,
    whatever the number of rounds, organisations or respondents."""
    chosen = list(
        Round.objects.filter(network_id=network_id, instrument__code=instrument_code)
        .published(today)
        .order_by("-opens_on", "-pk")[:rounds]
    )[::-1]
    ids = [r.pk for r in chosen]
    items = list(
        InstrumentItem.objects.filter(
            instrument__code=instrument_code,
            instrument_id__in={r.instrument_id for r in chosen} or {0},
            kind=ItemKind.SCALE,
        )
        .order_by("-instrument__is_current", "position")
        .values_list("pk", "code", "text")
    )
    code_of = {pk: code for pk, code, _text in items}
    dimensions, seen = [], set()
    for _pk, code, text in items:  # current version's texts and order first
        if code not in seen:
            seen.add(code)
            dimensions.append(Dimension(code, text))
    people = (
        Invitation.objects.filter(round_id__in=ids)
        .values("round_id", "organisation_id", name=F("organisation__name"))
        .annotate(invited=Count("pk"), responded=Count("response"))
    )
    sums: dict[tuple[int, int], dict[str, Sums]] = defaultdict(dict)
    for row in (
        Answer.objects.filter(round_id__in=ids, value__isnull=False, item_id__in=list(code_of))
        .values("round_id", "organisation_id", "item_id")
        .annotate(n=Count("pk"), total=Sum("value"), squares=Sum(F("value") * F("value")))
    ):
        sums[row["round_id"], row["organisation_id"]][code_of[row["item_id"]]] = Sums(
            row["n"], row["total"], row["squares"]
        )
    by_round: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for person in people:
        by_round[person["round_id"]].append(dict(person))
    codes = [d.code for d in dimensions]
    return Results(dimensions, [_round_result(r, by_round[r.pk], sums, codes) for r in chosen])


def _round_result(
    round_: Round,
    people: list[dict],
    sums: dict[tuple[int, int], dict[str, Sums]],
    codes: list[str],
) -> RoundResult:
    minimum = min_group_size()
    shown = sorted(
        (p for p in people if p["responded"] >= minimum), key=lambda p: (p["responded"], p["name"])
    )
    pooled = [p for p in people if 0 < p["responded"] < minimum]
    while shown and 0 < sum(p["responded"] for p in pooled) < minimum:
        pooled.append(shown.pop(0))  # complementary suppression: the smallest shown joins
    shown.sort(key=lambda p: p["name"])

    def unit(key: str, name: str, members: list[dict]) -> Unit:
        # Plain integer sums: this runs for every unit of every round on the results page.
        cells = [sums[round_.pk, m["organisation_id"]] for m in members]
        stats: dict[str, Stat | None] = {}
        for code in codes:
            n = total = squares = 0
            for cell in cells:
                part = cell.get(code)
                if part is not None:
                    n, total, squares = n + part.n, total + part.total, squares + part.squares
            stats[code] = Sums(n, total, squares).stat(minimum)
        return Unit(
            key,
            name,
            sum(m["invited"] for m in members),
            sum(m["responded"] for m in members),
            stats,
        )

    units = [unit(str(p["organisation_id"]), p["name"], [p]) for p in shown]
    if pooled:
        from django.utils.translation import gettext as _

        units.append(unit("pool", _("Smaller organisations together"), pooled))
    everyone = unit("network", "", people)
    equal_voice: dict[str, float | None] = {}
    for code in codes:
        means = [s.mean for u in units if (s := u.stats.get(code)) is not None]
        equal_voice[code] = sum(means) / len(means) if means and everyone.stats[code] else None
    # The responded-but-silent: invited organisations without any response are not a unit.
    return RoundResult(
        round_,
        everyone.invited,
        everyone.responded,
        [u for u in units if u.responded],
        everyone.stats,
        equal_voice,
        organisations_pooled=len(pooled),
        rates=sorted(people, key=lambda p: p["name"]),
    )


def response_rates(round_: Round) -> list[dict]:
    """Per organisation: invited and answered, for the coordinator while a round runs. Counts
    only: who answered what is never shown."""
    return [
        dict(row)
        for row in Invitation.objects.filter(round=round_)
        .values("organisation_id", name=F("organisation__name"))
        .annotate(
            invited=Count("pk"), responded=Count("response", filter=Q(response__isnull=False))
        )
        .order_by("name")
    ]
