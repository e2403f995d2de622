"""Demo time, tariffs and profiles: the demo professionals have booked last week's direct and
indirect time, every demo organisation has an hourly rate, and every trajectory past team
composition has its profile, so "Mijn tijd" and the figures have something to show.

Deterministic (fixed minutes, dates relative to today) and idempotent: an entry that exists
for the same professional, family, day and activity is not booked again.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samenspel.insight import actions
from samenspel.insight.models import Activity, Tariff, TimeEntry, TrajectoryProfile
from samenspel.network.models import Organisation, Professional
from samenspel.trajectories.models import CareTeamMembership, Phase, Trajectory

if TYPE_CHECKING:
    from samenspel.accounts.models import User

PROFESSIONALS = ("hulpverlener@demo.samenspel.nl", "regisseur@demo.samenspel.nl")
# A working day around one family: (activity, minutes).
DAY = (
    (Activity.FAMILY_CONTACT, 60),
    (Activity.TRAVEL, 20),
    (Activity.REPORTING, 15),
)
WEEKLY = ((Activity.CONSULTATION, 30), (Activity.REFLECTION, 45))


def load(logins: dict[str, User]) -> None:
    today = timezone.localdate()
    _tariffs(today)
    _profiles()
    for email in PROFESSIONALS:
        user = logins.get(email)
        professional = Professional.objects.filter(user=user).first() if user else None
        if professional is not None and user is not None:
            _week_of_time(professional, user, today)


def _tariffs(today: datetime.date) -> None:
    start = today.replace(month=1, day=1) - datetime.timedelta(days=365)
    for organisation in Organisation.objects.filter(memberships__isnull=False).distinct():
        if not Tariff.objects.filter(organisation=organisation).exists():
            Tariff.objects.create(
                organisation=organisation,
                hourly_rate=Decimal(80 + 5 * (organisation.pk % 6)),
                indirect_hourly_rate=Decimal(70 + 5 * (organisation.pk % 4)),
                valid_from=start,
            )


def _profiles() -> None:
    started = Trajectory.objects.exclude(
        phase__in=[Phase.REGISTRATION, Phase.TEAM_COMPOSITION]
    ).exclude(pk__in=TrajectoryProfile.objects.values("trajectory_id"))
    for trajectory in started.select_related("family"):
        actions.classify_trajectory(trajectory, actor=None)


def _week_of_time(professional: Professional, user: User, today: datetime.date) -> None:
    monday = today - datetime.timedelta(days=today.weekday() + 7)
    places = (
        CareTeamMembership.objects.filter(professional=professional)
        .active_on(today)
        .exclude(trajectory__phase=Phase.CLOSED)
        .select_related("trajectory__family")
        .order_by("trajectory_id")[:3]
    )
    for number, place in enumerate(places):
        for offset in range(5):
            day = monday + datetime.timedelta(days=offset)
            work: tuple[tuple[Activity, int], ...] = (
                WEEKLY if offset == 4 else DAY if (offset + number) % 2 == 0 else DAY[:1]
            )
            for activity, minutes in work:
                _book(place, professional, user, day, activity, minutes + 5 * number)


def _book(
    place: CareTeamMembership,
    professional: Professional,
    user: User,
    day: datetime.date,
    activity: str,
    minutes: int,
) -> None:
    if (
        place.valid_from > day
        or TimeEntry.objects.filter(
            professional=professional, trajectory=place.trajectory, worked_on=day, activity=activity
        ).exists()
    ):
        return
    try:
        actions.record_time(
            place.trajectory,
            professional=professional,
            worked_on=day,
            minutes=minutes,
            activity=activity,
            actor=user,
        )
    except (ValidationError, PermissionDenied):
        return  # not on the team that day, or the policy does not allow it: nothing to book
