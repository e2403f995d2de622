"""One family with a plan, a parent's and a 14-year-old's login (the issue's "Done when")."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from samenspel.accounts.models import Role
from samenspel.families.models import MemberRelation, MemberRole
from samenspel.plans import actions as plan_actions
from tests.factories import (
    FamilyMemberFactory,
    GoalFactory,
    TrajectoryFactory,
    life_domain,
    make_team,
    make_user,
)

PARENT_GOAL = "Marieke weet waar ze staat met geld"
SCHOOL_GOAL = "Emir gaat elke dag naar school"
HOME_GOAL = "Thuis is het rustig"


@dataclass
class Family:
    trajectory: object
    coordinator: object
    parent: object
    youth: object
    parent_user: object
    youth_user: object
    version: object
    goals: dict


def years_ago(years: int, days: int = 30) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


@pytest.fixture
def family(db) -> Family:
    trajectory, coordinator = make_team(TrajectoryFactory(family__name="Yildiz"))
    parent_user = make_user(Role.FAMILY_MEMBER, mfa=False)
    youth_user = make_user(Role.FAMILY_MEMBER, mfa=False)
    parent = FamilyMemberFactory(
        family=trajectory.family,
        given_name="Marieke",
        role=MemberRole.PARENT,
        date_of_birth=years_ago(38),
        user=parent_user,
    )
    youth = FamilyMemberFactory(
        family=trajectory.family, given_name="Emir", date_of_birth=years_ago(14), user=youth_user
    )
    MemberRelation.objects.create(
        member=parent, kind="parent_of", other=youth, parental_authority=True
    )
    version = plan_actions.start_plan(trajectory, actor=coordinator.user)
    goals = {
        "home": GoalFactory(
            version=version, title=HOME_GOAL, domain=life_domain("huiselijke-relaties")
        ),
        "school": GoalFactory(version=version, title=SCHOOL_GOAL, members=[youth]),
        "money": GoalFactory(
            version=version, title=PARENT_GOAL, domain=life_domain("financien"), members=[parent]
        ),
    }
    version = plan_actions.agree_version(
        version, actor=coordinator.user, agreed_on=timezone.localdate()
    )
    return Family(trajectory, coordinator, parent, youth, parent_user, youth_user, version, goals)


@pytest.fixture
def client_for():
    def _client(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _client
