"""Demo time, tariffs and profiles: the demo professionals have booked last week's direct and
indirect time, every demo organisation has an hourly rate, and every trajectory past team
composition has its profile, so "Mijn tijd" and the figures have something to show.

"Wat werkt" and the national overview show figures only for groups of at least ten closed
trajectories in one finished quarter, and the demo's own story closes a handful. So Beter Thuis
also has an earlier cohort (`COHORT` families) that went through the same steps and closed in
the last finished quarter, with the time their organisations imported from their own time
systems: the policy adviser sees real figures for the network as a whole (and the small
profiles still hidden).

Deterministic (fixed minutes, dates relative to today) and idempotent: an entry that exists
for the same professional, family, day and activity is not booked again.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samenspel.analytics.periods import complete_quarters
from samenspel.insight import actions
from samenspel.insight.importing import TimeRow
from samenspel.insight.models import Activity, Tariff, TimeEntry, TrajectoryProfile
from samenspel.network.models import Network, Organisation, Professional
from samenspel.trajectories import actions as trajectory_actions
from samenspel.trajectories.models import (
    CareTeamMembership,
    ClosureReason,
    Phase,
    Trajectory,
)

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


COHORT = 24
COHORT_NETWORK = "beter-thuis"
# How the cohort closed: mostly goals reached, some without help, some stopped or referred on.
COHORT_REASONS = (
    ClosureReason.GOALS_REACHED,
    ClosureReason.GOALS_REACHED,
    ClosureReason.CONTINUES_WITHOUT_HELP,
    ClosureReason.GOALS_REACHED,
    ClosureReason.STOPPED_BY_FAMILY,
    ClosureReason.REFERRED,
)
# The time of one cohort trajectory, booked at its organisation: (activity, minutes, days
# before closing).
COHORT_TIME = (
    (Activity.FAMILY_CONTACT, 60, 90),
    (Activity.WALK_ALONG, 90, 80),
    (Activity.MDO, 60, 70),
    (Activity.FAMILY_CONTACT, 45, 50),
    (Activity.TRAVEL, 30, 50),
    (Activity.REPORTING, 20, 45),
    (Activity.FAMILY_CONTACT, 60, 30),
    (Activity.REFLECTION, 30, 20),
    (Activity.CONSULTATION, 30, 10),
)


def load(logins: dict[str, User]) -> None:
    today = timezone.localdate()
    _tariffs(today)
    _cohort(logins, today)
    _profiles()
    for email in PROFESSIONALS:
        user = logins.get(email)
        professional = Professional.objects.filter(user=user).first() if user else None
        if professional is not None and user is not None:
            _week_of_time(professional, user, today)
    # The nightly refresh once now: the demo (SQLite, no worker) then reads each network's
    # stored audit of the finished quarters instead of auditing every network on request.
    from samenspel.insight.tasks import refresh_insight_figures

    refresh_insight_figures.call()


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


def cohort_names() -> frozenset[str]:
    """The names of the earlier cohort's families (the same on every load)."""
    from samenspel.demo.story import families as family_story

    return frozenset(story.name for story in _cohort_stories(family_story))


def _cohort_stories(family_story: Any) -> list[Any]:
    taken = frozenset(s.name for s in family_story._generated(COHORT_NETWORK, seed=0))
    return list(family_story._generated(COHORT_NETWORK, seed=90, count=COHORT, avoid=taken))


def _cohort(logins: dict[str, User], today: datetime.date) -> None:
    """The earlier families of Beter Thuis, closed in the last finished quarter."""
    from samenspel.demo.story import families as family_story
    from samenspel.demo.story import trajectories as trajectory_story

    network = Network.objects.get(slug=COHORT_NETWORK)
    registrar = family_story._registrar(network)
    stories = _cohort_stories(family_story)
    quarter = complete_quarters(today)[-1]
    span = (quarter.last_day - quarter.first_day).days
    for index, story in enumerate(stories):
        family = family_story._family(story, network, registrar)
        trajectory = Trajectory.objects.filter(family=family).order_by("id").first()
        if trajectory is None or trajectory.phase != Phase.REGISTRATION:
            continue  # played before: the demo is idempotent
        closed_on = quarter.first_day + datetime.timedelta(days=(index * 7) % (span + 1))
        # The family's help as the story plays it, on the clock of a week after closing.
        trajectory_story._play(
            trajectory,
            family,
            index,
            trajectory_story.EXECUTING,
            closed_on + datetime.timedelta(days=7),
            logins,
        )
        trajectory.refresh_from_db()
        place = (
            CareTeamMembership.objects.filter(trajectory=trajectory, professional__isnull=False)
            .exclude(organisation__isnull=True)
            .select_related("professional__user", "organisation")
            .order_by("id")
            .first()
        )
        if place is None or place.professional is None or place.organisation is None:
            continue
        actor = place.professional.user
        if actor is None:
            continue
        reason = COHORT_REASONS[index % len(COHORT_REASONS)]
        trajectory_actions.close_trajectory(
            trajectory,
            reason=reason,
            actor=actor,
            on=closed_on,
            note="Afgesloten in overleg met het gezin.",
            mutual_agreement=index % 4 != 0,
            satisfaction=None if index % 6 == 5 else 3 + index % 3,
        )
        rows = [
            TimeRow(
                line=line,
                external_id=f"demo-cohort-{trajectory.pk}-{line}",
                professional=place.professional,
                trajectory=trajectory,
                worked_on=closed_on - datetime.timedelta(days=days_before),
                minutes=minutes + 5 * (index % 5),
                activity=activity,
            )
            for line, (activity, minutes, days_before) in enumerate(COHORT_TIME, start=1)
        ]
        actions.import_time_entries(rows, place.organisation, actor=actor)


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
