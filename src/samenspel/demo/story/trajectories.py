"""Demo trajectories: the demo families spread over every phase of DOMAIN.md §4.

Registrations waiting for a team, teams being composed from the proposals, walk-alongs in
progress with journal notes, an MDO held yesterday, trajectories in the plan and execution
phases (one with an overdue evaluation), a temporary cover running and closed trajectories
with their Jeugdwet indicators (one whose follow-up check is due). The demo coordinator
(regisseur@) and professional (hulpverlener@) are on several teams.

Deterministic (families in a fixed order, scenario by position, dates relative to today) and
idempotent: only trajectories still in registration without a team are taken up. Written
through `trajectories.actions`; dates in the past are set afterwards, as a demo only can.
Runs after the network and families steps; the plans step after it writes the plans.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from samenspel.network.models import Absence, Expertise, Professional
from samenspel.trajectories import actions, matching
from samenspel.trajectories.models import (
    CareTeamMembership,
    CareTeamRole,
    ClosureReason,
    MeetingKind,
    ObservationKind,
    Phase,
    Selection,
    Trajectory,
)

if TYPE_CHECKING:
    from samenspel.accounts.models import User
    from samenspel.families.models import Family, FamilyMember

COORDINATOR_EMAIL = "regisseur@demo.samenspel.nl"
PROFESSIONAL_EMAIL = "hulpverlener@demo.samenspel.nl"
SCHOOL_EMAIL = "school@demo.samenspel.nl"
WAITING, COMPOSING, WALKING, WALKING_LATE, MDO_HELD, PLANNING = range(6)
EXECUTING, OVERDUE, COVERED, CLOSED = range(6, 10)
SCENARIOS = 10
NEEDS = (
    ("lvb", "volwassenen-ggz"),
    ("jeugdhulp", "schuldhulp"),
    ("volwassenen-ggz", "jeugdhulp"),
    ("opvoedondersteuning", "lvb"),
)
CLOSURES = (
    ClosureReason.GOALS_REACHED,
    ClosureReason.CONTINUES_WITHOUT_HELP,
    ClosureReason.STOPPED_BY_FAMILY,
    ClosureReason.REFERRED,
)
NOTES = (
    (
        "financien",
        ObservationKind.CONCERN,
        "Stapel ongeopende post op de kast; moeder zegt dat ze er niet aan durft te beginnen.",
    ),
    (
        "opvoeding",
        ObservationKind.STRENGTH,
        "Vader leest elke avond voor; de kinderen kruipen dicht tegen hem aan.",
    ),
    (
        "werk-opleiding",
        ObservationKind.CONCERN,
        "De oudste was deze week drie dagen niet op school; niemand thuis wist ervan.",
    ),
    (
        "sociaal-netwerk",
        ObservationKind.STRENGTH,
        "Oma komt elke woensdag koken en wil graag meer doen.",
    ),
    (
        "geestelijke-gezondheid",
        ObservationKind.CONCERN,
        "Moeder slaapt slecht en piekert veel over geld.",
    ),
)


def load(logins: dict[str, User]) -> None:
    from samenspel.demo.story.families import demo_families

    today = timezone.localdate()
    families = demo_families()
    for index, family in enumerate(families):
        scenario = index % SCENARIOS
        trajectory = (
            Trajectory.objects.filter(family=family, phase=Phase.REGISTRATION)
            .order_by("id")
            .first()
        )
        if trajectory is None or scenario == WAITING or trajectory.team_memberships.exists():
            continue
        if scenario > PLANNING and _safety_concerns(family):
            # A running plan needs a safety plan first (DOMAIN.md §7); the plans step writes
            # plain plans, so these families stay before the plan is agreed.
            scenario = MDO_HELD
        _play(trajectory, family, index, scenario, today, logins)
    _partial_consent(logins, today)
    _school_contact(logins, today)


def _play(
    trajectory: Trajectory,
    family: Family,
    index: int,
    scenario: int,
    today: datetime.date,
    logins: dict[str, User],
) -> None:
    people = _people(family.network_id)
    coordinator = _coordinator(people, index, logins)
    actor = coordinator.user
    started = today - datetime.timedelta(days=_age_in_days(scenario))
    actions.add_team_member(
        trajectory,
        actor=actor,
        role=CareTeamRole.COORDINATOR,
        professional=coordinator,
        valid_from=started,
    )
    actions.move_to_phase(trajectory, Phase.TEAM_COMPOSITION, actor=actor)
    # The referrer's wíe-vraag goes out as the trajectory starts, as on the intake queue.
    actions.send_referrers_request(trajectory, actor=actor, request=None)
    needed = list(Expertise.objects.filter(code__in=NEEDS[index % len(NEEDS)]))
    actions.save_team_request(
        trajectory,
        actor=actor,
        needed_expertise=needed,
        preference_note="Liever iemand die ook 's avonds kan." if index % 3 == 0 else "",
    )
    if scenario == COMPOSING:
        return _dates(trajectory, opened=started, phase_since=started)
    walker = _walker(trajectory, coordinator, people, logins)
    actions.add_team_member(
        trajectory,
        actor=actor,
        role=CareTeamRole.WALK_ALONG,
        professional=walker,
        valid_from=started,
        selection=Selection.PROPOSAL,
        # Written by the coordinator in their own words (Flemish in Flanders).
        selection_note="Voorstel 1: vult de expertise van de "
        + ("trajectbegeleider" if family.network.country == "BE" else "regisseur")
        + " aan.",
    )
    _consent_for_team(family, actor)
    actions.move_to_phase(trajectory, Phase.WALK_ALONG, actor=actor)
    walk_start = started + datetime.timedelta(days=7)
    for day, (domain, kind, text) in enumerate(NOTES[: 2 + index % 3]):
        observed = min(walk_start + datetime.timedelta(days=3 * day + 1), today)
        actions.add_observation(
            trajectory,
            life_domain=domain,
            kind=kind,
            text=text,
            observed_on=observed,
            actor=walker.user if day % 2 else actor,
        )
    if scenario in (WALKING, WALKING_LATE):
        return _dates(
            trajectory,
            opened=started,
            phase_since=walk_start,
            walk_along_until=walk_start + datetime.timedelta(weeks=6),
        )
    actions.move_to_phase(trajectory, Phase.MDO, actor=actor)
    mdo_day = today - datetime.timedelta(days=1 if scenario == MDO_HELD else 7 * (scenario - 3))
    if scenario >= EXECUTING:
        # Running and closed help: the MDO followed the walk-along, long before the plan
        # the plans step agrees (13 weeks ago, 20 for the overdue family).
        mdo_day = walk_start + datetime.timedelta(weeks=6, days=3)
    _hold_mdo(trajectory, coordinator, walker, mdo_day)
    if scenario == MDO_HELD:
        return _dates(
            trajectory, opened=started, phase_since=walk_start + datetime.timedelta(weeks=6)
        )
    actions.move_to_phase(trajectory, Phase.PLAN, actor=actor)
    if scenario == PLANNING:
        return _dates(trajectory, opened=started, phase_since=mdo_day)
    # The plans step writes the agreed plan and its evaluations for the trajectories that
    # are running; the phase is set here because that step runs after this one.
    next_evaluation = today + datetime.timedelta(days=-5 if scenario == OVERDUE else 20)
    _dates(
        trajectory,
        opened=started,
        phase_since=mdo_day + datetime.timedelta(weeks=2),
        phase=Phase.EXECUTION,
        next_evaluation_on=next_evaluation,
    )
    if scenario == COVERED:
        _cover(trajectory, walker, people, today, actor)
    if scenario == CLOSED:
        round_ = index // SCENARIOS
        closed_on = today - datetime.timedelta(days=215 if round_ == 0 else 20 + round_)
        actions.close_trajectory(
            trajectory,
            reason=CLOSURES[round_ % len(CLOSURES)],
            actor=actor,
            on=closed_on,
            note="Afgesloten in overleg met het gezin.",
            # Early ends alternate between agreed (no drop-out) and not agreed (drop-out),
            # so both sides of indicator 1 show; the family answers question 2 most times.
            mutual_agreement=round_ >= len(CLOSURES),
            satisfaction=None if round_ % 5 == 4 else 3 + round_ % 3,
        )


# Consent limits what is shown (issue 11): the demo professional (mental health) joins the
# team of one Beter Thuis family for their own organisation, with the parents' consent about
# one child only, for personal details and school. Logged in as hulpverlener@ they see that
# child and those two categories; the other members, the safety notes, the help questions
# and the plan's household parts say "U ziet dit niet: geen toestemming".
PARTIAL_CONSENT_NOTE = "Alleen over dit kind en school."


def partial_consent_family() -> Family | None:
    from samenspel.families.models import Family

    return Family.objects.filter(consents__purpose_detail=PARTIAL_CONSENT_NOTE).first()


def _partial_consent(logins: dict[str, User], today: datetime.date) -> None:
    from samenspel.families import actions as family_actions
    from samenspel.families.models import DataCategory, MemberRole, Purpose

    user = logins.get(PROFESSIONAL_EMAIL)
    professional = Professional.objects.filter(user=user).select_related("home_organisation")
    chosen = professional.first()
    if chosen is None or chosen.home_organisation_id is None or partial_consent_family():
        return
    picked = _family_for_partial_consent(chosen)
    if picked is None:
        return
    family, trajectory, child = picked
    actor = logins.get(COORDINATOR_EMAIL) or chosen.user
    actions.add_team_member(
        trajectory,
        actor=actor,
        role=CareTeamRole.SPECIALIST,
        professional=chosen,
        valid_from=today - datetime.timedelta(days=14),
        selection_note="Gevraagd voor de zorgen over school.",
    )
    family_actions.record_consent(
        family,
        actor=actor,
        values=family_actions.ConsentValues(
            about=[child],
            given_by=list(family.members.filter(role=MemberRole.PARENT, deceased=False)),
            recipients=[chosen.home_organisation],
            purpose=Purpose.TEAM_COLLABORATION,
            purpose_detail=PARTIAL_CONSENT_NOTE,
            obtained_how="signed",
            valid_from=today - datetime.timedelta(days=14),
            data_categories=[DataCategory.PERSONAL, DataCategory.SCHOOL],
        ),
    )


# Seed 002's school (issue 12): the school's zorgcoördinator (school@) is consulted on the
# judo family's team (SOURCE_CASE_JUDO) with a consent of the family that names his school
# for Emir only, for personal details and school, and is invited to an MDO next week. Logged
# in as school@ he finds the family on his start page and sees Emir and the meeting; the
# parents, the help questions and the family's safety notes are not shown to him.
SCHOOL_CONSENT_NOTE = "Samen met school werken aan Emirs schoolgang."


def _school_contact(logins: dict[str, User], today: datetime.date) -> None:
    from samenspel.demo.story.families import SOURCE_CASE_JUDO
    from samenspel.families import actions as family_actions
    from samenspel.families.models import DataCategory, Family, MemberRole, Purpose

    user = logins.get(SCHOOL_EMAIL)
    school = Professional.objects.filter(user=user).first() if user else None
    family = Family.objects.filter(network__slug="extrateam-zuilen", name=SOURCE_CASE_JUDO).first()
    if school is None or school.home_organisation_id is None or family is None:
        return
    trajectory = family.trajectories.filter(closed_on__isnull=True).order_by("id").first()
    if trajectory is None or trajectory.team_memberships.filter(professional=school).exists():
        return
    place = (
        trajectory.team_memberships.active_on(today)
        .coordinators()
        .select_related("professional__user")
        .first()
    )
    if place is None or place.professional is None:
        return
    coordinator = place.professional
    actions.add_team_member(
        trajectory,
        actor=coordinator.user,
        role=CareTeamRole.CONSULTED,
        professional=school,
        valid_from=today - datetime.timedelta(days=3),
        selection_note="De school denkt mee: Emir mist sinds de zomer veel lessen.",
    )
    members = list(family.members.all())
    emir = next(m for m in members if m.given_name == "Emir")
    parents = [m for m in members if m.role == MemberRole.PARENT and not m.deceased]
    family_actions.record_consent(
        family,
        actor=coordinator.user,
        values=family_actions.ConsentValues(
            about=[emir],
            # The parents, and Emir himself: from 12 a child consents too (Jeugdwet 7.3.4).
            given_by=[*parents, emir],
            recipients=[school.home_organisation],
            purpose=Purpose.TEAM_COLLABORATION,
            purpose_detail=SCHOOL_CONSENT_NOTE,
            obtained_how="signed",
            valid_from=today - datetime.timedelta(days=3),
            data_categories=[DataCategory.PERSONAL, DataCategory.SCHOOL],
        ),
    )
    next_week = today + datetime.timedelta(days=7)
    actions.plan_meeting(
        trajectory,
        kind=MeetingKind.MDO,
        starts_at=timezone.make_aware(datetime.datetime.combine(next_week, datetime.time(15, 30))),
        actor=coordinator.user,
        location="Schoolgebouw Zuilen, kamer van de zorgcoördinator",
        professionals=[coordinator, school],
        family_members=[emir, *parents[:1]],
    )


def _family_for_partial_consent(
    professional: Professional,
) -> tuple[Family, Trajectory, FamilyMember] | None:
    """The first Beter Thuis family (by name) with an open trajectory that is not provided
    by the professional's organisation, where they have no place and no consent yet, with a
    parent and a child under 12 (so the parents consent alone)."""
    from samenspel.families.models import Consent, Family, MemberRole

    today = timezone.localdate()
    organisation = professional.home_organisation_id
    for family in Family.objects.filter(network__slug="beter-thuis").order_by("name", "id"):
        trajectory = family.trajectories.filter(closed_on__isnull=True).order_by("id").first()
        if (
            trajectory is None
            or trajectory.team_memberships.filter(
                Q(professional=professional)
                | Q(role=CareTeamRole.COORDINATOR, organisation_id=organisation)
            ).exists()
        ):
            continue
        if Consent.objects.filter(family=family, recipient_organisations=organisation).exists():
            continue
        members = list(family.members.all())
        parents = [m for m in members if m.role == MemberRole.PARENT]
        children = [
            m for m in members if m.role == MemberRole.CHILD and (m.age_on(today) or 99) < 12
        ]
        if parents and children and len(members) >= 3:
            return family, trajectory, children[0]
    return None


def _safety_concerns(family: Family) -> bool:
    from samenspel.families.models import Registration
    from samenspel.families.models.registration import SafetyStatus

    return (
        Registration.objects.filter(family=family)
        .exclude(safety_status=SafetyStatus.IN_ORDER)
        .exists()
    )


def _age_in_days(scenario: int) -> int:
    """How long ago the trajectory started, by how far it has come."""
    return {
        COMPOSING: 4,
        WALKING: 21,
        WALKING_LATE: 42,
        MDO_HELD: 56,
        PLANNING: 70,
        # walk-along (7 + 42 days), MDO and plan before the first agreement, which the plans
        # step dates 13 weeks ago (20 for the overdue family)
        EXECUTING: 160,
        OVERDUE: 210,
        COVERED: 165,
        CLOSED: 400,
    }[scenario]


def _people(network_id: int) -> list[Professional]:
    return list(
        Professional.objects.filter(assignments__network_id=network_id)
        .select_related("user", "home_organisation")
        .order_by("user__email")
    )


def _coordinator(people: list[Professional], index: int, logins: dict[str, User]) -> Professional:
    """In Beter Thuis the demo coordinator and professional take turns; elsewhere the
    network's professionals do."""
    demo = [p for p in people if p.user.email in (COORDINATOR_EMAIL, PROFESSIONAL_EMAIL)]
    demo.sort(key=lambda p: p.user.email != COORDINATOR_EMAIL)
    if demo:
        return demo[0] if index % 3 or len(demo) == 1 else demo[-1]
    return people[index % len(people)]


