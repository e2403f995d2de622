"""Every page that can show a family member's name writes an access event about that family,
and only when the policy allowed it. The URLs come from the URL conf (every pattern that
carries a family, trajectory, plan, meeting, evaluation or other family-owned id, plus the
query-parameter entry points), so a new page joins this test by itself; a new kind of id in
a URL fails it until the test learns how to fill it.

The world is the demo story (every phase, plans, meetings, evaluations, a cover), with the
few rows it lacks added here. Each page is read by:
- the family's coordinator: where a member's name shows, an allowed event about the family
  was written by that request, on a ground of the policy;
- a professional of the same network outside the team, and the network's security officer:
  no member's name anywhere in any answer.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from samenspel.access.models import BreakGlassAccess
from samenspel.access.policy import DestructionGround, Ground, decide
from samenspel.accounts.models import Role, RoleGrant
from samenspel.audit.models import AccessEvent, Outcome
from samenspel.demo.loader import load_demo
from samenspel.families.models import (
    Consent,
    FamilyMember,
    InformalNetworkContact,
    MemberRelation,
    Registration,
)
from samenspel.network.models import Absence
from samenspel.plans.models import Goal, PlanVersion
from samenspel.trajectories.models import (
    CareTeamMembership,
    CareTeamRole,
    DirectRequest,
    Meeting,
    Trajectory,
)
from tests.factories import make_professional, make_user

pytestmark = pytest.mark.django_db

# URL keywords that name no family data (network pages, the directory, imports).
NOT_FAMILY_DATA = {"slug", "network_id", "question", "organisation"}
# Keyword arguments named `pk` or `kind` mean different things per app.
FAMILY_NAMESPACES = {"families", "access", "trajectories", "plans"}
# Pages that take a family by query parameter.
QUERY_ENTRY_POINTS = [("families:register", "family", "family_id")]
GROUNDS = {str(g) for g in Ground} | {str(g) for g in DestructionGround}


def _patterns(resolver: URLResolver | None = None, namespace: str = ""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            yield from _patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}", sorted(pattern.pattern.converters)


def family_urls() -> list[tuple[str, list[str]]]:
    """Every named URL whose keywords point at something of a family."""
    found = []
    for name, kwargs in _patterns():
        namespace = name.split(":")[0]
        if not kwargs or set(kwargs) <= NOT_FAMILY_DATA:
            continue
        if namespace not in FAMILY_NAMESPACES:
            continue
        found.append((name, kwargs))
    return found


class World:
    """The demo family its coordinator works with, and one of everything the URLs name."""

    def __init__(self) -> None:
        load_demo()
        coordinator_place = (
            CareTeamMembership.objects.filter(
                role=CareTeamRole.COORDINATOR,
                trajectory__closed_on__isnull=True,
                trajectory__plan__versions__isnull=False,
                trajectory__meetings__isnull=False,
                professional__user__email="regisseur@demo.samenspel.nl",
            )
            .select_related("trajectory__family__network", "professional__user")
            .order_by("trajectory_id")
            .first()
        )
        assert coordinator_place is not None, "the demo story lost its planned families"
        self.trajectory: Trajectory = coordinator_place.trajectory
        self.family = self.trajectory.family
        self.coordinator = coordinator_place.professional.user
        members = list(FamilyMember.objects.filter(family=self.family))
        self.names = {self.family.name} | {m.given_name for m in members}
        first, second = members[0], members[-1]
        self.ids = {
            "family_id": self.family.pk,
            "pk": self.trajectory.pk,
            "trajectory_id": self.trajectory.pk,
            "member_id": first.pk,
            "relation_id": (
                MemberRelation.objects.filter(member__family=self.family).first()
                or MemberRelation.objects.create(member=first, other=second, kind="partner_of")
            ).pk,
            "contact_id": (
                InformalNetworkContact.objects.filter(family=self.family).first()
                or InformalNetworkContact.objects.create(
                    family=self.family, name="Buurvrouw", relation="neighbour"
                )
            ).pk,
            "registration_id": Registration.objects.filter(family=self.family).first().pk,
            "consent_id": Consent.objects.filter(family=self.family).first().pk,
            "membership_id": coordinator_place.pk,
            "meeting_id": Meeting.objects.filter(trajectory=self.trajectory).first().pk,
            "number": PlanVersion.objects.filter(plan__trajectory=self.trajectory)
            .order_by("number")
            .first()
            .number,
            "kind": "goal",
            "item_id": Goal.objects.filter(version__plan__trajectory=self.trajectory).first().pk,
        }
        outsider = make_professional(network=self.family.network)
        self.ids["access_id"] = BreakGlassAccess.objects.create(
            user=outsider.user,
            family=self.family,
            reason="Een test van het lezen van de noodtoegang.",
            opened_at=timezone.now(),
            expires_at=timezone.now(),
        ).pk
        self.ids["request_id"] = (
            DirectRequest.objects.filter(trajectory=self.trajectory).first()
            or DirectRequest.objects.create(
                trajectory=self.trajectory,
                professional=outsider,
                requested_by=self.coordinator,
                message="Wil je aansluiten?",
            )
        ).pk
        self.ids["absence_id"] = (
            Absence.objects.filter(professional=coordinator_place.professional).first()
            or Absence.objects.create(
                professional=coordinator_place.professional,
                kind="leave",
                starts_on=timezone.localdate(),
                ends_on=timezone.localdate(),
            )
        ).pk
        officer = make_user(Role.SECURITY_OFFICER)
        RoleGrant.objects.filter(user=officer).update(network=self.family.network)
        self.outsiders = {"outside the team": outsider.user, "security officer": officer}

    def url(self, name: str, kwargs: list[str]) -> str:
        missing = [k for k in kwargs if k not in self.ids]
        assert not missing, f"{name}: teach this test how to fill {missing}"
        return reverse(name, kwargs={k: self.ids[k] for k in kwargs})

    def entry_points(self) -> list[tuple[str, str]]:
        pages = [(name, self.url(name, kwargs)) for name, kwargs in family_urls()]
        pages += [
            (name, f"{reverse(name)}?{param}={self.ids[key]}")
            for name, param, key in QUERY_ENTRY_POINTS
        ]
        return pages


def _shows_a_name(body: str, names: set[str]) -> set[str]:
    return {name for name in names if re.search(rf"\b{re.escape(name)}\b", body)}


def test_the_walk_covers_the_family_pages():
    names = {name for name, _kwargs in family_urls()}
    assert {
        "families:family_detail",
        "access:break_glass",
        "families:family_destroy",
        "trajectories:meeting_ics",
        "plans:evaluation_list",
        "plans:plan_pdf",
    } <= names


def test_every_page_that_shows_a_name_logged_an_allowed_read(client):
    world = World()
    unlogged, shown_to_outsiders = [], []
    for name, url in world.entry_points():
        for label, user in world.outsiders.items():
            client.force_login(user)
            body = client.get(url).content.decode(errors="replace")
            if shown := _shows_a_name(body, world.names):
                shown_to_outsiders.append(f"{name} to {label}: {sorted(shown)}")
        client.force_login(world.coordinator)
        last = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first()
        response = client.get(url)
        body = response.content.decode(errors="replace")
        if not _shows_a_name(body, world.names):
            continue
        logged = AccessEvent.objects.filter(
            id__gt=last, family_id=world.family.pk, user=world.coordinator
        )
        if not logged.filter(outcome=Outcome.ALLOWED).exists():
            unlogged.append(f"{name} ({response.status_code})")
        elif logged.filter(outcome=Outcome.DENIED).exists():
            unlogged.append(f"{name}: shown after a refusal")
        # The event's purpose is the policy's ground; pages that list several families
        # (a handover) chose them through the policy, which must allow this family too.
        elif (
            not logged.filter(purpose__in=GROUNDS).exists()
            and not decide(world.coordinator, world.family).allowed
        ):
            unlogged.append(f"{name}: shown without a ground")
    assert shown_to_outsiders == []
    assert unlogged == []
