"""The family portal in the demo (issue 17): the parent login (ouder@, Marieke Bakker) and a
14-year-old's login (jongere@, Emir in the Yilmaz family, the judo case of seed 002), each in a
family with an open trajectory, a coordinator and an agreed plan whose goals they can answer,
so the issue's "Done when" can be played: the parent writes their view, disagrees with a
reason; Emir sees his own part and proposes "Ik wil op judo."; the coordinator sees it.

Runs after the plans step; writes only what is missing (idempotent), through the actions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from samenspel.demo.story.families import PARENT_EMAIL, PARENT_FAMILY, SOURCE_CASE_JUDO
from samenspel.demo.story.network import professionals_in
from samenspel.demo.story.trajectories import COORDINATOR_EMAIL
from samenspel.families.models import Family, FamilyMember
from samenspel.plans import actions as plan_actions
from samenspel.plans.models import Goal, InstrumentDomain, Plan
from samenspel.plans.queries import coordinator_of
from samenspel.trajectories.actions import add_team_member
from samenspel.trajectories.models import CareTeamRole, Trajectory

if TYPE_CHECKING:
    from samenspel.accounts.models import User

YOUTH_EMAIL = "jongere@demo.samenspel.nl"

# network, family, the member with the login, their login, goals (title, domain, for whom,
# what it looks like when reached).
FAMILIES = (
    (
        "beter-thuis",
        PARENT_FAMILY,
        "Marieke",
        PARENT_EMAIL,
        (
            (
                "Marieke weet waar ze staat met geld",
                "financien",
                "Marieke",
                "Alle post is open en er is een overzicht van de schulden.",
            ),
            (
                "Marieke slaapt weer goed",
                "geestelijke-gezondheid",
                "Marieke",
                "Marieke slaapt vijf nachten per week door.",
            ),
            (
                "Noah gaat met plezier naar school",
                "werk-opleiding",
                "Noah",
                "Noah vertelt thuis over school en gaat elke dag.",
            ),
        ),
    ),
    (
        "extrateam-zuilen",
        SOURCE_CASE_JUDO,
        "Emir",
        YOUTH_EMAIL,
        (
            (
                "Emir gaat elke dag naar school",
                "werk-opleiding",
                "Emir",
                "Emir is vier weken lang elke dag op school.",
            ),
            (
                "Thuis is het rustiger",
                "huiselijke-relaties",
                "",
                "Er is minder ruzie; iedereen eet samen.",
            ),
            (
                "Ayşe krijgt grip op de rekeningen",
                "financien",
                "Ayşe",
                "De vaste lasten worden elke maand betaald.",
            ),
        ),
    ),
)


def load(logins: dict[str, User]) -> None:
    domains = {
        domain.code: domain
        for domain in InstrumentDomain.objects.filter(
            version__instrument__code="zrm-2017", version__is_current=True
        )
    }
    for slug, name, given_name, email, goals in FAMILIES:
        family = Family.objects.filter(network__slug=slug, name=name).first()
        if family is None:
            continue
        member = family.members.get(given_name=given_name)
        user = logins.get(email)
        if user is not None and member.user_id != user.pk:
            member.user = user
            member.save(update_fields=["user"])
        trajectory = (
            Trajectory.objects.filter(family=family, closed_on__isnull=True).order_by("id").first()
        )
        if trajectory is None:
            continue
        coordinator = _coordinator(trajectory, slug)
        if not Plan.objects.filter(trajectory=trajectory).exists():
            _plan(trajectory, coordinator, goals, domains)
        _offer_two(trajectory, coordinator)


def _offer_two(trajectory: Trajectory, coordinator: User) -> None:
    """Two professionals proposed to the family ("Wie gaat je helpen?"), the best two of the
    team page's proposals, so the family can state a preference (keuzevrijheid)."""
    from samenspel.portal.actions.choice import offer_professional
    from samenspel.portal.models import ProfessionalOffer
    from samenspel.trajectories import matching

    if ProfessionalOffer.objects.filter(trajectory=trajectory).exists():
        return
    for proposal in matching.rank(matching.criteria_for(trajectory), limit=2):
        offer_professional(trajectory, proposal=proposal, actor=coordinator)


def _coordinator(trajectory: Trajectory, slug: str) -> User:
    place = coordinator_of(trajectory)
    if place is not None and place.professional is not None:
        return place.professional.user
    people = professionals_in(slug)
    professional = next((p for p in people if p.user.email == COORDINATOR_EMAIL), people[0])
    add_team_member(
        trajectory,
        actor=professional.user,
        role=CareTeamRole.COORDINATOR,
        professional=professional,
        organisation_id=professional.home_organisation_id,
        valid_from=timezone.localdate(),
    )
    return professional.user


def _plan(
    trajectory: Trajectory,
    coordinator: User,
    goals: tuple[tuple[str, str, str, str], ...],
    domains: dict[str, InstrumentDomain],
) -> None:
    version = plan_actions.start_plan(trajectory, actor=coordinator)
    members = {m.given_name: m for m in FamilyMember.objects.filter(family=trajectory.family)}
    for title, code, whom, reached in goals:
        goal = Goal.objects.create(
            version=version,
            title=title,
            domain=domains[code],
            level_minus_1="Zoals het nu gaat.",
            level_0=reached,
            changed_by=coordinator,
        )
        if whom:
            goal.members.set([members[whom]])
    plan_actions.agree_version(version, actor=coordinator, agreed_on=timezone.localdate())
