"""Import of time entries from an organisation's own time system (CSV or XLSX), because many
professionals already register their time at their home organisation.

The same three steps as the network import (`network/importing.py`, whose file reader this
reuses): read the rows, check every row (the dry run lists each problem by line and field in
Dutch), and write all rows or none (`actions.import_time_entries`). A re-import finds an
entry by the organisation's own line id (`external_id`) and updates it, not books it twice.

Columns (a header row; English or Dutch names): external_id, email (the professional's login),
trajectory (the trajectory number Samenspel shows), date (YYYY-MM-DD or DD-MM-YYYY), minutes,
activity (a code or its Dutch name).

The importer sees line numbers and messages only, never a family's name: the rows are checked
against the *professional's* place on the care team (through the access policy, `decide`),
and every written entry leaves an access-log event with the importer as actor.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.access.policy import Action, decide
from samenspel.core.validators import whole_number
from samenspel.insight.actions import MAX_DAYS_BACK, MAX_MINUTES
from samenspel.insight.models import Activity
from samenspel.network.importing import Problem, UnreadableFileError, read_rows
from samenspel.network.models import Professional
from samenspel.trajectories.models import CareTeamMembership, Trajectory

if TYPE_CHECKING:
    from samenspel.network.models import Organisation

__all__ = ["Problem", "TimeRow", "UnreadableFileError", "check_rows", "read_rows"]

MAX_ROWS = 5000
COLUMN_ALIASES = {"e-mail": "email", "traject": "trajectory", "datum": "date", "minuten": "minutes"}
COLUMN_ALIASES |= {"activiteit": "activity", "regel": "external_id", "regelnummer": "external_id"}


@dataclass(frozen=True)
class TimeRow:
    line: int
    external_id: str
    professional: Professional
    trajectory: Trajectory
    worked_on: datetime.date
    minutes: int
    activity: str


def _value(row: dict[str, Any], name: str) -> str:
    for key, value in row.items():
        if COLUMN_ALIASES.get(key, key) == name:
            return str(value if value is not None else "").strip()
    return ""


def _date(value: str) -> datetime.date | None:
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None


def _activity(value: str) -> str | None:
    wanted = value.strip().lower()
    for choice in Activity:
        if wanted in (choice.value, str(choice.label).lower()):
            return choice.value
    return None


def check_rows(
    rows: list[dict[str, Any]], organisation: Organisation
) -> tuple[list[TimeRow], list[Problem]]:
    """Every problem of every row (the dry run), and the rows as they would be written."""
    if len(rows) > MAX_ROWS:
        return [], [Problem(0, "", _("At most %(n)s lines per file.") % {"n": MAX_ROWS})]
    today = timezone.localdate()
    emails = {_value(row, "email").lower() for row in rows}
    professionals = {
        p.user.email.lower(): p
        for p in Professional.objects.filter(
            user__email__in=emails, home_organisation=organisation
        ).select_related("user")
    }
    numbers = {n for row in rows if (n := whole_number(_value(row, "trajectory"))) is not None}
    trajectories = Trajectory.objects.select_related("family").in_bulk(numbers)
    places = {
        (m.trajectory_id, m.professional_id): m
        for m in CareTeamMembership.objects.filter(
            trajectory_id__in=numbers, professional__in=professionals.values()
        )
    }
    good: list[TimeRow] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for row in rows:
        line = int(row.get("_line", 0))
        found: list[tuple[str, str]] = []
        external_id = _value(row, "external_id")
        if not external_id:
            found.append(("external_id", _("This field is required.")))
        elif external_id in seen:
            found.append(("external_id", _("This line id occurs twice in the file.")))
        seen.add(external_id)
        professional = professionals.get(_value(row, "email").lower())
        if professional is None:
            found.append(("email", _("No professional of this organisation with this e-mail.")))
        number = _value(row, "trajectory")
        trajectory = trajectories.get(whole_number(number) or 0)
        if trajectory is None:
            found.append(("trajectory", _("Unknown trajectory number.")))
        worked_on = _date(_value(row, "date"))
        if worked_on is None:
            found.append(("date", _("Write the date as 2026-11-30 or 30-11-2026.")))
        elif worked_on > today or worked_on < today - datetime.timedelta(days=MAX_DAYS_BACK):
            found.append(("date", _("The date must lie within the last three months.")))
        minutes_text = _value(row, "minutes")
        minutes = whole_number(minutes_text) or 0
        if not 1 <= minutes <= MAX_MINUTES:
            found.append(("minutes", _("Enter between 1 and 1440 minutes.")))
        activity = _activity(_value(row, "activity"))
        if activity is None:
            found.append(("activity", _("Unknown activity.")))
        if professional and trajectory and worked_on and not found:
            place = places.get((trajectory.pk, professional.pk))
            on_team = place is not None and (
                place.valid_from <= worked_on
                and (place.valid_until is None or place.valid_until >= worked_on)
            )
            if not on_team or not decide(professional.user, trajectory.family, Action.EDIT).allowed:
                found.append(
                    ("trajectory", _("This professional was not on this team on that day."))
                )
        problems += [Problem(line, field, message) for field, message in found]
        if not found:
            assert professional and trajectory and worked_on and activity  # noqa: S101 - checked
            good.append(
                TimeRow(line, external_id, professional, trajectory, worked_on, minutes, activity)
            )
    return good, problems
