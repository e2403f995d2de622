"""Consent across age crossings (Jeugdwet 7.3.4; Flanders from 12): a consent given for a
child stays valid only within the age band it was given in (`access.policy._age_band`).
Some weeks before the birthday that ends it, the coordinator gets a task "ask consent again"
(`ConsentRenewal`), made by the daily run and listed on their page of open renewals."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from samenspel.access.models import ConsentRenewal

if TYPE_CHECKING:
    from samenspel.accounts.models import User

# Time enough to meet the child and the parents before the birthday.
RENEWAL_NOTICE = datetime.timedelta(weeks=6)


def crossing_ages(country: str) -> tuple[int, ...]:
    return (12,) if country == "BE" else (12, 16)


def _birthday(born: datetime.date, age: int) -> datetime.date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # born on 29 February
        return born.replace(year=born.year + age, month=3, day=1)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def upcoming_crossings(on: datetime.date) -> list[tuple[int, int, datetime.date, int]]:
    """(consent id, member id, birthday, age) for every active team-collaboration consent
    about a child whose 12th (or, in the Netherlands, 16th) birthday falls from `on` up to
    `RENEWAL_NOTICE` ahead, after the consent was given."""
    from samenspel.families.models import Consent, MemberRole, Purpose

    horizon = on + RENEWAL_NOTICE
    born = Q()
    for age in (12, 16):
        born |= Q(
            familymember__date_of_birth__gt=_years_before(on, age) - datetime.timedelta(days=1),
            familymember__date_of_birth__lte=_years_before(horizon, age),
        )
    rows = (
        Consent.about.through.objects.filter(
            born,
            familymember__role=MemberRole.CHILD,
            consent__in=Consent.objects.active_on(on).filter(purpose=Purpose.TEAM_COLLABORATION),
        )
        .values_list(
            "consent_id",
            "familymember_id",
            "familymember__date_of_birth",
            "consent__valid_from",
            "consent__family__network__country",
        )
        .order_by("consent_id", "familymember_id")
    )
    found = []
    for consent_id, member_id, dob, given_on, country in rows:
        if dob is None:
            continue
        for age in crossing_ages(country):
            day = _birthday(dob, age)
            if on <= day <= horizon and day > given_on:
                found.append((consent_id, member_id, day, age))
    return found


def create_renewal_tasks(on: datetime.date) -> int:
    """Make the tasks for the crossings coming up (idempotent) and tell each family's
    coordinators by mail, without family details. Returns how many tasks were made."""
    from samenspel.trajectories.models import CareTeamMembership
    from samenspel.trajectories.tasks import notify_in_language

    made = 0
    for consent_id, member_id, day, age in upcoming_crossings(on):
        with transaction.atomic():
            task, created = ConsentRenewal.objects.get_or_create(
                consent_id=consent_id, member_id=member_id, crossing_on=day, defaults={"age": age}
            )
            if not created:
                continue
            recipients = dict(
                CareTeamMembership.objects.active_on(on)
                .coordinators()
                .filter(
                    trajectory__family__consents=consent_id,
                    trajectory__closed_on__isnull=True,
                    professional__isnull=False,
                )
                .values_list("professional__user__email", "professional__user__language")
            )
            ConsentRenewal.objects.filter(pk=task.pk).update(notified=len(recipients))
        made += 1
        notify_in_language(recipients, *_renewal_texts(task.consent.family_id, day))
    return made


def _renewal_texts(
    family_id: int, day: datetime.date
) -> tuple[Callable[[], str], Callable[[], str]]:
    """Subject and body, written when called (inside each recipient's language)."""
    from samenspel.trajectories.tasks import local_date

    def subject() -> str:
        return _("Ask consent again (file %(id)s)") % {"id": family_id}

    def body() -> str:
        return _(
            "A child in this family reaches a new age on %(date)s: from then on the old "
            "consent no longer counts. Ask the family for consent again in Samenspel."
        ) % {"date": local_date(day)}

    return subject, body


def open_renewals(user: User, *, on: datetime.date) -> QuerySet[ConsentRenewal]:
    """The tasks of the families whose care team this user coordinates (so the file is open
    to them on the care-team ground) that no consent from the birthday on has answered."""
    from samenspel.families.models import Consent, Purpose
    from samenspel.trajectories.models import CareTeamMembership

    coordinated = (
        CareTeamMembership.objects.active_on(on)
        .coordinators()
        .filter(professional__user=user, trajectory__closed_on__isnull=True)
        .values("trajectory__family_id")
    )
    renewed = Consent.objects.filter(
        family_id=OuterRef("consent__family_id"),
        about=OuterRef("member_id"),
        purpose=Purpose.TEAM_COLLABORATION,
        valid_from__gte=OuterRef("crossing_on"),
        withdrawn_at__isnull=True,
    )
    return (
        ConsentRenewal.objects.filter(consent__family_id__in=coordinated)
        .exclude(Exists(renewed))
        .select_related("consent__family", "member")
    )