def _walker(
    trajectory: Trajectory,
    coordinator: Professional,
    people: list[Professional],
    logins: dict[str, User],
) -> Professional:
    """The best proposal, so the demo shows a team composed from the explained ranking; the
    demo professional walks along with the demo coordinator."""
    if coordinator.user.email == COORDINATOR_EMAIL:
        partner = next((p for p in people if p.user.email == PROFESSIONAL_EMAIL), None)
        if partner is not None:
            return partner
    proposals = matching.rank(matching.criteria_for(trajectory), limit=1)
    return proposals[0].professional if proposals else next(p for p in people if p != coordinator)


def _consent_for_team(family: Family, actor: User) -> None:
    """Consent to share with the network's organisations (Jeugdwet 7.3.11), unless the
    families step already gave this family its own consent story (withdrawn, expired)."""
    from samenspel.families import actions as family_actions
    from samenspel.families.models import Consent, DataCategory, MemberRole, Purpose

    if Consent.objects.filter(family=family).exists():
        return
    today = timezone.localdate()
    members = list(family.members.all())
    givers = [m for m in members if m.role == MemberRole.PARENT or (m.age_on(today) or 0) >= 12]
    if not givers:
        return
    family_actions.record_consent(
        family,
        actor=actor,
        values=family_actions.ConsentValues(
            about=members,
            given_by=givers,
            recipients=list(family.network.organisations.order_by("name")),
            purpose=Purpose.TEAM_COLLABORATION,
            obtained_how="signed",
            valid_from=today - datetime.timedelta(days=400),
            valid_until=None,
            # Everything, safety included: the team works on all of it together.
            data_categories=list(DataCategory.values),
        ),
    )


