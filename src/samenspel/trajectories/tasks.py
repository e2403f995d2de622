"""Background work: notifications and the daily reminder run (django.tasks).

Schedule `run_daily` once a day (cron or a systemd timer: `samenspel manage
send_trajectory_reminders`); it is idempotent, so running it twice sends nothing twice."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samenspel.trajectories.models import (
    CareTeamMembership,
    Closure,
    EvaluationReminder,
    ReminderStage,
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


def _recipients(trajectory_id: int, on: datetime.date, *, coordinator_only: bool) -> dict[str, str]:
    """E-mail address → language of the active care team (or only its coordinator)."""
    team = CareTeamMembership.objects.active_on(on).filter(
        trajectory_id=trajectory_id, professional__isnull=False
    )
    if coordinator_only:
        team = team.coordinators()
    return dict(team.values_list("professional__user__email", "professional__user__language"))


def in_languages(
    recipients: dict[str, str], subject: Callable[[], str], body: Callable[[], str]
) -> list[tuple[list[str], str, str]]:
    """(addresses, subject, body) per language: each written in its recipients' language
    (User.language; the site's language for an address without one). `subject` and `body`
    are called inside that language, so their words and dates are in it too."""
    by_language: dict[str, list[str]] = {}
    for email, language in sorted(recipients.items()):
        by_language.setdefault(language or settings.LANGUAGE_CODE, []).append(email)
    mails = []
    for language, emails in sorted(by_language.items()):
        with translation.override(language):
            mails.append((emails, subject(), body()))
    return mails


def notify_in_language(
    recipients: dict[str, str], subject: Callable[[], str], body: Callable[[], str]
) -> None:
    """One mail per language, each written in its recipients' language (User.language)."""
    for emails, subject_text, body_text in in_languages(recipients, subject, body):
        send_notification.call(emails, subject_text, body_text)


def local_date(day: datetime.date) -> str:
    """A date as the active language writes it ("16 mei 2026")."""
    return formats.date_format(day, "j F Y")


def _stages(due_on: datetime.date, today: datetime.date, window: int) -> list[tuple[str, int]]:
    """The reminders an evaluation date asks for today: (stage, week)."""
    if due_on >= today:
        if due_on <= today + datetime.timedelta(days=window):
            return [(ReminderStage.COMING, 0)]
        return []
    stages: list[tuple[str, int]] = [(ReminderStage.OVERDUE, 0)]
    weeks = (today - due_on).days // 7
    if weeks >= 1:
        stages.append((ReminderStage.ESCALATED, weeks))
    return stages


@task()
def send_evaluation_reminders(today_iso: str | None = None) -> int:
    """Remind each team whose next evaluation falls within its network's reminder window
    ("komt eraan"); tell the team when the date has passed ("te laat"); then remind the
    coordinator every week while it stays overdue. One row per date, stage and week, so
    repeated runs send nothing twice. Each mail is written in its recipient's language."""
    today = datetime.date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    windows = {s.network_id: s.reminder_days_before for s in TrajectorySettings.objects.all()}
    default_window = TrajectorySettings().reminder_days_before
    horizon = today + datetime.timedelta(days=max([default_window, *windows.values()]))
    due = list(
        Trajectory.objects.open()
        .filter(next_evaluation_on__isnull=False, next_evaluation_on__lte=horizon)
        .only("id", "network_id", "next_evaluation_on")
    )
    done = set(
        EvaluationReminder.objects.filter(trajectory__in=due).values_list(
            "trajectory_id", "due_on", "stage", "week"
        )
    )
    sent = 0
    for trajectory in due:
        due_on = trajectory.next_evaluation_on
        if due_on is None:  # filtered out above; for the type checker
            continue
        window = windows.get(trajectory.network_id, default_window)
        for stage, week in _stages(due_on, today, window):
            if (trajectory.pk, due_on, stage, week) in done:
                continue
            recipients = _recipients(
                trajectory.pk, today, coordinator_only=stage == ReminderStage.ESCALATED
            )
            with transaction.atomic():
                _reminder, created = EvaluationReminder.objects.get_or_create(
                    trajectory=trajectory,
                    due_on=due_on,
                    stage=stage,
                    week=week,
                    defaults={"sent_at": timezone.now(), "recipients": len(recipients)},
                )
            if not created:
                continue
            notify_in_language(
                recipients,
                *_reminder_text(trajectory.pk, due_on, stage, week),
            )
            sent += 1
    return sent


def _reminder_text(
    trajectory_id: int, due_on: datetime.date, stage: str, week: int
) -> tuple[Callable[[], str], Callable[[], str]]:
    """Subject and body, translated when called (inside the recipient's language). No
    family details: the reader follows the link and logs in."""

    def date() -> str:
        return local_date(due_on)

    def subject() -> str:
        if stage == ReminderStage.COMING:
            return _("Evaluation coming up (trajectory %(id)s)") % {"id": trajectory_id}
        if stage == ReminderStage.OVERDUE:
            return _("Evaluation overdue (trajectory %(id)s)") % {"id": trajectory_id}
        return ngettext(
            "Evaluation %(weeks)s week overdue (trajectory %(id)s)",
            "Evaluation %(weeks)s weeks overdue (trajectory %(id)s)",
            week,
        ) % {"weeks": week, "id": trajectory_id}

    def body() -> str:
        if stage == ReminderStage.COMING:
            return _(
                "The next evaluation with the family is due on %(date)s. Plan it with the "
                "family and the team in Samenspel."
            ) % {"date": date()}
        if stage == ReminderStage.OVERDUE:
            return _(
                "The evaluation with the family was due on %(date)s and has not been recorded. "
                "Plan it with the family and the team in Samenspel."
            ) % {"date": date()}
        return _(
            "As the coordinator: the evaluation due on %(date)s is still not recorded. You "
            "will hear again every week until it is."
        ) % {"date": date()}

    return subject, body


def _follow_up_texts(trajectory_id: int) -> tuple[Callable[[], str], Callable[[], str]]:
    """Subject and body, written when called (inside the recipient's language)."""

    def subject() -> str:
        return _("Follow-up check due (trajectory %(id)s)") % {"id": trajectory_id}

    def body() -> str:
        return _(
            "Six months ago this trajectory was closed. Record in Samenspel whether youth care "
            "started again."
        )

    return subject, body


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
            .values_list("professional__user__email", "professional__user__language")
            .first()
        )
        updated = Closure.objects.filter(pk=closure.pk, follow_up_reminded_at__isnull=True).update(
            follow_up_reminded_at=timezone.now()
        )
        if updated and coordinator:
            notify_in_language(dict([coordinator]), *_follow_up_texts(closure.trajectory_id))
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
