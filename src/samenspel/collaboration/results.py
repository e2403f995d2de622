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
- spread is the standard deviation, never the minimum or maximum (those are one person's);
- per item the organisations' counts go through the figures page's audit
  (`analytics.suppression.protect`): someone who skipped an item makes an organisation's
  count for that item smaller than its respondents, and the network figure minus the shown
  organisations must not reveal it;
- a published round's figures are frozen (`RoundFigure`, `freeze_figures`) when it closes or
  on the first read after its deadline; the page never reads answers, and a person who leaves
  later (their answers go with them) cannot be singled out by comparing the page of the same
  round before and after.

The page reads the frozen rows: a few hundred per round, whatever the number of respondents,
so one network's results answer at national scale in tens of milliseconds
(bench/collaboration_results.py).
"""

from __future__ import annotations

import datetime
import math
import operator
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from samenspel.analytics.suppression import Figure, protect
from samenspel.collaboration.models import (
    Answer,
    InstrumentItem,
    Invitation,
    ItemKind,
    Round,
    RoundFigure,
)

TREND_ROUNDS = 12
DIP = 0.5  # a fall of half a point or more between two rounds is a signal
DIP_PERCENT = 15  # on yes/no questions: 15 percentage points fewer "yes"


def min_group_size() -> int:
    return int(getattr(settings, "COLLABORATION_MIN_GROUP_SIZE", 3))


@dataclass(slots=True)
class Stat:
    n: int
    mean: float
    sd: float | None  # None for n < 2


@dataclass(slots=True)
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
    counts: dict[str, int] = field(default_factory=dict)  # scores per item code (never shown)

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
    kind: str = ItemKind.SCALE


@dataclass
class Results:
    dimensions: list[Dimension]
    rounds: list[RoundResult]  # oldest first

    @property
    def latest(self) -> RoundResult | None:
        return self.rounds[-1] if self.rounds else None

    @property
    def percent(self) -> bool:
        """Yes/no questions (the checklist): every figure is the share of "yes", 0 to 100."""
        return bool(self.dimensions) and all(d.kind == ItemKind.YES_NO for d in self.dimensions)

    @property
    def scale(self) -> tuple[int, int]:
        return (0, 100) if self.percent else (1, 5)

    def dips(self) -> list[tuple[Dimension, float, float]]:
        """Dimensions whose network figure fell by `DIP` or more since the round before."""
        shown = [r for r in self.rounds if r.shown]
        if len(shown) < 2:
            return []
        before, now = shown[-2].equal_voice, shown[-1].equal_voice
        dip = DIP_PERCENT if self.percent else DIP
        return [
            (d, b, a)
            for d in self.dimensions
            if (b := before.get(d.code)) is not None
            and (a := now.get(d.code)) is not None
            and b - a >= dip
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
    freeze_figures([r for r in chosen if r.figures_at is None])
    items = list(
        InstrumentItem.objects.filter(
            instrument__code=instrument_code,
            instrument_id__in={r.instrument_id for r in chosen} or {0},
            kind__in=(ItemKind.SCALE, ItemKind.YES_NO),
        )
        .order_by("-instrument__is_current", "position")
        .values_list("pk", "code", "text", "kind")
    )
    code_of = {pk: code for pk, code, _text, _kind in items}
    # A yes (1) or no (0) counts as 100 or 0: the mean is the share of "yes" in percent.
    factor = {pk: 100 if kind == ItemKind.YES_NO else 1 for pk, _code, _text, kind in items}
    dimensions, seen = [], set()
    for _pk, code, text, kind in items:  # current version's texts and order first
        if code not in seen:
            seen.add(code)
            dimensions.append(Dimension(code, text, kind))
    sums: dict[tuple[int, int], dict[str, Sums]] = defaultdict(dict)
    by_round: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for (
        round_id,
        organisation_id,
        name,
        item_id,
        invited,
        responded,
        n,
        total,
        squares,
    ) in RoundFigure.objects.filter(round_id__in=ids).values_list(
        "round_id",
        "organisation_id",
        "organisation_name",
        "item_id",
        "invited",
        "responded",
        "n",
        "total",
        "squares",
    ):
        if item_id is None:
            by_round[round_id].append(
                {
                    "organisation_id": organisation_id,
                    "name": name,
                    "invited": invited,
                    "responded": responded,
                }
            )
        elif item_id in code_of:
            f = factor[item_id]
            sums[round_id, organisation_id][code_of[item_id]] = Sums(n, total * f, squares * f * f)
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
        # Plain integer sums: this runs for every unit of every round on the results page;
        # an organisation on its own is its frozen row as it is.
        cells = [sums[round_.pk, m["organisation_id"]] for m in members]
        if len(cells) == 1:
            combined = cells[0]
        else:
            combined = {}
            for cell in cells:
                for code, part in cell.items():
                    had = combined.get(code)
                    combined[code] = part if had is None else had + part
        stats: dict[str, Stat | None] = {}
        counts: dict[str, int] = {}
        for code in codes:
            found = combined.get(code)
            stats[code] = found.stat(minimum) if found is not None else None
            counts[code] = found.n if found is not None else 0
        return Unit(
            key,
            name,
            sum(m["invited"] for m in members),
            sum(m["responded"] for m in members),
            stats,
            counts,
        )

    units = [unit(str(p["organisation_id"]), p["name"], [p]) for p in shown]
    if pooled:
        from django.utils.translation import gettext as _

        units.append(unit("pool", _("Smaller organisations together"), pooled))
    everyone = unit("network", "", people)
    _audit_items(units, everyone, codes, minimum)
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


def _everyone(atom: object) -> bool:
    return True


def _audit_items(units: list[Unit], everyone: Unit, codes: list[str], minimum: int) -> None:
    """Per item, the audit of the figures page over the units' counts: a unit whose count
    for an item is small, or whose figure would let a small one be worked out from the
    network figure, loses its figure for that item (and the network its figure when that
    is what it takes)."""
    keys = [u.key for u in units]
    figures = [Figure("network", _everyone)]
    figures += [Figure(key, partial(operator.eq, key)) for key in keys]
    for code in codes:
        counts = {u.key: u.counts.get(code, 0) for u in units}
        if all(n == 0 or n >= minimum for n in counts.values()):
            continue  # nothing small: the audit would hide nothing
        cells = protect(counts, keys, figures, threshold=minimum)
        for u in units:
            if cells[u.key].suppressed:
                u.stats[code] = None
        if cells["network"].suppressed:
            everyone.stats[code] = None


def freeze_figures(rounds: list[Round]) -> None:
    """Write the figures of published rounds whose answers can no longer change (closed, or
    past the deadline), once: two readers at the same time write them once."""
    if rounds:
        with transaction.atomic():
            _freeze([r for r in rounds if r.figures_at is None])


def _freeze(rounds: list[Round]) -> None:
    ids = list(
        Round.objects.select_for_update()
        .filter(pk__in=[r.pk for r in rounds], figures_at__isnull=True)
        .values_list("pk", flat=True)
    )
    if not ids:
        return
    names: dict[tuple[int, int], str] = {}
    rows = []
    for person in (
        Invitation.objects.filter(round_id__in=ids)
        .values("round_id", "organisation_id", name=F("organisation__name"))
        .annotate(invited=Count("pk"), responded=Count("response"))
        .order_by()
    ):
        names[person["round_id"], person["organisation_id"]] = person["name"]
        rows.append(
            RoundFigure(
                round_id=person["round_id"],
                organisation_id=person["organisation_id"],
                organisation_name=person["name"],
                invited=person["invited"],
                responded=person["responded"],
            )
        )
    rows.extend(
        RoundFigure(
            round_id=row["round_id"],
            organisation_id=row["organisation_id"],
            organisation_name=names.get((row["round_id"], row["organisation_id"]), ""),
            item_id=row["item_id"],
            n=row["n"],
            total=row["total"],
            squares=row["squares"],
        )
        for row in Answer.objects.filter(round_id__in=ids, value__isnull=False)
        .values("round_id", "organisation_id", "item_id")
        .annotate(n=Count("pk"), total=Sum("value"), squares=Sum(F("value") * F("value")))
        .order_by()
    )
    RoundFigure.objects.bulk_create(rows, batch_size=2000)
    now = timezone.now()
    Round.objects.filter(pk__in=ids).update(figures_at=now)
    for round_ in rounds:
        if round_.pk in ids:
            round_.figures_at = now


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
