"""Matching (teamvorming): propose professionals for a family's care team, ranked by a
deterministic, explained score (source 002: the wát-question decides the expertise; DOMAIN.md
§4 phase 2). The score is computed in one SQL query over the network's professionals, so a
ranking over 20,000 stays fast (bench/matching.py); only the top of the list is explained.

Points (maximum 110), each shown to the user as a reason:
- expertise coverage: 40 x share of the needed expertise covered, weighted by level
  (basic 0.8, experienced 0.9, specialist 1.0);
- language: 15 when they speak one of the family's languages;
- area: 10 when they work in the family's area;
- free hours: up to 15 for 12 or more free hours a week (network hours minus
  HOURS_PER_FAMILY for each family they already help);
- continuity: 10 when they were on a team for this family before;
- family preference: 20 when the family asked for them;
- absence in the coming ABSENCE_HORIZON_DAYS days: minus 20.
Ties break on the professional's id, so the same data always gives the same order.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.network.models import (
    Absence,
    Expertise,
    Professional,
    ProfessionalExpertise,
)
from samenspel.trajectories.models import CareTeamMembership

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from samenspel.trajectories.models import Trajectory

HOURS_PER_FAMILY = 3
LEVEL_WEIGHT = {3: 1.0, 2: 0.9, 1: 0.8}  # specialist, experienced, basic
ABSENCE_HORIZON_DAYS = 28
W_EXPERTISE, W_LANGUAGE, W_AREA, W_HOURS, W_CONTINUITY, W_PREFERENCE, W_ABSENCE = (
    40,
    15,
    10,
    15,
    10,
    20,
    -20,
)


@dataclass(frozen=True)
class Criteria:
    network_id: int
    needed_expertise: tuple[int, ...] = ()
    languages: tuple[int, ...] = ()
    area_id: int | None = None
    preferred: tuple[int, ...] = ()
    family_id: int | None = None
    exclude: tuple[int, ...] = ()
    today: datetime.date = field(default_factory=timezone.localdate)


@dataclass(frozen=True)
class Reason:
    text: str
    points: float


@dataclass
class Proposal:
    professional: Professional
    score: float
    free_hours: float
    covered: frozenset[int]
    reasons: list[Reason]


@dataclass
class Pair:
    first: Proposal
    second: Proposal
    covered: frozenset[int]
    score: float
    reason: str


def criteria_for(trajectory: Trajectory, *, today: datetime.date | None = None) -> Criteria:
    """The criteria a trajectory's team request gives, without its current team members."""
    from samenspel.trajectories.models import TeamRequest

    request = TeamRequest.objects.filter(trajectory=trajectory).first()
    current = tuple(
        CareTeamMembership.objects.active_on(today or timezone.localdate())
        .filter(trajectory=trajectory, professional__isnull=False)
        .values_list("professional_id", flat=True)
    )
    kwargs: dict = {
        "network_id": trajectory.network_id,
        "family_id": trajectory.family_id,
        "exclude": current,
    }
    if today:
        kwargs["today"] = today
    if request is not None:
        kwargs |= {
            "needed_expertise": tuple(request.needed_expertise.values_list("pk", flat=True)),
            "languages": tuple(request.languages.values_list("pk", flat=True)),
            "area_id": request.area_id,
            "preferred": tuple(request.preferred.values_list("pk", flat=True)),
        }
    return Criteria(**kwargs)


