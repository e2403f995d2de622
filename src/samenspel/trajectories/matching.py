"""Matching (teamvorming): propose professionals for a family's care team, ranked by a
deterministic, explained score (source 002: the wát-question decides the expertise; DOMAIN.md
§4 phase 2). The score is computed in one hand-written SQL statement over the network's
candidates (`_ranking_sql`, the same text on PostgreSQL and SQLite), so a ranking over 20,000
stays fast (bench/matching.py); only the top of the list is explained.

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

# ruff: noqa: S608 - `_ranking_sql` builds its statement from the models' table names (quoted)
# and this module's constants; every value goes in as a parameter.

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.accounts.models import User
from samenspel.network.models import (
    Absence,
    Expertise,
    NetworkAssignment,
    Professional,
    ProfessionalExpertise,
)
from samenspel.trajectories.models import CareTeamMembership, TeamRequest, Trajectory

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


@dataclass(frozen=True)
class RequestChoices:
    """What a team request chose, as ids: the criteria's part of it, and the team page's
    initial values."""

    needed_expertise: tuple[int, ...] = ()
    languages: tuple[int, ...] = ()
    area_id: int | None = None
    preferred: tuple[int, ...] = ()


def request_choices(request: TeamRequest | None) -> RequestChoices:
    """One query per chosen list; none without a request."""
    if request is None:
        return RequestChoices()
    return RequestChoices(
        needed_expertise=tuple(request.needed_expertise.values_list("pk", flat=True)),
        languages=tuple(request.languages.values_list("pk", flat=True)),
        area_id=request.area_id,
        preferred=tuple(request.preferred.values_list("pk", flat=True)),
    )


def criteria_for(
    trajectory: Trajectory,
    *,
    today: datetime.date | None = None,
    choices: RequestChoices | None = None,
) -> Criteria:
    """The criteria a trajectory's team request gives (`choices`, when the caller read them
    already), without its current team members."""
    if choices is None:
        choices = request_choices(TeamRequest.objects.filter(trajectory=trajectory).first())
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
    return Criteria(
        **kwargs,
        needed_expertise=choices.needed_expertise,
        languages=choices.languages,
        area_id=choices.area_id,
        preferred=choices.preferred,
    )


def _ranking_sql(criteria: Criteria, *, exact: bool, limit: int) -> tuple[str, list[Any]]:
    """The ranking as one SQL statement, the same on PostgreSQL and SQLite: the candidates'
    score parts and score, best first, `limit` rows.

    Without `exact` it is the wide first pass of `rank`: free hours are the network hours (an
    upper bound of the score, the caseload is not counted) and inactive accounts are not
    looked at (the shortlist drops them). With `exact` the caseload of open trajectories and
    the active accounts are part of the query: the scoring of everyone.

    The candidates come from the needed expertise (one grouped scan of that index, levels
    summed as integer tenths), plus the professionals the family asked for or knew; the parts
    are computed once per candidate (MATERIALIZED: PostgreSQL would otherwise evaluate each
    part twice, for the sort and for the output) and in double precision, in the same order
    as `_score` in Python, so both give the same number bit for bit. Identifiers come from the
    models; every value is a parameter."""
    q = connection.ops.quote_name
    day = connection.ops.adapt_datefield_value
    today = criteria.today
    needed = list(criteria.needed_expertise)
    params: list[Any] = []

    def marks(values: tuple[int, ...] | list[int]) -> str:
        params.extend(values)
        return ", ".join(["%s"] * len(values))

    pe = q(ProfessionalExpertise._meta.db_table)
    prof = q(Professional._meta.db_table)
    member = q(CareTeamMembership._meta.db_table)
    trajectory = q(Trajectory._meta.db_table)
    assignment = q(NetworkAssignment._meta.db_table)
    knew_ids = (
        f"SELECT m.professional_id AS id FROM {member} m "
        f"JOIN {trajectory} t ON t.id = m.trajectory_id WHERE t.family_id = %s"
    )
    if needed:
        tenths = " ".join(
            f"WHEN {level} THEN {round(weight * 10)}" for level, weight in LEVEL_WEIGHT.items()
        )
        candidates = (
            "lv AS (SELECT pe.professional_id AS id, "
            f"SUM(CASE pe.level {tenths} ELSE 0 END) AS lt FROM {pe} pe "
            f"WHERE pe.expertise_id IN ({marks(needed)}) GROUP BY pe.professional_id), "
            "c AS (SELECT id, lt FROM lv"
        )
        extra = []
        if criteria.preferred:
            extra.append(f"SELECT x.id FROM {prof} x WHERE x.id IN ({marks(criteria.preferred)})")
        if criteria.family_id:
            extra.append(knew_ids)
            params.append(criteria.family_id)
        if extra:
            candidates += (
                f" UNION ALL SELECT e.id, 0 FROM ({' UNION '.join(extra)}) e "
                "WHERE NOT EXISTS (SELECT 1 FROM lv WHERE lv.id = e.id)"
            )
        candidates += ")"
    else:
        candidates = (
            f"c AS (SELECT a.professional_id AS id, 0 AS lt FROM {assignment} a "
            "WHERE a.network_id = %s)"
        )
        params.append(criteria.network_id)
    parts = [
        "c.id",
        "c.lt",
        "CAST(a.hours_per_week AS DOUBLE PRECISION) AS hours",
    ]
    if criteria.languages:
        speaks = q(Professional.languages.through._meta.db_table)
        parts.append(
            f"EXISTS (SELECT 1 FROM {speaks} l WHERE l.professional_id = c.id "
            f"AND l.language_id IN ({marks(criteria.languages)})) AS speaks"
        )
    else:
        parts.append("FALSE AS speaks")
    if criteria.area_id:
        works = q(Professional.areas.through._meta.db_table)
        parts.append(
            f"EXISTS (SELECT 1 FROM {works} w WHERE w.professional_id = c.id "
            "AND w.area_id = %s) AS in_area"
        )
        params.append(criteria.area_id)
    else:
        parts.append("FALSE AS in_area")
    if criteria.family_id:
        parts.append(f"c.id IN ({knew_ids}) AS knew")
        params.append(criteria.family_id)
    else:
        parts.append("FALSE AS knew")
    parts.append(
        f"EXISTS (SELECT 1 FROM {q(Absence._meta.db_table)} ab WHERE ab.professional_id = c.id "
        "AND ab.starts_on <= %s AND (ab.ends_on IS NULL OR ab.ends_on >= %s)) AS absent"
    )
    params += [day(today + datetime.timedelta(days=ABSENCE_HORIZON_DAYS)), day(today)]
    if criteria.preferred:
        parts.append(f"c.id IN ({marks(criteria.preferred)}) AS preferred_flag")
    else:
        parts.append("FALSE AS preferred_flag")
    if exact:
        parts.append("COALESCE(cl.n, 0) AS caseload")
    else:
        parts.append("0 AS caseload")
    joins = f"JOIN {assignment} a ON a.professional_id = c.id AND a.network_id = %s"
    params.append(criteria.network_id)
    where = ["1 = 1"]
    if exact:
        joins += (
            f" JOIN {prof} p ON p.id = c.id"
            f" JOIN {q(User._meta.db_table)} u"
            " ON u.id = p.user_id"
            f" LEFT JOIN (SELECT m.professional_id AS id, COUNT(DISTINCT m.trajectory_id) AS n"
            f" FROM {member} m JOIN {trajectory} t ON t.id = m.trajectory_id"
            " WHERE t.closed_on IS NULL AND m.valid_from <= %s"
            " AND (m.valid_until IS NULL OR m.valid_until >= %s)"
            " GROUP BY m.professional_id) cl ON cl.id = c.id"
        )
        params += [day(today), day(today)]
        where.append("u.is_active = %s")
        params.append(True)
    if criteria.exclude:
        where.append(f"c.id NOT IN ({marks(criteria.exclude)})")
    # In double precision throughout: a numeric literal would make PostgreSQL compute in
    # (slow) numeric, and Python's floats must give the same sums (`_score`).
    free = f"(hours - caseload * {_double(HOURS_PER_FAMILY)})"
    zero = _double(0)
    score = (
        "lt * CAST(%s AS DOUBLE PRECISION)"
        f" + CASE WHEN speaks THEN {_double(W_LANGUAGE)} ELSE {zero} END"
        f" + CASE WHEN in_area THEN {_double(W_AREA)} ELSE {zero} END"
        f" + CASE WHEN {free} >= {_double(12)} THEN {_double(12)}"
        f" WHEN {free} <= {zero} THEN {zero} ELSE {free} END"
        " * CAST(%s AS DOUBLE PRECISION)"
        f" + CASE WHEN knew THEN {_double(W_CONTINUITY)} ELSE {zero} END"
        f" + CASE WHEN preferred_flag THEN {_double(W_PREFERENCE)} ELSE {zero} END"
        f" + CASE WHEN absent THEN {_double(W_ABSENCE)} ELSE {zero} END"
    )
    params += [_tenth_points(criteria), W_HOURS / 12, limit]
    sql = (
        f"WITH {candidates}, parts AS MATERIALIZED (SELECT {', '.join(parts)} FROM c {joins}"
        f" WHERE {' AND '.join(where)}) "
        f"SELECT id, lt, hours, speaks, in_area, knew, absent, preferred_flag, caseload,"
        f" {score} AS score FROM parts ORDER BY score DESC, id LIMIT %s"
    )
    return sql, params


def _double(value: float) -> str:
    return f"CAST({float(value)!r} AS DOUBLE PRECISION)"


def _tenth_points(criteria: Criteria) -> float:
    """Points per tenth of a level (the levels are summed as integer tenths)."""
    needed = len(criteria.needed_expertise)
    return W_EXPERTISE / needed / 10 if needed else 0.0


def _score(row: dict, criteria: Criteria) -> float:
    """The score from its parts: the same operations in the same order as the SQL."""
    score = row["lt"] * _tenth_points(criteria)
    score += float(W_LANGUAGE) if row["speaks"] else 0.0
    score += float(W_AREA) if row["in_area"] else 0.0
    score += _hour_points(row["free_hours"])
    score += float(W_CONTINUITY) if row["knew"] else 0.0
    score += float(W_PREFERENCE) if row["preferred_flag"] else 0.0
    score += float(W_ABSENCE) if row["absent"] else 0.0
    return score


SHORTLIST = 200
COLUMNS = (
    "pk",
    "lt",
    "hours",
    "speaks",
    "in_area",
    "knew",
    "absent",
    "preferred_flag",
    "caseload",
    "score",
)


def _fetch(criteria: Criteria, *, exact: bool, limit: int) -> list[dict]:
    sql, params = _ranking_sql(criteria, exact=exact, limit=limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [dict(zip(COLUMNS, values, strict=True)) for values in cursor.fetchall()]
    for row in rows:
        row["hours"] = float(row["hours"])
        row["free_hours"] = row["hours"] - row["caseload"] * HOURS_PER_FAMILY
        row["level_sum"] = row["lt"] / 10
    return rows


def expertise_names(criteria: Criteria) -> dict[int, str]:
    """The needed expertise's names, for the reasons: one query, none when nothing is needed."""
    if not criteria.needed_expertise:
        return {}
    return dict(
        Expertise.objects.filter(pk__in=criteria.needed_expertise).values_list("pk", "name")
    )


