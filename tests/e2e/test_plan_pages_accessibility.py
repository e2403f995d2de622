"""Every other plan page passes axe-core: the list, the changes between versions, the forms
for actions, notes, agreements and measurements, and the merge screen."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from samenspel.accounts.models import Role
from samenspel.families.models import MemberRole
from samenspel.network.models import Professional
from samenspel.plans import actions
from samenspel.plans.models import InstrumentVersion, Occasion
from samenspel.trajectories.models import CareTeamRole, Phase, Trajectory
from tests.e2e.conftest import check_accessibility, log_in
from tests.factories import (
    TEST_PASSWORD,
    FamilyMemberFactory,
    GoalFactory,
    OrganisationFactory,
    TrajectoryFactory,
    UserFactory,
    add_to_team,
    enrol_totp,
    ensure_instruments,
    make_plan,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def instruments():
    ensure_instruments()


def test_the_other_plan_pages_and_the_merge_screen_are_accessible(page):
    user = UserFactory(roles=[Role.PROFESSIONAL, Role.COORDINATOR])
    secret = enrol_totp(user)
    coordinator = Professional.objects.create(user=user, home_organisation=OrganisationFactory())
    trajectory = TrajectoryFactory()
    add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
    FamilyMemberFactory(family=trajectory.family, role=MemberRole.PARENT, date_of_birth=None)
    version = make_plan(trajectory, actor=user, agreed=True)
    # The plan runs: its pages belong to the phase "Uitvoering & evaluatie" (phase guard).
    Trajectory.objects.filter(pk=trajectory.pk).update(phase=Phase.EXECUTION)
    today = timezone.localdate()
    actions.record_evaluation(
        trajectory,
        version=version,
        held_on=today,
        step="same",
        next_evaluation_on=today + datetime.timedelta(weeks=6),
        scores=dict.fromkeys(version.goals.all(), (0, "")),
        actor=user,
    )
    ors = InstrumentVersion.objects.get(instrument__code="ors")
    actions.record_assessment(
        trajectory,
        instrument_version=ors,
        assessed_on=today,
        scores={item.pk: (5, "") for item in ors.domains.all()},
        actor=user,
    )
    draft = actions.start_new_version(
        version.plan, occasion=Occasion.MDO, reason="Na het MDO", actor=user
    )
    goal = GoalFactory(version=draft, title="Mama slaapt weer door")
    base = f"/plans/t/{trajectory.pk}"
    log_in(page, user.email, TEST_PASSWORD, secret=secret)

    for url in (
        "/plans/",
        f"{base}/versions/2/changes/",
        f"{base}/assessments/new/",
        f"{base}/action/new/",
        f"{base}/note/new/",
        f"{base}/text/",
        f"{base}/versions/new/",
        f"{base}/versions/1/agreements/new/",
        f"{base}/evaluations/",
        f"{base}/trends/",
    ):
        page.goto(url)
        check_accessibility(page)
    expect(page.get_by_test_id("questionnaires")).to_be_visible()  # the last page: trends

    # Two people on one goal: a colleague saves while this page is open.
    page.goto(f"{base}/goal/{goal.pk}/")
    goal.why_it_matters = "Dan is ze overdag uitgerust."
    goal.revision += 1
    goal.save()
    page.get_by_label("Waarom dit belangrijk is voor ons").fill("Zodat ze weer kan werken.")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_test_id("conflict-notice").wait_for()
    assert page.get_by_test_id("theirs").inner_text() == "Dan is ze overdag uitgerust."
    check_accessibility(page)
