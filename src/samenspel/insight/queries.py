"""Reads for the time pages: the professional's own trajectories, their week, and the held
meetings whose duration they have not booked yet. The families listed are the ones the access
policy lets them see ("Mijn gezinnen": `visible_team_places`), nothing more."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef

from samenspel.access.policy import visible_team_places
from samenspel.insight.actions import MAX_DAYS_BACK
from samenspel.insight.models import TimeEntry
from samenspel.trajectories.models import CareTeamMembership, Meeting, Participant

if TYPE_CHECKING:
    from samenspel.accounts.models import User
    from samenspel.network.models import Professional


def my_trajectories(user: User, *, today: datetime.date) -> list[tuple[int, str]]:
    """(trajectory id, family name) of the user's open places, by family name."""
    places = visible_team_places(user, on=today)
    rows = (
        CareTeamMembership.objects.filter(pk__in=places)
        .values_list("trajectory_id", "trajectory__family__name")
        .order_by("trajectory__family__name", "trajectory_id")
    )
    return list(dict.fromkeys((pk, str(name)) for pk, name in rows))


def last_trajectory_id(professional: Professional) -> int | None:
    return (
        TimeEntry.objects.filter(professional=professional)
        .order_by("-created_at", "-id")
        .values_list("trajectory_id", flat=True)
        .first()
    )


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


@dataclass
class Day:
    day: datetime.date
    entries: list[TimeEntry] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(entry.minutes for entry in self.entries)


@dataclass
class Week:
    monday: datetime.date
    days: list[Day]

    @property
    def direct(self) -> int:
        return sum(e.minutes for d in self.days for e in d.entries if e.direct)

    @property
    def indirect(self) -> int:
        return sum(e.minutes for d in self.days for e in d.entries if not e.direct)


def week(professional: Professional, monday: datetime.date) -> Week:
    """One query: the professional's entries of this week, with the family name."""
    days = [Day(monday + datetime.timedelta(days=i)) for i in range(7)]
    for entry in (
        TimeEntry.objects.filter(
            professional=professional,
            worked_on__gte=monday,
            worked_on__lt=monday + datetime.timedelta(days=7),
        )
        .select_related("trajectory__family")
        .order_by("worked_on", "id")
    ):
        days[(entry.worked_on - monday).days].entries.append(entry)
    return Week(monday, days)


@dataclass(frozen=True)
class MeetingProposal:
    meeting_id: int
    trajectory_id: int
    family: str
    kind: str
    day: datetime.date
    minutes: int


def meeting_proposals(
    user: User, professional: Professional, *, today: datetime.date
) -> list[MeetingProposal]:
    """Held meetings the professional took part in and has not booked: their duration is
    proposed as indirect time (MDO). Only families the user still sees. One query."""
    trajectories = dict(my_trajectories(user, today=today))
    if not trajectories:
        return []
    booked = TimeEntry.objects.filter(meeting=OuterRef("pk"), professional=professional)
    took_part = Participant.objects.filter(meeting=OuterRef("pk"), professional=professional)
    since = today - datetime.timedelta(days=MAX_DAYS_BACK)
    return [
        MeetingProposal(
            meeting.pk,
            meeting.trajectory_id,
            trajectories[meeting.trajectory_id],
            meeting.get_kind_display(),
            meeting.starts_at.date(),
            meeting.duration_minutes,
        )
        for meeting in Meeting.objects.filter(
            trajectory_id__in=trajectories, held=True, starts_at__date__gte=since
        )
        .filter(Exists(took_part))
        .exclude(Exists(booked))
        .order_by("-starts_at")[:20]
    ]
