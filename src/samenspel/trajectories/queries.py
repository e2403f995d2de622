"""Reads for dashboards and the timeline: typed functions returning plain data, each with a
fixed number of queries however much data there is (pinned in tests)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samenspel.access.policy import visible_team_places
from samenspel.trajectories.matching import HOURS_PER_FAMILY
from samenspel.trajectories.models import (
    CareTeamMembership,
    DirectRequest,
    Handover,
    Meeting,
    MeetingKind,
    Observation,
    Phase,
    Trajectory,
)

if TYPE_CHECKING:
    from samenspel.accounts.models import User

PAGE_SIZE = 25


@dataclass
class MyFamily:
    trajectory: Trajectory
    role: str
    open_actions_due: int
    recent_changes: int


class CountedPlaces(Sequence[CareTeamMembership]):
    """A queryset whose length is known already: the paginator counts without a query."""

    def __init__(self, queryset: QuerySet[CareTeamMembership], total: int) -> None:
        self.queryset = queryset
        self.total = total

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, index: int) -> CareTeamMembership: ...
    @overload
    def __getitem__(self, index: slice) -> list[CareTeamMembership]: ...
    def __getitem__(self, index: int | slice) -> CareTeamMembership | list[CareTeamMembership]:
        if isinstance(index, slice):
            return list(self.queryset[index])
        return self.queryset[index]


def my_family_places(user: User, *, today: datetime.date) -> CountedPlaces:
    """ "Mijn gezinnen": the user's places on open trajectories of families they may see,
    soonest evaluation first, with the follow-up actions due this week counted."""
    # The places are decided once, in Python, so the page and its count do not each run the
    # policy over every family the user could see (bench/README.md: the home page); their
    # number is known then, so the pager needs no COUNT query either.
    places = visible_team_places(user, on=today)
    return CountedPlaces(
        CareTeamMembership.objects.filter(pk__in=places)
        .select_related("trajectory__family")
        .annotate(
            due=Count(
                "trajectory__meetings__follow_ups",
                filter=Q(
                    trajectory__meetings__follow_ups__done=False,
                    trajectory__meetings__follow_ups__due_on__lte=today
                    + datetime.timedelta(days=7),
                ),
                distinct=True,
            ),
        )
        .order_by(F("trajectory__next_evaluation_on").asc(nulls_last=True), "trajectory_id", "id"),
        len(places),
    )


def my_families(
    places: list[CareTeamMembership], user: User, *, today: datetime.date
) -> list[MyFamily]:
    """Rows for one page of places, with the changes others made this week: one query."""
    since = today - datetime.timedelta(days=7)
    ids = [p.trajectory_id for p in places]
    changes = _changes_by_others(ids, user, since)
    plan_actions = _plan_actions_due(ids, today + datetime.timedelta(days=7))
    return [
        MyFamily(
            p.trajectory,
            p.get_role_display(),
            p.due + plan_actions.get(p.trajectory_id, 0),  # type: ignore[attr-defined]
            changes.get(p.trajectory_id, 0),
        )
        for p in places
    ]


def _plan_actions_due(ids: list[int], horizon: datetime.date) -> dict[int, int]:
    """Open actions of each family plan in force (its last agreed version) due by `horizon`:
    one grouped query. Counts only, so confidential goals reveal nothing."""
    from samenspel.plans.models import OPEN_ACTION_STATUSES, PlanAction, PlanVersion

    if not ids:
        return {}
    in_force = (
        PlanVersion.objects.filter(plan=OuterRef("version__plan"), status="agreed")
        .order_by("-number")
        .values("number")[:1]
    )
    return dict(
        PlanAction.objects.filter(
            version__plan__trajectory_id__in=ids,
            version__status="agreed",
            version__number=Subquery(in_force),
            status__in=OPEN_ACTION_STATUSES,
            due_on__lte=horizon,
        )
        .order_by()
        .values("version__plan__trajectory_id")
        .annotate(n=Count("id"))
        .values_list("version__plan__trajectory_id", "n")
    )


def _changes_by_others(ids: list[int], user: User, since: datetime.date) -> dict[int, int]:
    """Team changes, journal notes and meetings others added since `since`, per trajectory:
    one grouped count per source, the three in one query (UNION ALL)."""
    if not ids:
        return {}
    counts: dict[int, int] = {}
    sources = [
        CareTeamMembership.objects.filter(created_at__date__gte=since).exclude(created_by=user),
        Observation.objects.filter(created_at__date__gte=since).exclude(author=user),
        Meeting.objects.filter(created_at__date__gte=since).exclude(created_by=user),
    ]
    first, *others = (
        source.filter(trajectory_id__in=ids)
        .order_by()
        .values("trajectory_id")
        .annotate(n=Count("id"))
        .values_list("trajectory_id", "n")
        for source in sources
    )
    for trajectory_id, n in first.union(*others, all=True).order_by():
        counts[trajectory_id] = counts.get(trajectory_id, 0) + n
    return counts


@dataclass
class Caseload:
    name: str
    hours: float
    families: int
    absent: bool

    @property
    def load(self) -> float:
        return self.families * HOURS_PER_FAMILY

    @property
    def over(self) -> bool:
        return self.load > self.hours


def caseloads(network_id: int, *, today: datetime.date, limit: int = 50) -> list[Caseload]:
    from samenspel.network.models import Absence, NetworkAssignment

    # Counted per professional in a subquery over their open places only: joining every
    # place they ever held (twenty years of closed trajectories) and filtering inside the
    # COUNT read and sorted them all (bench/README.md: 70 ms against 14 ms at 200,000
    # families).
    open_places = (
        CareTeamMembership.objects.filter(
            professional=OuterRef("professional"),
            valid_from__lte=today,
            trajectory__closed_on__isnull=True,
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by()
        .values("professional")
        .annotate(n=Count("trajectory", distinct=True))
        .values("n")
    )
    away = Absence.objects.filter(professional=OuterRef("professional"), starts_on__lte=today)
    away = away.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    rows = (
        NetworkAssignment.objects.filter(network_id=network_id)
        .annotate(families=Coalesce(Subquery(open_places), 0), absent=Exists(away))
        .order_by("professional__user__full_name", "pk")
        # Only what a row shows (a user's name is their full name, else their e-mail).
        .values_list(
            "professional__user__full_name",
            "professional__user__email",
            "hours_per_week",
            "families",
            "absent",
        )[:limit]
    )
    return [
        Caseload(name or email, float(hours), families, bool(absent))
        for name, email, hours, families, absent in rows
    ]


@dataclass
class TimelineEntry:
    on: datetime.datetime | datetime.date
    kind: str
    text: str

    @property
    def sort_key(self) -> datetime.datetime:
        if isinstance(self.on, datetime.datetime):
            return self.on
        return datetime.datetime.combine(self.on, datetime.time.min, tzinfo=datetime.UTC)


def _meeting_kind(meeting: Meeting, for_family: bool) -> str:
    if for_family and meeting.kind == MeetingKind.MDO:
        return pgettext("to a family", "Meeting with everyone who helps")
    return meeting.get_kind_display()


def family_timeline(family_id: int, *, for_family: bool = False) -> list[TimelineEntry]:
    """Everything that happened around one family, newest first: one query per source.
    Callers check access first (the policy); sources another app owns are read when present.
    `for_family`: the family reads it, so a meeting is named in plain words (B1)."""
    entries: list[TimelineEntry] = []
    trajectories = list(Trajectory.objects.filter(family_id=family_id).select_related("closure"))
    for t in trajectories:
        entries.append(
            TimelineEntry(
                t.opened_on, _("Registration"), _("Trajectory %(id)s opened") % {"id": t.pk}
            )
        )
        closure = getattr(t, "closure", None)
        if closure is not None:
            entries.append(
                TimelineEntry(closure.closed_on, _("Closure"), closure.get_reason_display())
            )
    members = CareTeamMembership.objects.filter(trajectory__family_id=family_id).select_related(
        "professional__user"
    )
    entries.extend(
        TimelineEntry(
            m.valid_from,
            _("Team"),
            _("%(name)s joined as %(role)s")
            % {"name": m.display_name, "role": m.get_role_display()},
        )
        for m in members
    )
    entries.extend(
        TimelineEntry(
            meeting.starts_at,
            _("Meeting"),
            (_("%(kind)s held") if meeting.held else _("%(kind)s planned"))
            % {"kind": _meeting_kind(meeting, for_family)},
        )
        for meeting in Meeting.objects.filter(trajectory__family_id=family_id)
    )
    handovers = Handover.objects.filter(trajectory__family_id=family_id).select_related(
        "from_membership__professional__user", "to_membership__professional__user"
    )
    entries.extend(
        TimelineEntry(
            h.starts_on,
            _("Handover"),
            _("%(kind)s: %(from)s to %(to)s")
            % {
                "kind": h.get_kind_display(),
                "from": h.from_membership.display_name,
                "to": h.to_membership.display_name,
            },
        )
        for h in handovers
    )
    entries += _other_app_entries(family_id)
    entries.sort(key=lambda e: e.sort_key, reverse=True)
    return entries


def _other_app_entries(family_id: int) -> list[TimelineEntry]:
    """Registrations, consents, plan versions and evaluations: one query per source, dates
    and kinds only (their content stays behind each app's own access checks)."""
    from samenspel.families.models import Consent, Registration
    from samenspel.plans.models import Evaluation, PlanVersion

    sources = [
        (
            Registration.objects.filter(family_id=family_id),
            "registered_at",
            _("Registration"),
            _("Registration received"),
        ),
        (
            Consent.objects.filter(family_id=family_id),
            "recorded_at",
            _("Consent"),
            _("Consent recorded"),
        ),
        (
            PlanVersion.objects.filter(plan__trajectory__family_id=family_id),
            "created_at",
            _("Plan"),
            _("Plan version"),
        ),
        (
            Evaluation.objects.filter(trajectory__family_id=family_id),
            "held_on",
            _("Evaluation"),
            _("Evaluation held"),
        ),
    ]
    entries: list[TimelineEntry] = []
    for queryset, date_field, kind, text in sources:
        dates = queryset.order_by("-" + date_field).values_list(date_field, flat=True)[:200]
        entries.extend(TimelineEntry(day, kind, text) for day in dates)
    return entries


def network_counts(network_id: int, *, today: datetime.date) -> dict:
    per_phase = dict(
        Trajectory.objects.filter(network_id=network_id)
        .values_list("phase")
        .annotate(n=Count("*"))  # index-only on (network, phase)
        .values_list("phase", "n")
    )
    return {
        "per_phase": [(label, per_phase.get(value, 0)) for value, label in Phase.choices],
        "waiting": per_phase.get(Phase.REGISTRATION, 0),  # = Trajectory.waiting_for_team()
    }


def home_dashboard(user: User, *, today: datetime.date | None = None) -> dict:
    """What the home page shows a professional: requests to answer, follow-up checks due
    (indicator 3.2) and "Mijn gezinnen"."""
    from samenspel.trajectories.models import Closure, RequestStatus

    today = today or timezone.localdate()
    requests = list(
        DirectRequest.objects.filter(
            professional__user=user, status=RequestStatus.PENDING
        ).select_related("requested_by")[:10]
    )
    last_coordinated = (
        CareTeamMembership.objects.coordinators()
        .filter(trajectory_id=OuterRef("trajectory_id"))
        .order_by("-valid_from")
        .values("professional__user_id")[:1]
    )
    # Only trajectories this user ever coordinated can have them as last coordinator: start
    # there, not from every unchecked closure in the country (15 ms at 1,000,000 families).
    coordinated = (
        CareTeamMembership.objects.coordinators()
        .filter(professional__user=user)
        .values("trajectory_id")
    )
    follow_ups = list(
        Closure.objects.filter(
            follow_up_due_on__lte=today,
            follow_up_checked_on__isnull=True,
            trajectory_id__in=coordinated,
        )
        .annotate(last=Subquery(last_coordinated))
        .filter(last=user.pk)
        .order_by("follow_up_due_on")[:10]
    )
    return {
        "requests": requests,
        "follow_ups": follow_ups,
        "places": my_family_places(user, today=today),
        "today": today,
    }


def absent_until(
    professional_ids: Sequence[int | None], on: datetime.date
) -> dict[int, datetime.date | None]:
    """Who of these professionals is absent on `on`, and until when (None: open-ended);
    one query. Team tables mark them, and pickers offer them only with the warning
    "afwezig tot en met …"."""
    from samenspel.network.models import Absence

    ids = [pk for pk in professional_ids if pk is not None]
    if not ids:
        return {}
    result: dict[int, datetime.date | None] = {}
    for professional_id, ends_on in (
        Absence.objects.filter(professional_id__in=ids, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .order_by("starts_on")
        .values_list("professional_id", "ends_on")
    ):
        current = result.get(professional_id, on)
        # Open-ended wins; else the latest end of overlapping absences.
        result[professional_id] = (
            None if ends_on is None or current is None else max(ends_on, current)
        )
    return result


def absence_label(until: datetime.date | None) -> str:
    from django.utils import formats

    if until is None:
        return _("absent until further notice")
    return _("absent up to and including %(date)s") % {"date": formats.date_format(until, "j F Y")}
