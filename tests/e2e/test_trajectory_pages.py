"""The trajectory pages the main flow does not pass: our team, absence and handover,
closing, and the follow-up check. Each passes axe-core and does its job."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from samenspel.accounts.models import Role
from samenspel.network.models import Absence
from samenspel.trajectories import actions
from samenspel.trajectories.models import CareTeamRole, Closure, Handover
from tests.e2e.conftest import check_accessibility, log_in
from tests.factories import (
    TEST_PASSWORD,
    NetworkFactory,
    OrganisationFactory,
    TrajectoryFactory,
    enrol_totp,
    make_professional,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _network_with_coordinator():
    """A network, an organisation in it, and its coordinator Fatima Amrani (no second step)."""
    network, organisation = NetworkFactory(), OrganisationFactory()
    coordinator = make_professional(
        network=network,
        organisation=organisation,
        mfa=False,
        roles=(Role.PROFESSIONAL, Role.COORDINATOR),
        full_name="Fatima Amrani",
    )
    return network, organisation, coordinator


def test_handover_close_and_follow_up_pages(page):
    network, organisation, coordinator = _network_with_coordinator()
    walker = make_professional(
        network=network, organisation=organisation, mfa=False, full_name="Emre Yilmaz"
    )
    colleague = make_professional(
        network=network, organisation=organisation, mfa=False, full_name="Sanne Bakker"
    )
    secret = enrol_totp(walker.user)
    coordinator_secret = enrol_totp(coordinator.user)
    trajectory = TrajectoryFactory(family__network=network, family__name="Visser")
    start = timezone.localdate() - datetime.timedelta(days=30)
    actions.add_team_member(
        trajectory,
        actor=coordinator.user,
        role=CareTeamRole.COORDINATOR,
        professional=coordinator,
        valid_from=start,
    )
    actions.add_team_member(
        trajectory,
        actor=coordinator.user,
        role=CareTeamRole.WALK_ALONG,
        professional=walker,
        valid_from=start,
    )

    log_in(page, walker.user.email, TEST_PASSWORD, secret=secret)
    page.get_by_role("link", name="Ons team").click()
    check_accessibility(page)
    page.get_by_role("link", name="Afwezigheid melden en waarneming regelen").click()
    page.get_by_label("Soort").select_option("sick")
    page.get_by_label("Tot en met").fill(
        (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    )
    check_accessibility(page)
    page.get_by_role("button", name="Melden en waarneming regelen").click()
    page.wait_for_url("**/trajectories/absence/*/")
    expect(page.get_by_role("heading", name="Gezin Visser (Meeloper)")).to_be_visible()
    check_accessibility(page)
    absence = Absence.objects.get(professional=walker)
    prefix = f"m{trajectory.team_memberships.get(professional=walker).pk}"
    page.locator(f"#id_{prefix}-cover").select_option(label="Sanne Bakker")
    page.locator(f"#id_{prefix}-note").fill("Moeder belt liever 's ochtends.")
    page.get_by_role("button", name="Overdracht regelen").click()
    page.get_by_text("De overdracht is geregeld").wait_for()
    handover = Handover.objects.get()
    assert handover.to_membership.professional == colleague
    assert handover.ends_on == absence.ends_on

    page.context.clear_cookies()
    log_in(page, coordinator.user.email, TEST_PASSWORD, secret=coordinator_secret)
    page.goto(f"/trajectories/network/{network.pk}/rhythm/")
    check_accessibility(page)
    page.goto(f"/trajectories/{trajectory.pk}/")
    check_accessibility(page)  # the coordinator's view: ending places, handing over the role
    page.goto(f"/trajectories/{trajectory.pk}/close/")
    check_accessibility(page)
    page.get_by_label("Doelen bereikt").check()
    page.get_by_role("button", name="Traject afsluiten").click()
    page.get_by_text("Het traject is afgesloten").wait_for()
    closure = Closure.objects.get()
    # No evaluation scored the goals: "goals reached" alone does not make 3.4 realised.
    assert (closure.goals_realised, closure.dropout) == (False, False)
    Closure.objects.filter(pk=closure.pk).update(follow_up_due_on=timezone.localdate())
    page.goto("/")
    page.get_by_role(
        "link", name=f"Is er opnieuw jeugdhulp gestart? (traject {trajectory.pk})"
    ).click()
    check_accessibility(page)
    page.get_by_label("Nee").check()
    page.get_by_role("button", name="Vastleggen").click()
    page.get_by_text("De nacontrole is vastgelegd.").wait_for()
    closure.refresh_from_db()
    assert closure.youth_care_restarted is False


def test_the_team_pages_professional_search_works_without_javascript(browser, live_server):
    """No script at all: the search button submits the picker's GET form, the page comes
    back with the matches as radio buttons, and the choice is posted as before."""
    network, organisation, coordinator = _network_with_coordinator()
    noor = make_professional(
        network=network, organisation=organisation, mfa=False, full_name="Noor Vermeulen"
    )
    make_professional(network=NetworkFactory(), mfa=False, full_name="Nina Vermeulen")
    trajectory = TrajectoryFactory(family__network=network, family__name="Visser")
    actions.add_team_member(
        trajectory, actor=coordinator.user, role=CareTeamRole.COORDINATOR, professional=coordinator
    )
    secret = enrol_totp(coordinator.user)
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, coordinator.user.email, TEST_PASSWORD, secret=secret)
    page.goto(f"/trajectories/{trajectory.pk}/team/")
    add = page.get_by_role("region", name="Toevoegen aan het team")
    expect(add.get_by_role("radio")).to_have_count(0)
    add.get_by_role("searchbox", name="Professional:").fill("vermeulen")
    add.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**add-q=vermeulen**")
    expect(add.get_by_role("radio")).to_have_count(1)  # not Nina: she is in another network
    expect(add.get_by_role("status")).to_have_text("1 professional komt overeen met “vermeulen”.")
    add.get_by_role("radio", name=re.compile("^Noor Vermeulen")).check()
    page.locator("#id_add-role").select_option("specialist")
    page.locator("#id_add-selection").select_option("other")
    add.get_by_role("button", name="Toevoegen aan het team").click()
    page.get_by_text("Noor Vermeulen is aan het team toegevoegd.").wait_for()
    assert trajectory.team_memberships.filter(professional=noor).exists()
    context.close()