def scored(
    criteria: Criteria, *, caseload: bool = True, only: list[int] | None = None
) -> QuerySet[Professional]:
    """Every candidate in the network (or `only` these), annotated with each part of the
    score. Without `caseload` the free hours are the network hours: an upper bound of the
    score, cheap to compute for everyone (see `rank`)."""
    today = criteria.today
    needed = list(criteria.needed_expertise)
    active_places = Subquery(
        CareTeamMembership.objects.active_on(today)
        .filter(professional=OuterRef("pk"), trajectory__closed_on__isnull=True)
        .order_by()
        .values("professional")
        .annotate(n=Count("trajectory", distinct=True))
        .values("n")[:1],
        output_field=IntegerField(),
    )
    # Per needed expertise: 1.0 for a specialist, 0.9 experienced, 0.8 basic. Written as
    # set look-ups (hashed sub-plans on PostgreSQL) rather than a sub-query per row.
    level_sum: object = Value(0.0)
    for expertise_id in needed:
        holders = ProfessionalExpertise.objects.filter(expertise_id=expertise_id)
        level_sum = level_sum + Case(  # type: ignore[operator]
            *[
                When(
                    pk__in=holders.filter(level=level).values("professional_id"),
                    then=Value(LEVEL_WEIGHT[level]),
                )
                for level in (3, 2, 1)
            ],
            default=Value(0.0),
            output_field=FloatField(),
        )
    speaks = Exists(
        Professional.languages.through.objects.filter(
            professional_id=OuterRef("pk"), language_id__in=criteria.languages
        )
    )
    in_area = Exists(
        Professional.areas.through.objects.filter(
            professional_id=OuterRef("pk"), area_id=criteria.area_id or 0
        )
    )
    knew = Exists(
        CareTeamMembership.objects.filter(
            professional=OuterRef("pk"), trajectory__family_id=criteria.family_id or 0
        )
    )
    absent = Exists(
        Absence.objects.filter(
            professional=OuterRef("pk"),
            starts_on__lte=today + datetime.timedelta(days=ABSENCE_HORIZON_DAYS),
        ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    )
    candidates = Professional.objects.filter(assignments__network_id=criteria.network_id).exclude(
        pk__in=criteria.exclude
    )
    if only is not None:
        # The shortlist: inactive accounts drop out here, not in the wide first pass.
        candidates = candidates.filter(pk__in=only, user__is_active=True)
    if needed:
        # Only those who bring something asked for; preference and continuity still count.
        candidates = candidates.filter(
            Q(
                Exists(
                    ProfessionalExpertise.objects.filter(
                        professional=OuterRef("pk"), expertise_id__in=needed
                    )
                )
            )
            | Q(pk__in=criteria.preferred)
            | Q(knew_family_q(criteria))
        )

    def flag(condition: object, points: int) -> Case:
        return Case(
            When(condition, then=Value(float(points))),
            default=Value(0.0),
            output_field=FloatField(),
        )

    qs = candidates.annotate(
        # The filter's join to the assignment in this network: one row per professional.
        hours=F("assignments__hours_per_week"),
        caseload=Coalesce(active_places, Value(0)) if caseload else Value(0),
        level_sum=level_sum,
        speaks=speaks if criteria.languages else Value(False),
        in_area=in_area if criteria.area_id else Value(False),
        knew=knew if criteria.family_id else Value(False),
        absent=absent,
        preferred_flag=Case(When(pk__in=criteria.preferred, then=Value(True)), default=Value(False))
        if criteria.preferred
        else Value(False),
    ).annotate(
        free_hours=ExpressionWrapper(
            F("hours") - F("caseload") * Value(HOURS_PER_FAMILY), output_field=FloatField()
        ),
    )
    expertise_points = (
        ExpressionWrapper(
            F("level_sum") * Value(W_EXPERTISE / len(needed)), output_field=FloatField()
        )
        if needed
        else Value(0.0)
    )
    hour_points = ExpressionWrapper(
        Greatest(Value(0.0), Least(F("free_hours"), Value(12.0))) * Value(W_HOURS / 12),
        output_field=FloatField(),
    )
    return qs.annotate(
        score=ExpressionWrapper(
            expertise_points
            + flag(Q(speaks=True), W_LANGUAGE)
            + flag(Q(in_area=True), W_AREA)
            + hour_points
            + flag(Q(knew=True), W_CONTINUITY)
            + flag(Q(preferred_flag=True), W_PREFERENCE)
            + flag(Q(absent=True), W_ABSENCE),
            output_field=FloatField(),
        )
    ).order_by("-score", "pk")


def knew_family_q(criteria: Criteria) -> Q:
    if not criteria.family_id:
        return Q(pk__in=[])
    return Q(
        Exists(
            CareTeamMembership.objects.filter(
                professional=OuterRef("pk"), trajectory__family_id=criteria.family_id or 0
            )
        )
    )


SHORTLIST = 200


PARTS = ("level_sum", "speaks", "in_area", "knew", "absent", "preferred_flag", "hours")


def rank(criteria: Criteria, *, limit: int = 10) -> list[Proposal]:
    """The top `limit` professionals, each with the reasons for their score.

    Two steps keep this fast over tens of thousands: one query ranks everyone by an upper
    bound (free hours = network hours, caseload not counted) and returns the parts of the
    score for a shortlist; a second counts the shortlist's caseloads, and the exact score
    follows in Python. A caseload only lowers a score, so when the last exact score of the
    top beats the best bound left outside the shortlist, nobody outside belongs in the top;
    otherwise everyone is scored exactly in SQL. Same result either way, deterministic."""
    with _planner_for_oltp():
        bounds = list(
            scored(criteria, caseload=False)
            .filter(user__is_active=True)
            .values("pk", "score", *PARTS)[: SHORTLIST + 1]
        )
        rows = bounds[:SHORTLIST]
        loads = _caseloads([row["pk"] for row in rows], criteria.today)
        for row in rows:
            row["caseload"] = loads.get(row["pk"], 0)
            row["free_hours"] = float(row["hours"]) - row["caseload"] * HOURS_PER_FAMILY
            row["score"] += _hour_points(row["free_hours"]) - _hour_points(float(row["hours"]))
        rows.sort(key=lambda row: (-row["score"], row["pk"]))
        rows = rows[:limit]
        outside_best = bounds[SHORTLIST]["score"] if len(bounds) > SHORTLIST else None
        if outside_best is not None and (len(rows) < limit or rows[-1]["score"] <= outside_best):
            everyone = scored(criteria).filter(user__is_active=True)
            rows = list(everyone.values("pk", "score", "caseload", "free_hours", *PARTS)[:limit])
    people = Professional.objects.select_related("user", "home_organisation").in_bulk(
        [row["pk"] for row in rows]
    )
    covered: dict[int, set[int]] = {row["pk"]: set() for row in rows}
    for prof_id, expertise_id in ProfessionalExpertise.objects.filter(
        professional_id__in=covered, expertise_id__in=criteria.needed_expertise
    ).values_list("professional_id", "expertise_id"):
        covered[prof_id].add(expertise_id)
    names = dict(
        Expertise.objects.filter(pk__in=criteria.needed_expertise).values_list("pk", "name")
    )
    return [
        _explain(people[row["pk"]], row, criteria, frozenset(covered[row["pk"]]), names)
        for row in rows
    ]


def _hour_points(free: float) -> float:
    return max(0.0, min(free, 12.0)) * W_HOURS / 12


def _caseloads(ids: list[int], today: datetime.date) -> dict[int, int]:
    """Open trajectories per professional today, for these professionals: one query."""
    return dict(
        CareTeamMembership.objects.active_on(today)
        .filter(professional_id__in=ids, trajectory__closed_on__isnull=True)
        .order_by()
        .values("professional_id")
        .annotate(n=Count("trajectory", distinct=True))
        .values_list("professional_id", "n")
    )


@contextmanager
def _planner_for_oltp() -> Iterator[None]:
    """PostgreSQL's JIT compiles this query for a second because its estimated cost is high;
    the query itself takes milliseconds. Switch JIT off for this transaction only."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def _explain(
    professional: Professional,
    a: dict,
    criteria: Criteria,
    covered: frozenset[int],
    names: dict[int, str],
) -> Proposal:
    reasons: list[Reason] = []
    needed = criteria.needed_expertise
    if needed:
        points = a["level_sum"] * W_EXPERTISE / len(needed)
        if covered:
            reasons.append(
                Reason(
                    _("Covers %(expertise)s (%(n)s of %(total)s needed)")
                    % {
                        "expertise": ", ".join(sorted(names[i] for i in covered)),
                        "n": len(covered),
                        "total": len(needed),
                    },
                    round(points, 1),
                )
            )
        else:
            reasons.append(Reason(_("None of the needed expertise"), 0.0))
    if a["speaks"]:
        reasons.append(Reason(_("Speaks the family's language"), W_LANGUAGE))
    if a["in_area"]:
        reasons.append(Reason(_("Works in the family's area"), W_AREA))
    free = float(a["free_hours"])
    reasons.append(
        Reason(
            _("%(free)s free hours a week (%(hours)s network hours, %(families)s families)")
            % {
                "free": f"{free:g}",
                "hours": f"{float(a['hours']):g}",
                "families": a["caseload"],
            }
            if free > 0
            else _("No free hours (%(families)s families)") % {"families": a["caseload"]},
            round(_hour_points(free), 1),
        )
    )
    if a["knew"]:
        reasons.append(Reason(_("Knows the family from an earlier team"), W_CONTINUITY))
    if a["preferred_flag"]:
        reasons.append(Reason(_("The family asked for this professional"), W_PREFERENCE))
    if a["absent"]:
        reasons.append(Reason(_("Absent in the coming four weeks"), W_ABSENCE))
    return Proposal(professional, round(a["score"], 1), free, covered, reasons)


def pairs(proposals: list[Proposal], criteria: Criteria, *, limit: int = 3) -> list[Pair]:
    """Walk-along pairs: best joint coverage of the needed expertise first; among equals, two
    people who complement each other (each brings what the other lacks, e.g. LVB + GGZ) come
    before two who overlap; then the higher combined score. Deterministic."""
    if not criteria.needed_expertise:
        return []
    names = dict(
        Expertise.objects.filter(pk__in=criteria.needed_expertise).values_list("pk", "name")
    )
    found: list[tuple[bool, Pair]] = []
    for first, second in combinations(proposals, 2):
        if not first.covered or not second.covered:
            continue
        together = first.covered | second.covered
        complementary = bool(first.covered - second.covered) and bool(
            second.covered - first.covered
        )
        text = (
            _("Together they cover %(expertise)s; each brings what the other lacks")
            if complementary
            else _("Together they cover %(expertise)s")
        )
        pair = Pair(
            first,
            second,
            together,
            round(first.score + second.score, 1),
            text % {"expertise": ", ".join(sorted(names[i] for i in together))},
        )
        found.append((complementary, pair))
    found.sort(
        key=lambda item: (
            -len(item[1].covered),
            not item[0],
            -item[1].score,
            item[1].first.professional.pk,
            item[1].second.professional.pk,
        )
    )
    return [pair for _complementary, pair in found[:limit]]
