"""A coordinator writes a family plan with two goals, agrees it, scores an evaluation, sees
the trend and prints the plan; every page passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from samenspel.accounts.models import Role
from samenspel.audit.models import AccessEvent, EventType
from samenspel.families.models import MemberRole
from samenspel.network.models import Professional
from samenspel.plans.models import Goal
from samenspel.trajectories.models import CareTeamRole, Phase
from tests.e2e.conftest import add_goal, check_accessibility, log_in
from tests.factories import (
    TEST_PASSWORD,
    FamilyMemberFactory,
    OrganisationFactory,
    TrajectoryFactory,
    UserFactory,
    add_to_team,
    enrol_totp,
    ensure_instruments,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def instruments():
    ensure_instruments()


GOALS = ("Noah gaat weer elke dag naar school", "We weten elke maand wat er binnenkomt")


SCHOOL_LEVELS = ("Twee dagen per week", "Elke dag", "Elke dag, met huiswerk")


def test_write_agree_evaluate_see_the_trend_and_print(page):
    user = UserFactory(roles=[Role.PROFESSIONAL, Role.COORDINATOR], full_name="Fatima el Amrani")
    secret = enrol_totp(user)
    coordinator = Professional.objects.create(user=user, home_organisation=OrganisationFactory())
    trajectory = TrajectoryFactory(family__name="Bakker", phase=Phase.PLAN)
    add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
    FamilyMemberFactory(family=trajectory.family, given_name="Noah")
    FamilyMemberFactory(
        family=trajectory.family, given_name="Marieke", role=MemberRole.PARENT, date_of_birth=None
    )
    log_in(page, user.email, TEST_PASSWORD, secret=secret)

    page.goto(f"/plans/t/{trajectory.pk}/")
    check_accessibility(page)
    page.get_by_role("button", name="Gezinsplan starten").click()
    page.get_by_text("Versie 1: concept").wait_for()
    check_accessibility(page)

    page.get_by_role("link", name="Doel toevoegen").click()
    check_accessibility(page)
    page.go_back()
    add_goal(page, GOALS[0], "Werk & opleiding", member="Noah", levels=SCHOOL_LEVELS)
    add_goal(page, GOALS[1], "Financiën", member="Noah", levels=SCHOOL_LEVELS)
    check_accessibility(page)

    page.get_by_role("link", name="Deze versie vaststellen").click()
    check_accessibility(page)
    page.get_by_label("Marieke Bakker stemt in").select_option(label="In het overleg")
    page.get_by_role("button", name="Deze versie vaststellen").click()
    page.get_by_text(re.compile(r"Versie 1: vastgesteld op")).wait_for()
    # An evaluation belongs to the phase after the plan: the coordinator moves on first.
    page.goto(f"/trajectories/{trajectory.pk}/")
    page.get_by_role("button", name="Naar Uitvoering en evaluatie").click()
    page.goto(f"/plans/t/{trajectory.pk}/")

    page.get_by_role("link", name="Evaluatie vastleggen").click()
    check_accessibility(page)
    for title, value in zip(GOALS, ("1", "0"), strict=True):
        goal = Goal.objects.get(title=title)
        page.locator(f'input[name="goal_{goal.pk}"][value="{value}"]').check()
    page.get_by_label("Wat gaat goed").fill("Noah gaat vier dagen per week.")
    page.get_by_label("Basiszorg en veiligheid zijn op orde").check()  # asked at every evaluation
    page.get_by_role("button", name="Evaluatie opslaan").click()
    page.get_by_text("De evaluatie is vastgelegd.").wait_for()
    # Hand-worked: 50 + 10 · 1 / √(0.7 · 2 + 0.3 · 4) = 56.2
    expect(page.get_by_test_id("evaluations").get_by_role("cell", name="56,2")).to_be_visible()

    page.get_by_role("link", name="Voortgang in de tijd", exact=True).click()
    page.get_by_role("img", name="GAS T-score over de evaluaties").wait_for()
    assert page.get_by_test_id("trend").count() == 3  # the T-score and one per goal
    check_accessibility(page)

    page.get_by_role("link", name="Terug naar het gezinsplan").click()
    href = page.get_by_role("link", name="Plan afdrukken (pdf)").get_attribute("href")
    response = page.request.get(href)
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    assert AccessEvent.objects.filter(
        event_type=EventType.PRINT, action="plans.plan.print", user=user
    ).exists()