def rank(
    criteria: Criteria, *, limit: int = 10, names: dict[int, str] | None = None
) -> list[Proposal]:
    """The top `limit` professionals, each with the reasons for their score.

    Two steps keep this fast over tens of thousands: one query ranks every candidate by an
    upper bound (free hours = network hours, caseload not counted) and returns the parts of
    the score for a shortlist; a second counts the shortlist's caseloads (and drops inactive
    accounts), and the exact score follows in Python. A caseload only lowers a score, so when
    the last exact score of the top beats the best bound left outside the shortlist, nobody
    outside belongs in the top; otherwise everyone is scored exactly in SQL. Same result
    either way, deterministic."""
    bounds = _fetch(criteria, exact=False, limit=SHORTLIST + 1)
    rows = bounds[:SHORTLIST]
    loads = _active_caseloads([row["pk"] for row in rows], criteria.today)
    rows = [row for row in rows if row["pk"] in loads]
    for row in rows:
        row["caseload"] = loads[row["pk"]]
        row["free_hours"] = row["hours"] - row["caseload"] * HOURS_PER_FAMILY
        row["score"] = _score(row, criteria)
    rows.sort(key=lambda row: (-row["score"], row["pk"]))
    rows = rows[:limit]
    outside_best = bounds[SHORTLIST]["score"] if len(bounds) > SHORTLIST else None
    if outside_best is not None and (len(rows) < limit or rows[-1]["score"] <= outside_best):
        rows = _fetch(criteria, exact=True, limit=limit)
    people = Professional.objects.select_related("user", "home_organisation").in_bulk(
        [row["pk"] for row in rows]
    )
    covered: dict[int, set[int]] = {row["pk"]: set() for row in rows}
    for prof_id, expertise_id in ProfessionalExpertise.objects.filter(
        professional_id__in=covered, expertise_id__in=criteria.needed_expertise
    ).values_list("professional_id", "expertise_id"):
        covered[prof_id].add(expertise_id)
    if names is None:
        names = expertise_names(criteria)
    return [
        _explain(people[row["pk"]], row, criteria, frozenset(covered[row["pk"]]), names)
        for row in rows
    ]


