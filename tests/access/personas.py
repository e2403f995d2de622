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
