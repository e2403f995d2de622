"""Invitations and reminders for rounds (django.tasks). Mail says only that a round waits;
the person logs in to answer, and finds the round on their start page as well.

Schedule `samenspel manage send_round_reminders` once a day: it reminds, once, everyone who
has not answered a round whose deadline is near. Running it twice sends nothing twice."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.collaboration.models import Invitation, Round
from samenspel.trajectories.tasks import local_date, notify_in_language

REMIND_DAYS_BEFORE = 3


def _recipients(invitations: object) -> dict[str, str]:
    """E-mail address → language of the invited professionals."""
    return dict(
        invitations.values_list(  # type: ignore[attr-defined]
            "professional__user__email", "professional__user__language"
        )
    )


@task()
def send_round_invitations(round_id: int) -> int:
    round_ = Round.objects.select_related("network").get(pk=round_id)
    network, title, deadline = round_.network.name, round_.title, round_.deadline
    recipients = _recipients(Invitation.objects.filter(round=round_))
    notify_in_language(
        recipients,
        lambda: _("Your view on the collaboration in %(network)s") % {"network": network},
        lambda: (
            _(
                "The network coordinator of %(network)s asks for your view: %(title)s. Answer "
                "before %(deadline)s; you find the questions on your start page in Samenspel. Your "
                "answers are confidential: only averages of groups of at least three people are "
                "shown."
            )
            % {"network": network, "title": title, "deadline": local_date(deadline)}
        ),
    )
    return len(recipients)


@task()
def send_round_reminders(round_id: int, invitation_ids: list[int] | None = None) -> int:
    round_ = Round.objects.select_related("network").get(pk=round_id)
    waiting = Invitation.objects.filter(round=round_, response__isnull=True)
    if invitation_ids is not None:
        waiting = waiting.filter(pk__in=invitation_ids)
    network, title, deadline = round_.network.name, round_.title, round_.deadline
    recipients = _recipients(waiting)
    notify_in_language(
        recipients,
        lambda: _("Reminder: your view on the collaboration in %(network)s") % {"network": network},
        lambda: (
            _(
                "You have not answered yet: %(title)s. Answer before %(deadline)s; you find the "
                "questions on your start page in Samenspel."
            )
            % {"title": title, "deadline": local_date(deadline)}
        ),
    )
    return len(recipients)


@task()
def remind_due_rounds(today_iso: str | None = None) -> int:
    """Remind, once per invitation, everyone who has not answered a round that closes soon."""
    today = datetime.date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    due = Round.objects.open_on(today).filter(
        deadline__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    )
    sent = 0
    for round_ in due:
        with transaction.atomic():
            waiting = Invitation.objects.select_for_update().filter(
                round=round_, response__isnull=True, reminded_at__isnull=True
            )
            ids = list(waiting.values_list("pk", flat=True))
            Invitation.objects.filter(pk__in=ids).update(reminded_at=timezone.now())
        if ids:
            sent += send_round_reminders.call(round_.pk, ids)
    return sent


REVIEW_REMIND_DAYS_BEFORE = 5


@task()
def remind_process_reviews(today_iso: str | None = None) -> int:
    """Remind each network's coordinators, once per review date, that a process review is
    due, with the number of signals on its agenda."""
    from samenspel.accounts.models import Role, RoleGrant
    from samenspel.collaboration.agenda import review_agenda
    from samenspel.collaboration.models import ReviewRhythm

    today = datetime.date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    horizon = today + datetime.timedelta(days=REVIEW_REMIND_DAYS_BEFORE)
    sent = 0
    for rhythm in ReviewRhythm.objects.filter(next_on__lte=horizon).select_related("network"):
        with transaction.atomic():
            claimed = (
                ReviewRhythm.objects.filter(pk=rhythm.pk)
                .exclude(reminded_for=rhythm.next_on)
                .update(reminded_for=rhythm.next_on)
            )
        if not claimed:
            continue
        recipients = dict(
            RoleGrant.objects.filter(
                role=Role.NETWORK_COORDINATOR, network=rhythm.network
            ).values_list("user__email", "user__language")
        )
        signals = len(review_agenda(rhythm.network_id, today=today))
        notify_in_language(recipients, *_review_texts(rhythm.network.name, rhythm.next_on, signals))
        sent += 1
    return sent


def _review_texts(
    network: str, on: datetime.date, signals: int
) -> tuple[Callable[[], str], Callable[[], str]]:
    """Subject and body of a process review's reminder, written when called (inside each
    recipient's language)."""

    def subject() -> str:
        return _("Process review of %(network)s on %(date)s") % {
            "network": network,
            "date": local_date(on),
        }

    def body() -> str:
        return _(
            "The next process review of %(network)s is due on %(date)s. The agenda has "
            "%(count)s signals; see the collaboration page in Samenspel."
        ) % {"network": network, "date": local_date(on), "count": signals}

    return subject, body