def _hold_mdo(
    trajectory: Trajectory, coordinator: Professional, walker: Professional, day: datetime.date
) -> None:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    meeting = actions.plan_meeting(
        trajectory,
        kind=MeetingKind.MDO,
        starts_at=moment,
        actor=coordinator.user,
        location="Wijkcentrum De Leyens",
        professionals=[coordinator, walker],
        family_members=list(trajectory.family.members.filter(role="parent")[:1]),
    )
    actions.add_perspective(
        meeting,
        discipline="Pedagogisch",
        actor=coordinator.user,
        text="De ouders willen het goed doen, maar missen overzicht; "
        "de kinderen merken de spanning.",
    )
    actions.add_perspective(
        meeting,
        discipline=str(walker.home_organisation),
        actor=walker.user,
        text="Veel stress door geldzorgen; dat maakt afspraken nakomen moeilijk.",
    )
    actions.record_meeting(
        meeting,
        actor=coordinator.user,
        present=list(meeting.participants.values_list("pk", flat=True)),
        integrated_analysis="De geldzorgen houden de spanning thuis in stand; eerst rust in de "
        "financiën, dan werken aan schoolgang en opvoeding.",
        decisions="Plan van aanpak maken met het gezin; schuldhulp erbij vragen.",
    )
    actions.add_follow_up(
        meeting,
        description="Schuldhulp benaderen",
        owner=str(coordinator),
        due_on=day + datetime.timedelta(days=7),
        actor=coordinator.user,
    )