def _hour_points(free: float) -> float:
    return (12.0 if free >= 12.0 else 0.0 if free <= 0.0 else free) * (W_HOURS / 12)


def _active_caseloads(ids: list[int], today: datetime.date) -> dict[int, int]:
    """Open trajectories per professional today, for those of these professionals whose
    account is active (the others are left out): one query. Both are looked up per
    professional through their indexes (correlated sub-queries), so the cost follows the
    shortlist, not the size of the network."""
    if not ids:
        return {}
    q = connection.ops.quote_name
    day = connection.ops.adapt_datefield_value(today)
    sql = (
        "SELECT p.id,"
        f" (SELECT u.is_active FROM {q(User._meta.db_table)} u WHERE u.id = p.user_id),"
        " (SELECT COUNT(DISTINCT m.trajectory_id)"
        f" FROM {q(CareTeamMembership._meta.db_table)} m"
        f" JOIN {q(Trajectory._meta.db_table)} t ON t.id = m.trajectory_id"
        " WHERE m.professional_id = p.id AND t.closed_on IS NULL AND m.valid_from <= %s"
        " AND (m.valid_until IS NULL OR m.valid_until >= %s))"
        f" FROM {q(Professional._meta.db_table)} p WHERE p.id IN ({', '.join(['%s'] * len(ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [day, day, *ids])
        return {pk: n for pk, active, n in cursor.fetchall() if active}


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


def pairs(
    proposals: list[Proposal],
    criteria: Criteria,
    *,
    limit: int = 3,
    names: dict[int, str] | None = None,
) -> list[Pair]:
    """Walk-along pairs: best joint coverage of the needed expertise first; among equals, two
    people who complement each other (each brings what the other lacks, e.g. LVB + GGZ) come
    before two who overlap; then the higher combined score. Deterministic."""
    if not criteria.needed_expertise:
        return []
    if names is None:
        names = expertise_names(criteria)
    # Every pair is ranked; only the few shown are worded (30 proposals make 435 pairs).
    ranked = []
    for first, second in combinations(proposals, 2):
        if not first.covered or not second.covered:
            continue
        together = first.covered | second.covered
        complementary = bool(first.covered - second.covered) and bool(
            second.covered - first.covered
        )
        score = round(first.score + second.score, 1)
        order = (
            -len(together),
            not complementary,
            -score,
            first.professional.pk,
            second.professional.pk,
        )
        ranked.append((order, first, second, together, complementary))
    ranked.sort(key=lambda item: item[0])
    result = []
    for _order, first, second, together, complementary in ranked[:limit]:
        text = (
            _("Together they cover %(expertise)s; each brings what the other lacks")
            if complementary
            else _("Together they cover %(expertise)s")
        )
        expertise = ", ".join(sorted(names[i] for i in together))
        score = round(first.score + second.score, 1)
        result.append(Pair(first, second, together, score, text % {"expertise": expertise}))
    return result
