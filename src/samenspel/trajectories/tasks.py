"""Background work: notifications and the daily reminder run (django.tasks).

Schedule `run_daily` once a day (cron or a systemd timer: `samenspel manage
send_trajectory_reminders`); it is idempotent, so running it twice sends nothing twice."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.trajectories.models import (
    CareTeamMembership,
    Closure,
    EvaluationReminder,
    Trajectory,
    TrajectorySettings,
)


@task()
def send_notification(recipients: list[str], subject: str, body: str) -> int:
    """Mail a short notice. No family details in mail: the reader follows the link and logs in."""
    if not recipients:
        return 0
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, sorted(set(recipients)))


def team_emails(trajectory_id: int, on: datetime.date) -> list[str]:
    return list(
        CareTeamMembership.objects.active_on(on)
        .filter(trajectory_id=trajectory_id, professional__isnull=False)
        .values_list("professional__user__email", flat=True)
    )


@task()
def send_evaluation_reminders(today_iso: str | None = None) -> int:
    """Remind each team whose next evaluation falls within its network's reminder window.
    One reminder per evaluation date (a unique row), so repeated runs send nothing twice."""
    today = datetime.date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    windows = {s.network_id: s.reminder_days_before for s in TrajectorySettings.objects.all()}
    default_window = TrajectorySettings().reminder_days_before
    horizon = today + datetime.timedelta(days=max([default_window, *windows.values()]))
    sent = 0
    due = (
        Trajectory.objects.open()
        .filter(next_evaluation_on__isnull=False, next_evaluation_on__lte=horizon)
        .exclude(reminders__due_on=F("next_evaluation_on"))
        .only("id", "network_id", "next_evaluation_on")
    )
    for trajectory in due:
        window = windows.get(trajectory.network_id, default_window)
        due_on = trajectory.next_evaluation_on
        if due_on is None or due_on > today + datetime.timedelta(days=window):
            continue
        recipients = team_emails(trajectory.pk, today)
        with transaction.atomic():
            _reminder, created = EvaluationReminder.objects.get_or_create(
                trajectory=trajectory,
                due_on=due_on,
                defaults={"sent_at": timezone.now(), "recipients": len(recipients)},
            )
        if not created:
            continue
        overdue = due_on < today
        subject = (
            _("Evaluation overdue (trajectory %(id)s)")
            if overdue
            else _("Evaluation coming up (trajectory %(id)s)")
        ) % {"id": trajectory.pk}
        body = _(
            "The next evaluation with the family is due on %(date)s. Plan it with the family "
            "and the team in Samenspel."
        ) % {"date": due_on.isoformat()}
        send_notification.call(recipients, subject, body)
        sent += 1
    return sent


@task()
def send_follow_up_reminders(today_iso: str | None = None) -> int:
    """Indicator 3.2: when a closed trajectory's follow-up check falls due, ask its last
    coordinator whether youth care started again."""
    today = datetime.date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    due = Closure.objects.filter(
        follow_up_due_on__lte=today,
        follow_up_checked_on__isnull=True,
        follow_up_reminded_at__isnull=True,
    )
    sent = 0
    for closure in due:
        coordinator = (
            CareTeamMembership.objects.coordinators()
            .filter(trajectory_id=closure.trajectory_id, professional__isnull=False)
            .order_by("-valid_from")
            .values_list("professional__user__email", flat=True)
            .first()
        )
        updated = Closure.objects.filter(pk=closure.pk, follow_up_reminded_at__isnull=True).update(
            follow_up_reminded_at=timezone.now()
        )
        if updated and coordinator:
            send_notification.call(
                [coordinator],
                _("Follow-up check due (trajectory %(id)s)") % {"id": closure.trajectory_id},
                _(
                    "Six months ago this trajectory was closed. Record in Samenspel whether "
                    "youth care started again."
                ),
            )
            sent += 1
    return sent


@task()
def send_consent_renewal_tasks(today_iso: str | None = None) -> int:
    """Consent that a child's birthday (12, 16) will end: the coordinator's task to ask again
    (access/renewal.py)."""
    from samenspel.access.renewal import create_renewal_tasks

    today = datetime.date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    return create_renewal_tasks(today)


@task()
def run_daily(today_iso: str | None = None) -> dict[str, int]:
    return {
        "evaluation_reminders": send_evaluation_reminders.call(today_iso),
        "follow_up_reminders": send_follow_up_reminders.call(today_iso),
        "consent_renewals": send_consent_renewal_tasks.call(today_iso),
    }
