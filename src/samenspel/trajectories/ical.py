"""iCalendar (RFC 5545) for meetings, written by hand: one VEVENT, no dependency needed.
The event carries no family name or details (calendars leak); the link leads to the page,
behind login and the access policy."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from samenspel.trajectories.models import Meeting, Participant


def _escape(text: str) -> str:
    # RFC 5545 §3.3.11: a line break is written as \n; a bare CR (or CRLF) would otherwise
    # end the content line and let free text add properties of its own.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    raw = line.encode()
    if len(raw) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_ics(
    meeting: Meeting, participants: list[Participant], *, url: str, now: datetime.datetime
) -> str:
    summary = _("%(kind)s (trajectory %(id)s)") % {
        "kind": meeting.get_kind_display(),
        "id": meeting.trajectory_id,
    }
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Samenspel//Trajectories//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{meeting.uid}@samenspel",
        f"SEQUENCE:{meeting.sequence}",
        f"DTSTAMP:{_utc(now)}",
        f"DTSTART:{_utc(meeting.starts_at)}",
        f"DTEND:{_utc(meeting.ends_at)}",
        f"SUMMARY:{_escape(summary)}",
        f"LOCATION:{_escape(meeting.location)}",
        f"DESCRIPTION:{_escape(url)}",
        f"URL:{url}",
    ]
    for participant in participants:
        professional = participant.professional
        if professional is not None and professional.user.email:
            name = str(professional.user).replace('"', "'")
            email = professional.user.email
            lines.append(f'ATTENDEE;CN="{name}";ROLE=REQ-PARTICIPANT:mailto:{email}')
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
