"""Shared helpers of the actions: access event, row lock with version check, notices."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.audit.models import EventType
from samenspel.trajectories.models import (
    Trajectory,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from samenspel.accounts.models import User


PURPOSE = "care"  # audit/vocabulary.py: a change made while helping the family


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def log_event(
    action: str,
    trajectory: Trajectory,
    *,
    actor: User,
    request: HttpRequest | None,
    obj: object = None,
    event_type: EventType = EventType.UPDATE,
    detail: dict | None = None,
) -> None:
    audit.record(
        event_type,
        action,
        actor=actor,
        request=request,
        family_id=trajectory.family_id,
        obj=obj or trajectory,
        purpose=PURPOSE,
        detail=detail,
    )


def lock_trajectory(trajectory: Trajectory, expected_version: int | None = None) -> Trajectory:
    """Lock the trajectory row (SELECT FOR UPDATE on PostgreSQL; SQLite has one writer) and
    refuse a change based on an outdated page: concurrent edits never silently overwrite."""
    locked = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(
            _(
                "Someone else changed this trajectory in the meantime. "
                "Reload the page and try again."
            )
        )
    return locked


def touch(trajectory: Trajectory, **fields: object) -> None:
    Trajectory.objects.filter(pk=trajectory.pk).update(version=F("version") + 1, **fields)
    trajectory.refresh_from_db()


def notify(recipients: Iterable[str], subject: Callable[[], str], body: Callable[[], str]) -> None:
    """Mail a short notice after commit, in each recipient's own language (User.language, the
    language they last chose): `subject` and `body` are called once per language, so their
    words and dates are written in it. No family details in mail."""
    from samenspel.accounts.models import User
    from samenspel.trajectories.tasks import in_languages, send_notification

    emails = set(recipients)
    if not emails:
        return
    known = dict(User.objects.filter(email__in=emails).values_list("email", "language"))
    mails = in_languages({email: known.get(email) or "" for email in emails}, subject, body)

    def enqueue() -> None:
        for addresses, subject_text, body_text in mails:
            send_notification.enqueue(addresses, subject_text, body_text)

    transaction.on_commit(enqueue)
