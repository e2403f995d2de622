"""Trends across evaluations: GAS per goal, the T-score, and ZRM per life domain.

Each trend is a picture (server-side SVG, `plans.charts`) and a table of the same numbers for
screen readers and print. A goal is followed by its key, so it stays one line even when its
words change in a later version. A fixed number of queries however long the history.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Sum
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from samenspel.plans.charts import Series, line_chart
from samenspel.plans.models import Assessment, DomainScore, Evaluation, GoalScore, InstrumentKind
from samenspel.plans.queries import is_visible
from samenspel.trajectories.models import Trajectory

# The last so many measurements: a readable picture; older ones stay in the evaluation list.
WINDOW = 12


@dataclass
class Trend:
    title: str
    x_labels: list[str]
    series: list[Series]
    svg: SafeString

    def rows(self) -> list[tuple[str, list[str]]]:
        """The data table: one row per date, one cell per line ("—": not measured)."""
        return [
            (label, [_cell(series.values[i]) for series in self.series])
            for i, label in enumerate(self.x_labels)
        ]


def _cell(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}" if isinstance(value, float) and not value.is_integer() else f"{value:g}"


def _label(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def goal_trends(trajectory: Trajectory, hidden: set[int]) -> tuple[Trend | None, list[Trend]]:
    """The T-score trend and one GAS trend per goal, over the last evaluations."""
    evaluations = list(
        Evaluation.objects.filter(trajectory=trajectory).order_by("-held_on", "-id")[:WINDOW]
    )[::-1]
    if not evaluations:
        return None, []
    position = {evaluation.pk: i for i, evaluation in enumerate(evaluations)}
    x_labels = [_label(evaluation.held_on) for evaluation in evaluations]
    scores = (
        GoalScore.objects.filter(evaluation__in=evaluations)
        .select_related("goal")
        .prefetch_related("goal__members")
        .order_by("evaluation__held_on", "evaluation_id")
    )
    values: dict[object, list[float | None]] = {}
    titles: dict[object, str] = {}
    for score in scores:
        if not is_visible(score.goal, hidden):
            continue
        row = values.setdefault(score.goal.key, [None] * len(evaluations))
        row[position[score.evaluation_id]] = score.attainment
        titles[score.goal.key] = score.goal.title  # the newest words win
    per_goal = [
        Trend(
            titles[key],
            x_labels,
            [Series(titles[key], row)],
            line_chart(
                title=_("Goal %(goal)s over the evaluations") % {"goal": titles[key]},
                x_labels=x_labels,
                series=[Series(titles[key], row)],
                y_min=-2,
                y_max=2,
                y_ticks=[-2, -1, 0, 1, 2],
            ),
        )
        for key, row in values.items()
    ]
    t_scores = [evaluation.t_score for evaluation in evaluations]
    t_title = _("GAS T-score over the evaluations")
    t_series = [Series(_("T-score"), t_scores)]
    summary = Trend(
        t_title,
        x_labels,
        t_series,
        line_chart(
            title=t_title,
            x_labels=x_labels,
            series=t_series,
            y_min=20,
            y_max=80,
            y_ticks=[20, 30, 40, 50, 60, 70, 80],
        ),
    )
    return summary, per_goal


def domain_trends(trajectory: Trajectory, hidden: set[int]) -> list[Trend]:
    """One ZRM trend per life domain that was scored: a line for the household and one per
    member assessed (members whose confidential sections are hidden are left out)."""
    scores = list(
        DomainScore.objects.filter(
            assessment__trajectory=trajectory,
            assessment__instrument_version__instrument__kind=InstrumentKind.ZRM,
        )
        .exclude(assessment__member_id__in=hidden)
        .select_related("domain", "assessment__member")
        .order_by("domain__position", "assessment__assessed_on", "assessment_id")
    )
    by_domain: dict[str, list[DomainScore]] = defaultdict(list)
    for score in scores:
        by_domain[score.domain.label].append(score)
    trends = []
    household = _("Household")
    for name, rows in by_domain.items():
        days = sorted({row.assessment.assessed_on for row in rows})[-WINDOW:]
        index = {day: i for i, day in enumerate(days)}
        lines: dict[str, list[float | None]] = {}
        for row in rows:
            if row.assessment.assessed_on not in index:
                continue
            who = str(row.assessment.member) if row.assessment.member_id else household
            lines.setdefault(who, [None] * len(days))[index[row.assessment.assessed_on]] = row.score
        x_labels = [_label(day) for day in days]
        series = [Series(who, line) for who, line in lines.items()]
        title = _("%(domain)s (ZRM) over time") % {"domain": name}
        trends.append(
            Trend(
                name,
                x_labels,
                series,
                line_chart(
                    title=title,
                    x_labels=x_labels,
                    series=series,
                    y_min=1,
                    y_max=5,
                    y_ticks=[1, 2, 3, 4, 5],
                ),
            )
        )
    return trends


# ORS: an adult total below 25 is in the clinical range; SRS: 36 or less asks to talk about
# the working relationship (Miller & Duncan; DOMAIN.md §5).
ORS_CUT_OFF = 25
SRS_ALERT = 36


@dataclass
class QuestionnaireTotal:
    day: datetime.date
    instrument: str
    kind: str
    about: str
    total: int
    flag: str


def questionnaire_totals(trajectory: Trajectory, hidden: set[int]) -> list[QuestionnaireTotal]:
    """ORS and SRS totals (0 to 40) over the last measurements, with the usual signals."""
    assessments = (
        Assessment.objects.filter(
            trajectory=trajectory,
            instrument_version__instrument__kind__in=[InstrumentKind.ORS, InstrumentKind.SRS],
        )
        .exclude(member_id__in=hidden)
        .select_related("instrument_version__instrument", "member")
        .annotate(total=Sum("scores__score"))
        .order_by("-assessed_on", "-id")[: WINDOW * 2]
    )
    rows = []
    for assessment in assessments:
        kind = assessment.instrument_version.instrument.kind
        total = assessment.total or 0
        flag = ""
        if kind == InstrumentKind.ORS and total < ORS_CUT_OFF:
            flag = _("Below the clinical cut-off (25)")
        elif kind == InstrumentKind.SRS and total <= SRS_ALERT:
            flag = _("Talk about the working relationship (36 or less)")
        rows.append(
            QuestionnaireTotal(
                assessment.assessed_on,
                assessment.instrument_version.instrument.name,
                kind,
                str(assessment.member) if assessment.member_id else _("Household"),
                total,
                flag,
            )
        )
    return rows
