"""iCalendar (RFC 5545) for learning-network meetings. Line folding and UTC times come from
the trajectories' meeting writer; text escaping is stricter: a CR, LF or CRLF in a title,
place or agenda becomes the two characters \\n, so typed text can never start a property."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from samenspel.trajectories.ical import _fold, _utc

if TYPE_CHECKING:
    from samenspel.knowledge.models import LearningMeeting


def escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def meeting_ics(meeting: LearningMeeting, *, url: str, now: datetime.datetime) -> str:
    summary = f"{meeting.title} · {meeting.learning_network.name}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Samenspel//Knowledge hub//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{meeting.uid}@samenspel",
        f"SEQUENCE:{meeting.sequence}",
        f"DTSTAMP:{_utc(now)}",
        f"DTSTART:{_utc(meeting.starts_at)}",
        f"DTEND:{_utc(meeting.ends_at)}",
        f"SUMMARY:{escape(summary)}",
        f"LOCATION:{escape(meeting.location)}",
        f"DESCRIPTION:{escape(meeting.agenda + chr(10) + url)}",
        "URL:" + url.replace("\r", "").replace("\n", ""),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
