"""The main flow, in the browser, as a coordinator and two professionals: registration →
team composed from the explained proposals (one asked directly) → walk-along notes → MDO →
plan phase → first evaluation. Every page visited passes axe-core."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from samenspel.accounts.models import Role, RoleGrant
from samenspel.network.models import Expertise, ProfessionalExpertise
from samenspel.trajectories.models import Trajectory
from tests.e2e.conftest import add_goal, check_accessibility, log_in
from tests.factories import (
    TEST_PASSWORD,
    NetworkFactory,
    OrganisationFactory,
    add_to_network,
    enrol_totp,
    make_professional,
)
from tests.factories.plans import ensure_instruments

pytestmark = pytest.mark.django_db(transaction=True)
NAMES = {"lvb": "LVB (licht verstandelijke beperking)", "volwassenen-ggz": "Volwassenen-GGZ"}


def _professional(network, organisation, name, *roles, expertise=()):
    professional = make_professional(
        organisation=organisation,
        network=network,
        roles=(Role.PROFESSIONAL, *roles),
        mfa=False,
        full_name=name,
    )
    RoleGrant.objects.filter(user=professional.user, role=Role.COORDINATOR).update(network=network)
    for code in expertise:
        # A transactional test before this one may have flushed the data migration's rows.
        known, _ = Expertise.objects.get_or_create(code=code, defaults={"name": NAMES[code]})
        ProfessionalExpertise.objects.create(professional=professional, expertise=known, level=3)
    return professional, enrol_totp(professional.user)


def _register(page) -> None:
    page.goto("/families/search/")
    page.get_by_label("Achternaam").fill("Visser")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Geen van deze: nieuw gezin aanmelden").click()
    page.get_by_label("Op orde").check()
    page.locator('[name="member-0-given_name"]').fill("Ilse")
    page.locator('[name="member-0-role"]').select_option("parent")
    page.locator('[name="question-0-text"]').fill("Ik kan de brieven niet meer aan.")
    page.locator('[name="question-0-kind"][value="what"]').check()
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    page.wait_for_url("**/families/*/")


def test_registration_to_first_evaluation(page, browser, live_server):
    ensure_instruments()  # an earlier browser test may have flushed the data migrations
    network = NetworkFactory()
    organisation = OrganisationFactory(name="Jeugdhulp Hofstad")
    add_to_network(organisation, network)
    coordinator, c_secret = _professional(network, organisation, "Fatima Amrani", Role.COORDINATOR)
    walker, w_secret = _professional(network, organisation, "Emre Yilmaz", expertise=["lvb"])
    specialist, s_secret = _professional(
        network, organisation, "Joost Vries", expertise=["volwassenen-ggz"]
    )

    log_in(page, coordinator.user.email, TEST_PASSWORD, secret=c_secret)
    _register(page)
    trajectory = Trajectory.objects.get(family__name="Visser")

    page.get_by_role("link", name="Netwerkoverzicht").click()
    check_accessibility(page)
    page.get_by_role("button", name=f"Aanmelding {trajectory.pk} oppakken als regisseur").click()
    page.wait_for_url(f"**/trajectories/{trajectory.pk}/team/")
    page.get_by_label("LVB (licht verstandelijke beperking)").check()
    page.get_by_label("Volwassenen-GGZ").check()
    page.get_by_role("button", name="Opslaan en voorstellen bijwerken").click()
    proposals = page.get_by_test_id("proposals")
    assert "Emre Yilmaz" in proposals.inner_text()
    assert "Dekt LVB" in proposals.inner_text()
    assert "Emre Yilmaz + Joost Vries" in page.get_by_test_id("pairs").inner_text()
    check_accessibility(page)
    # The pickers list nobody until one searches: htmx brings the matches while one types.
    add = page.get_by_role("region", name="Toevoegen aan het team")
    expect(add.get_by_role("radio")).to_have_count(0)
    add.get_by_role("searchbox", name="Professional:").press_sequentially("yilm")
    emre = add.get_by_role("radio", name=re.compile("^Emre Yilmaz"))
    emre.wait_for()
    expect(add.get_by_role("status")).to_have_text("1 professional komt overeen met “yilm”.")
    check_accessibility(page)
    emre.check()
    page.locator("#id_add-role").select_option("walk_along")
    page.locator("#id_add-selection").select_option("proposal")
    page.get_by_role("button", name="Toevoegen aan het team").click()
    page.get_by_text("Emre Yilmaz is aan het team toegevoegd.").wait_for()
    # The search button (or Enter) works too; with the keyboard only.
    ask = page.get_by_role("region", name="Een professional rechtstreeks vragen")
    ask.get_by_role("searchbox", name="Professional:").fill("Vries")
    ask.get_by_role("searchbox", name="Professional:").press("Enter")
    joost = ask.get_by_role("radio", name=re.compile("^Joost Vries"))
    joost.wait_for()
    joost.focus()
    page.keyboard.press("Space")
    expect(joost).to_be_checked()
    page.locator("#id_ask-message").fill("Moeder heeft psychische klachten.")
    page.get_by_role("button", name="Verzoek versturen").click()
    page.get_by_text("Uw verzoek is verstuurd.").wait_for()

    # The specialist answers the direct request from the home page.
    other = browser.new_context(base_url=live_server.url, locale="nl-NL")
    second = other.new_page()
    log_in(second, specialist.user.email, TEST_PASSWORD, secret=s_secret)
    second.get_by_role("link", name="Fatima Amrani vraagt u voor een gezinsteam").click()
    check_accessibility(second)
    second.get_by_label("Ik neem het aan").check()
    second.get_by_role("button", name="Mijn antwoord versturen").click()
    assert "Visser" in second.get_by_test_id("my-families").inner_text()
    check_accessibility(second)
    other.close()

    page.goto(f"/trajectories/{trajectory.pk}/")
    assert "Joost Vries" in page.get_by_test_id("team").inner_text()
    page.get_by_role("button", name="Naar Meelopen").click()
    expect(page.get_by_test_id("phase")).to_have_text("Meelopen")
    check_accessibility(page)

    # The walk-along professional writes in the journal (htmx, no page reload).
    other = browser.new_context(base_url=live_server.url, locale="nl-NL")
    second = other.new_page()
    log_in(second, walker.user.email, TEST_PASSWORD, secret=w_secret)
    second.get_by_role("link", name="Visser").click()
    second.get_by_label("Leefgebied").select_option("financien")
    second.get_by_label("Zorg", exact=True).check()
    second.get_by_label("Observatie").fill("Stapel ongeopende post op de kast.")
    second.get_by_role("button", name="Observatie toevoegen").click()
    assert "ongeopende post" in second.get_by_test_id("journal").inner_text()
    check_accessibility(second)
    other.close()

    page.reload()
    page.get_by_role("button", name="Naar Multidisciplinair overleg").click()
    page.get_by_role("link", name="Overleg plannen").click()
    page.get_by_label("Soort").select_option("mdo")
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    page.get_by_label("Begint om").fill(tomorrow.strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Emre Yilmaz").check()
    page.get_by_label("Joost Vries").check()
    check_accessibility(page)
    page.get_by_role("button", name="Plannen en uitnodigen").click()
    page.get_by_label("Discipline").fill("LVB")
    page.get_by_label("Perspectief").fill("Moeder leert door te doen, niet door brieven.")
    page.get_by_role("button", name="Perspectief toevoegen").click()
    page.get_by_label("Gezamenlijke analyse").fill("Geldzorgen houden de spanning in stand.")
    page.get_by_label("Besluiten").fill("Plan van aanpak met schuldhulp.")
    check_accessibility(page)
    page.get_by_role("button", name="Overleg vastleggen").click()
    page.get_by_text("Het overleg is vastgelegd.").wait_for()
    page.get_by_role("link", name="Terug naar gezin Visser").click()
    page.get_by_role("button", name="Naar Plan").click()
    expect(page.get_by_test_id("phase")).to_have_text("Plan")

    # The plan is written and agreed through the plans pages (their own flow, with the
    # evaluation and the trend, is tests/e2e/test_plan_flow.py).
    page.goto(f"/plans/t/{trajectory.pk}/")
    page.get_by_role("button", name="Gezinsplan starten").click()
    page.get_by_text("Versie 1: concept").wait_for()
    add_goal(
        page,
        "We openen elke week samen de post",
        "Financiën",
        member="Ilse",
        levels=("De post blijft liggen", "Elke week open", "Elke week open en betaald"),
    )
    page.get_by_role("link", name="Deze versie vaststellen").click()
    page.get_by_label("Ilse stemt in").select_option(label="In het overleg")
    page.get_by_role("button", name="Deze versie vaststellen").click()
    page.get_by_text(re.compile(r"Versie 1: vastgesteld op")).wait_for()
    page.goto(f"/trajectories/{trajectory.pk}/")
    page.get_by_role("button", name="Naar Uitvoering en evaluatie").click()
    expect(page.get_by_test_id("phase")).to_have_text("Uitvoering en evaluatie")

    page.get_by_role("link", name="Overleg plannen").click()
    page.get_by_label("Soort").select_option("evaluation")
    page.get_by_label("Begint om").fill(timezone.localtime().strftime("%Y-%m-%dT09:00"))
    page.get_by_role("button", name="Plannen en uitnodigen").click()
    page.get_by_role("button", name="Overleg vastleggen").click()
    page.get_by_text("Het overleg is vastgelegd.").wait_for()
    page.get_by_role("link", name="Terug naar gezin Visser").click()
    page.wait_for_url(f"**/trajectories/{trajectory.pk}/")
    trajectory.refresh_from_db()
    expected = timezone.localdate() + datetime.timedelta(weeks=6)
    assert trajectory.next_evaluation_on == expected
    check_accessibility(page)
    page.get_by_role("link", name="Tijdlijn van dit gezin").click()
    assert "Evaluatie gehouden" in page.get_by_test_id("timeline").inner_text()
    check_accessibility(page)
