"""The persona matrix (STYLE.md): one family with a care team, and one person for every
role and relation the access policy distinguishes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from samenspel.accounts.models import Role, RoleGrant
from samenspel.families.models import Family, MemberRole, Registration
from samenspel.trajectories.models import CareTeamRole, Phase
from tests.factories import (
    FamilyFactory,
    FamilyMemberFactory,
    OrganisationFactory,
    TrajectoryFactory,
    add_consent,
    add_to_network,
    add_to_team,
    make_professional,
    make_user,
)


@dataclass
class World:
    family: Family
    registration: Registration
    users: dict[str, object]


def build_world() -> World:
    family = FamilyFactory(name="Bakker", postcode="2711 AB")
    network = family.network
    parent_user = make_user(Role.FAMILY_MEMBER)
    FamilyMemberFactory(
        family=family,
        role=MemberRole.PARENT,
        user=parent_user,
        date_of_birth=datetime.date(1985, 1, 1),
    )
    FamilyMemberFactory(family=family, date_of_birth=datetime.date(2013, 6, 1))
    trajectory = TrajectoryFactory(family=family, phase=Phase.WALK_ALONG)
    registration = Registration.objects.create(
        family=family,
        network=network,
        trajectory=trajectory,
        referrer_kind="school",
        safety_status="concerns",
        safety_notes="Zorgen over schoolverzuim",
    )
    youth_care = OrganisationFactory(name="Jeugdhulp A")
    add_to_network(youth_care, network)
    coordinator = make_professional(organisation=youth_care, network=network)
    RoleGrant.objects.create(user=coordinator.user, role=Role.COORDINATOR, network=network)
    colleague = make_professional(organisation=youth_care, network=network)
    add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
    add_to_team(trajectory, colleague, CareTeamRole.WALK_ALONG)

    users: dict[str, object] = {"coordinator": coordinator.user, "own_organisation": colleague.user}
    for name in ("with_consent", "without_consent", "withdrawn_consent", "expired_consent"):
        other = OrganisationFactory()
        add_to_network(other, network)
        professional = make_professional(organisation=other, network=network)
        add_to_team(trajectory, professional)
        users[name] = professional.user
        if name == "with_consent":
            add_consent(family, other)
        elif name == "withdrawn_consent":
            add_consent(family, other, withdrawn_at=timezone.now(), withdrawn_by="moeder")
        elif name == "expired_consent":
            add_consent(family, other, valid_until=datetime.date(2021, 1, 1))
    users["non_member"] = make_professional(organisation=youth_care, network=network).user
    network_coordinator = make_professional(network=network, roles=(Role.PROFESSIONAL,))
    RoleGrant.objects.create(user=network_coordinator.user, role=Role.COORDINATOR, network=network)
    users["network_coordinator"] = network_coordinator.user
    users["policy_adviser"] = make_user(Role.POLICY_ADVISER)
    users["security_officer"] = make_user(Role.SECURITY_OFFICER)
    users["family_member"] = parent_user
    # Another family in the same network, on nobody's team here: must never show up.
    TrajectoryFactory(family=FamilyFactory(network=network, name="Anders"))
    return World(family=family, registration=registration, users=users)


# The widened matrix (test_url_matrix.py): one family with given names found nowhere else,
# a safety note, a goal about the mother, a meeting, and a persona for every ground and every
# consent state (none, partial categories, withdrawn, expired, child turned 12).
WIDE_NAMES = {"mother": "Zoëlla", "child": "Quirijn", "sister": "Fenneke", "eleven": "Ottelien"}
WIDE_SAFETY = "Melding huiselijk geweld bij Veilig Thuis"
WIDE_GOAL = "Schulden van het huishouden geregeld"


@dataclass
class WideWorld:
    family: Family
    kwargs: dict[str, int | str]
    users: dict[str, object]
    members: dict[str, object]


def build_wide_world(today: datetime.date) -> WideWorld:
    from samenspel.access.actions import open_break_glass
    from samenspel.families.models import (
        Consent,
        DataCategory,
        InformalNetworkContact,
        MemberRelation,
    )
    from samenspel.plans.actions import start_plan
    from samenspel.plans.models import Goal, InstrumentDomain
    from samenspel.trajectories.actions import plan_meeting

    family = FamilyFactory(name="Wielinga", address="Kastanjelaan 9")
    network = family.network

    def years_ago(years: int, days: int = 0) -> datetime.date:
        return today.replace(year=today.year - years) - datetime.timedelta(days=days)

    mother_user, youth_user, eleven_user = (make_user(Role.FAMILY_MEMBER) for _ in range(3))
    mother = FamilyMemberFactory(
        family=family,
        given_name=WIDE_NAMES["mother"],
        role=MemberRole.PARENT,
        date_of_birth=years_ago(40),
        user=mother_user,
    )
    child = FamilyMemberFactory(
        family=family, given_name=WIDE_NAMES["child"], date_of_birth=years_ago(13), user=youth_user
    )
    sister = FamilyMemberFactory(
        family=family, given_name=WIDE_NAMES["sister"], date_of_birth=years_ago(12, days=20)
    )
    eleven = FamilyMemberFactory(
        family=family,
        given_name=WIDE_NAMES["eleven"],
        date_of_birth=years_ago(11),
        user=eleven_user,
    )
    relation = MemberRelation.objects.create(
        member=mother, kind="parent_of", other=child, parental_authority=True
    )
    for other in (sister, eleven):
        MemberRelation.objects.create(
            member=mother, kind="parent_of", other=other, parental_authority=True
        )
    contact = InformalNetworkContact.objects.create(
        family=family, name="Buurvrouw Trees", relation="neighbour"
    )
    trajectory = TrajectoryFactory(family=family, phase=Phase.WALK_ALONG)
    registration = Registration.objects.create(
        family=family,
        network=network,
        trajectory=trajectory,
        referrer_kind="school",
        safety_status="concerns",
        safety_notes=WIDE_SAFETY,
    )
    youth_care = OrganisationFactory(name="Jeugdhulp Wielinga")
    add_to_network(youth_care, network)
    coordinator = make_professional(organisation=youth_care, network=network)
    RoleGrant.objects.create(user=coordinator.user, role=Role.COORDINATOR, network=network)
    colleague = make_professional(organisation=youth_care, network=network)
    place = add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
    add_to_team(trajectory, colleague, CareTeamRole.WALK_ALONG)
    version = start_plan(trajectory, actor=coordinator.user)
    domain = InstrumentDomain.objects.filter(code="financien").first()
    goal = Goal.objects.create(
        version=version, title=WIDE_GOAL, domain=domain, level_0="Een betalingsregeling loopt"
    )
    goal.members.set([mother])
    meeting = plan_meeting(
        trajectory,
        kind="mdo",
        starts_at=timezone.make_aware(datetime.datetime.combine(today, datetime.time(14))),
        actor=coordinator.user,
        professionals=[coordinator, colleague],
        family_members=[mother],
    )

    users: dict[str, object] = {"coordinator": coordinator.user, "own_organisation": colleague.user}
    all_but_safety = [c for c in DataCategory.values if c != DataCategory.SAFETY]
    states = {
        "consent_full": {"data_categories": all_but_safety},
        "consent_partial": {
            "data_categories": [DataCategory.PERSONAL, DataCategory.HELP_QUESTIONS],
            "about": [child],
        },
        "consent_none": None,
        "consent_withdrawn": {"withdrawn_at": timezone.now(), "withdrawn_by": "moeder"},
        "consent_expired": {"valid_from": years_ago(2), "valid_until": years_ago(1)},
        # Given for the sister when she was 11; she turned 12 twenty days ago.
        "consent_turned_12": {"valid_from": years_ago(1), "about": [sister]},
    }
    consent = None
    for name, state in states.items():
        organisation = OrganisationFactory()
        add_to_network(organisation, network)
        professional = make_professional(organisation=organisation, network=network)
        add_to_team(trajectory, professional)
        users[name] = professional.user
        if state is not None:
            state = dict(state)
            about = state.pop("about", None)
            made = add_consent(family, organisation, **state)
            if about is not None:
                made.about.set(about)
            consent = consent or made
    users["non_member"] = make_professional(organisation=youth_care, network=network).user
    network_coordinator = make_professional(network=network, roles=(Role.PROFESSIONAL,))
    RoleGrant.objects.create(user=network_coordinator.user, role=Role.COORDINATOR, network=network)
    users["network_coordinator"] = network_coordinator.user
    emergency = make_professional(network=network)
    access = open_break_glass(
        family, actor=emergency.user, reason="Acute zorg, regisseur onbereikbaar"
    )
    users["emergency"] = emergency.user
    users["policy_adviser"] = make_user(Role.POLICY_ADVISER)
    users["security_officer"] = make_user(Role.SECURITY_OFFICER)
    users["parent_with_authority"] = mother_user
    users["youth_13"] = youth_user
    users["youth_11"] = eleven_user
    TrajectoryFactory(family=FamilyFactory(network=network, name="Anders"))
    assert consent is not None and Consent.objects.filter(family=family).count() == 5
    from samenspel.portal.models import GoalProposal

    proposal = GoalProposal.objects.create(
        trajectory=trajectory, member=mother, words="Ik wil weer rust", proposed_by=mother_user
    )
    from samenspel.portal.models import FamilyChoice, FamilyView, ProfessionalOffer

    # The family's response to the plan (shown on the meeting page) and a choice between
    # proposed professionals (the team page): the mother's words carry her name.
    FamilyView.objects.create(
        version=version, member=mother, words="Wij willen rust", stance="agree"
    )
    offer = ProfessionalOffer.objects.create(
        trajectory=trajectory, professional=coordinator, score=4.0
    )
    FamilyChoice.objects.create(
        trajectory=trajectory, member=mother, offer=offer, reason="Zij kent ons"
    )
    kwargs: dict[str, int | str] = {
        "family_id": family.pk,
        "pk": trajectory.pk,
        "trajectory_id": trajectory.pk,
        "meeting_id": meeting.pk,
        "registration_id": registration.pk,
        "member_id": mother.pk,
        "relation_id": relation.pk,
        "contact_id": contact.pk,
        "consent_id": consent.pk,
        "membership_id": place.pk,
        "access_id": access.pk,
        "number": version.number,
        "vid": version.number,
        "kind": "goal",
        "item_id": goal.pk,
        "request_id": 0,
        "absence_id": 0,
        "proposal_id": proposal.pk,
        "draft_id": 0,
        "offer_id": offer.pk,
    }
    members = {"mother": mother, "child": child, "sister": sister, "eleven": eleven}
    return WideWorld(family=family, kwargs=kwargs, users=users, members=members)
