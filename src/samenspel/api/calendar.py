"""A professional's private iCalendar feed: their meetings and the evaluation due dates of
the families they help, as far as the access policy lets them see those families. Like the
per-meeting .ics (trajectories/ical.py) an event names no family: calendars leak."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.access.policy import visible_family_ids
from samenspel.trajectories.ical import _escape, _fold, _utc
from samenspel.trajectories.models import CareTeamMembership, Meeting, Trajectory

if TYPE_CHECKING:
    from samenspel.accounts.models import User

# Meetings from this long ago on; evaluations still due.
PAST = datetime.timedelta(days=90)


def feed_events(user: User) -> tuple[list[Meeting], list[Trajectory]]:
    """The user's meetings and the trajectories with an evaluation due that they help in."""
    visible = visible_family_ids(user)
    since = timezone.now() - PAST
    meetings = list(
        Meeting.objects.filter(
            participants__professional__user=user,
            starts_at__gte=since,
            trajectory__family_id__in=visible,
        )
        .select_related("trajectory")
        .distinct()
        .order_by("starts_at", "pk")
    )
    today = timezone.localdate()
    places = CareTeamMembership.objects.active_on(today).filter(professional__user=user)
    due = list(
        Trajectory.objects.filter(
            pk__in=places.values("trajectory_id"),
            closed_on__isnull=True,
            next_evaluation_on__isnull=False,
            family_id__in=visible,
        ).order_by("next_evaluation_on", "pk")
    )
    return meetings, due


def feed_ics(meetings: list[Meeting], due: list[Trajectory], *, base_url: str) -> str:
    now = _utc(timezone.now())
    name = _("Samenspel: my meetings and evaluations")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Samenspel//Calendar feed//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for meeting in meetings:
        url = f"{base_url}/trajectories/meetings/{meeting.pk}/"
        summary = _("%(kind)s (trajectory %(id)s)") % {
            "kind": meeting.get_kind_display(),
            "id": meeting.trajectory_id,
        }
        lines += [
            "BEGIN:VEVENT",
            f"UID:{meeting.uid}@samenspel",
            f"SEQUENCE:{meeting.sequence}",
            f"DTSTAMP:{now}",
            f"DTSTART:{_utc(meeting.starts_at)}",
            f"DTEND:{_utc(meeting.ends_at)}",
            f"SUMMARY:{_escape(summary)}",
            f"LOCATION:{_escape(meeting.location)}",
            f"URL:{url}",
            "END:VEVENT",
        ]
    for trajectory in due:
        assert trajectory.next_evaluation_on is not None  # noqa: S101 - filtered above
        day = trajectory.next_evaluation_on
        summary = _("Evaluation due (trajectory %(id)s)") % {"id": trajectory.pk}
        lines += [
            "BEGIN:VEVENT",
            f"UID:evaluation-{trajectory.pk}-{day:%Y%m%d}@samenspel",
            f"DTSTAMP:{now}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"URL:{base_url}/trajectories/{trajectory.pk}/",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