def _cover(
    trajectory: Trajectory,
    walker: Professional,
    people: list[Professional],
    today: datetime.date,
    actor: User,
) -> None:
    """The walk-along professional is on leave; a colleague covers until they return."""
    starts, ends = today - datetime.timedelta(days=3), today + datetime.timedelta(days=11)
    absence = Absence.objects.filter(professional=walker, starts_on=starts).first() or (
        Absence.objects.create(
            professional=walker, kind="leave", starts_on=starts, ends_on=ends, note="Vakantie"
        )
    )
    place = CareTeamMembership.objects.get(
        trajectory=trajectory, professional=walker, role=CareTeamRole.WALK_ALONG
    )
    cover = next(
        (
            p
            for p in people
            if p.home_organisation_id == walker.home_organisation_id and p != walker
        ),
        None,
    )
    if cover is None:
        return
    actions.start_cover(
        place,
        cover=cover,
        starts_on=starts,
        ends_on=absence.ends_on or ends,
        absence=absence,
        note="Moeder belt liever 's ochtends. De afspraak met school staat op donderdag.",
        actor=actor,
    )


def _dates(trajectory: Trajectory, **fields: object) -> None:
    """Put a demo trajectory's dates in the past (the actions stamp today)."""
    opened = fields.pop("opened")
    Trajectory.objects.filter(pk=trajectory.pk).update(opened_on=opened, **fields)
