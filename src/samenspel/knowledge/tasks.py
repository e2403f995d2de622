"""The weekly digest (django.tasks): what changed in the themes a person follows and the
learning networks they are in, the past seven days. Schedule `send_weekly_digest` once a week
(`samenspel manage send_knowledge_digest`, from cron or a systemd timer). One mail per person
and week (a unique row in the outbox), so running it twice sends nothing twice; a person whose
preference is "never" gets none."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from samenspel import audit
from samenspel.accounts.models import User
from samenspel.audit.models import EventType
from samenspel.knowledge.models import (
    DigestFrequency,
    DigestMail,
    Lesson,
    Membership,
    NotificationPreference,
    ProgressUpdate,
    ThemeSubscription,
)


def recipients() -> list[int]:
    """Everyone who follows a theme or is in a learning network, minus who said "never"."""
    following = ThemeSubscription.objects.values_list("user_id", flat=True)
    members = Membership.objects.filter(left_on__isnull=True).values_list("user_id", flat=True)
    declined = NotificationPreference.objects.filter(digest=DigestFrequency.NEVER).values("user_id")
    return list(
        User.objects.filter(Q(pk__in=following) | Q(pk__in=members), is_active=True)
        .exclude(pk__in=declined)
        .values_list("pk", flat=True)
    )


def digest_for(user: User, now: datetime.datetime) -> tuple[list[ProgressUpdate], list[Lesson]]:
    since = now - datetime.timedelta(days=7)
    themes = ThemeSubscription.objects.filter(user=user).values("theme_id")
    mine = Membership.objects.filter(user=user, left_on__isnull=True).values("learning_network_id")
    relevant = Q(learning_network__theme_id__in=themes) | Q(learning_network_id__in=mine)
    window = Q(created_at__gte=since, created_at__lte=now)
    updates = ProgressUpdate.objects.visible_to(user).filter(relevant & window)
    lessons = Lesson.objects.visible_to(user).filter(relevant & window)
    related = ("learning_network__theme",)
    return list(updates.select_related(*related)[:50]), list(lessons.select_related(*related)[:20])


def send_digest(user: User, *, actor: User | None, now: datetime.datetime) -> DigestMail | None:
    """This week's digest for one person, if they want it, have news, and had none yet."""
    preference = NotificationPreference.objects.filter(user=user).first()
    if preference is not None and preference.digest == DigestFrequency.NEVER:
        return None
    week_of = timezone.localdate(now) - datetime.timedelta(days=timezone.localdate(now).weekday())
    if DigestMail.objects.filter(recipient=user, week_of=week_of).exists():
        return None
    updates, lessons = digest_for(user, now)
    if not updates and not lessons:
        return None
    with override(user.language or settings.LANGUAGE_CODE):  # the reader's own language
        subject = _("Knowledge hub: what changed this week")
        lines = [_("What your learning networks and themes shared the past seven days."), ""]
        lines += [
            f"- [{update.learning_network.theme}] {update.title} · {update.byline}"
            for update in updates
        ]
        if lessons:
            lines += ["", _("New lessons learned:")]
        lines += [
            f"- {lesson.title} ({reverse('knowledge:lesson', args=[lesson.pk])})"
            for lesson in lessons
        ]
        lines += ["", _("Change how often you get this mail under Knowledge hub, My digests.")]
    body = "\n".join(lines)
    try:
        with transaction.atomic():
            mail = DigestMail.objects.create(
                recipient=user,
                week_of=week_of,
                subject=subject,
                body=body,
                items=len(updates) + len(lessons),
            )
            audit.record(
                EventType.CREATE,
                "knowledge.digest.send",
                actor=actor,
                obj=mail,
                purpose="knowledge hub",
                user_label="" if actor else "system",
            )
    except IntegrityError:
        return None  # another run sent this week's mail in the meantime
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return mail


@task()
def send_weekly_digest(user_id: int | None = None) -> int:
    """Every recipient's digest, or (from the outbox's button) one person's."""
    now = timezone.now()
    ids = [user_id] if user_id is not None else recipients()
    sent = 0
    for user in User.objects.filter(pk__in=ids, is_active=True):
        actor = user if user_id is not None else None
        if send_digest(user, actor=actor, now=now) is not None:
            sent += 1
    return sent
