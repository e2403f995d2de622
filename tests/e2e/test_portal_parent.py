"""The parent walks the family portal on a 375 px phone (issue 17, "Done when"): every step is
reached through the menu ("Ons plan"), every page passes axe-core. Reads the plan, writes a
view on one goal (first kept as a draft on the server, then sent), chooses between two
proposed professionals, withdraws a consent, answers the questions before the evaluation and
sends a message to the coordinator; then the 14-year-old, on a phone of their own, reads their
own goal and proposes one in their own words."""

import datetime

import pytest
from django.utils import timezone

from samenspel.accounts.models import Role
from samenspel.families.models import DataCategory, MemberRelation, MemberRole
from samenspel.plans import actions as plan_actions
from samenspel.portal.actions.choice import offer_professional
from samenspel.portal.models import (
    EvaluationAnswer,
    FamilyChoice,
    FamilyMessage,
    FamilyView,
    GoalProposal,
)
from samenspel.trajectories.matching import Proposal
from tests.e2e.conftest import check_accessibility, log_in
from tests.factories import (
    TEST_PASSWORD,
    FamilyMemberFactory,
    GoalFactory,
    OrganisationFactory,
    TrajectoryFactory,
    add_consent,
    add_to_network,
    life_domain,
    make_professional,
    make_team,
    make_user,
)
from tests.factories.plans import ensure_instruments

pytestmark = pytest.mark.django_db(transaction=True)

MONEY_GOAL = "Marieke weet waar ze staat met geld"
TEEN_GOAL = "Emir gaat weer elke week naar voetbal"


def _years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=30)


def _family():
    ensure_instruments()  # an earlier browser test may have flushed the data migrations
    trajectory, coordinator = make_team(TrajectoryFactory(family__name="Bakker"))
    parent_user = make_user(Role.FAMILY_MEMBER, mfa=False)
    parent = FamilyMemberFactory(
        family=trajectory.family,
        given_name="Marieke",
        role=MemberRole.PARENT,
        date_of_birth=_years_ago(38),
        user=parent_user,
    )
    child = FamilyMemberFactory(
        family=trajectory.family, given_name="Noah", date_of_birth=_years_ago(9)
    )
    MemberRelation.objects.create(
        member=parent, kind="parent_of", other=child, parental_authority=True
    )
    teen_user = make_user(Role.FAMILY_MEMBER, mfa=False)
    teen = FamilyMemberFactory(
        family=trajectory.family, given_name="Emir", date_of_birth=_years_ago(14), user=teen_user
    )
    MemberRelation.objects.create(
        member=parent, kind="parent_of", other=teen, parental_authority=True
    )
    version = plan_actions.start_plan(trajectory, actor=coordinator.user)
    GoalFactory(version=version, title=TEEN_GOAL, members=[teen])
    GoalFactory(
        version=version, title=MONEY_GOAL, domain=life_domain("financien"), members=[parent]
    )
    GoalFactory(version=version, title="Noah gaat met plezier naar school", members=[child])
    plan_actions.agree_version(version, actor=coordinator.user, agreed_on=timezone.localdate())
    school = OrganisationFactory(name="Basisschool De Linde")
    add_to_network(school, trajectory.network)
    add_consent(trajectory.family, school, data_categories=[DataCategory.SCHOOL])
    for name, score in (("Sanne de Wit", 5.0), ("Yusuf Demir", 4.0)):
        person = make_professional(network=trajectory.network)
        person.user.full_name = name
        person.user.save(update_fields=["full_name"])
        person.introduction = f"Ik ben {name.split()[0]}. Ik help gezinnen thuis."
        person.save(update_fields=["introduction"])
        offer_professional(
            trajectory,
            proposal=Proposal(person, score, 16.0, frozenset(), []),
            actor=coordinator.user,
        )
    return parent_user, teen_user


def _menu(page) -> None:
    """Open "Ons plan" from the main menu (on a phone the menu may be folded)."""
    link = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Ons plan")
    if not link.is_visible():
        page.get_by_text("Menu", exact=True).click()
    link.click()
    page.get_by_role("heading", name="Ons plan", level=1).wait_for()
    check_accessibility(page)


def test_the_parent_walks_the_portal_on_a_phone(page, browser, live_server):
    parent_user, teen_user = _family()
    # The shared machine can be slow: waiting longer changes nothing a user sees.
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, parent_user.email, TEST_PASSWORD)

    # The plan.
    _menu(page)
    page.get_by_role("link", name="Lees het plan en zeg wat je ervan vindt").click()
    page.get_by_role("heading", name=MONEY_GOAL).wait_for()
    check_accessibility(page)

    # A view on one goal: kept as a draft first, put back, then sent with a reason.
    page.get_by_role("link", name=f"Zeg wat je vindt van “{MONEY_GOAL}”").click()
    page.get_by_label("Ik ben het niet eens").check()
    page.get_by_label("Wat vind je ervan? Schrijf het in je eigen woorden.").fill("Het gaat snel")
    page.get_by_role("button", name="Bewaar als concept").click()
    page.get_by_text("Hier staat wat je schreef op").wait_for()
    check_accessibility(page)
    assert (
        page.get_by_label("Wat vind je ervan? Schrijf het in je eigen woorden.").input_value()
        == "Het gaat snel"
    )
    page.get_by_label("Waarom niet? Of waar twijfel je over?").fill("Eerst de huur betalen.")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Dank je. Je woorden zijn opgeslagen.").wait_for()
    check_accessibility(page)
    view = FamilyView.objects.get()
    assert (view.stance, view.reason) == ("disagree", "Eerst de huur betalen.")

    # Choosing between two proposed professionals.
    _menu(page)
    page.get_by_role("link", name="Wie gaat je helpen?").click()
    page.get_by_role("heading", name="Yusuf Demir").wait_for()
    check_accessibility(page)
    page.get_by_role("radio", name="Yusuf Demir").check()
    page.get_by_label("Waarom deze persoon?").fill("Hij spreekt Turks met oma.")
    page.get_by_role("button", name="Stuur naar het team").click()
    page.get_by_text("Dank je. Het team leest je keuze.").wait_for()
    assert FamilyChoice.objects.get().reason == "Hij spreekt Turks met oma."

    # Withdrawing a consent, after reading what that means.
    _menu(page)
    page.get_by_role("link", name="Wie mag wat over ons zien").click()
    page.get_by_text("Basisschool De Linde").first.wait_for()
    check_accessibility(page)
    page.get_by_role("link", name="Trek deze toestemming in").first.click()
    page.get_by_text("Het stopt meteen.").wait_for()
    check_accessibility(page)
    page.get_by_role("button", name="Nu intrekken").click()
    page.wait_for_load_state("load")
    check_accessibility(page)
    from samenspel.families.models import Consent

    assert Consent.objects.get().withdrawn_at is not None

    # The questions before the evaluation: a face per goal, and in their own words.
    _menu(page)
    page.get_by_role("link", name="Lees het plan en zeg wat je ervan vindt").click()
    page.get_by_role("link", name="Beantwoord de vragen").click()
    page.get_by_role("heading", name="Voor het evaluatiegesprek", level=1).wait_for()
    check_accessibility(page)
    for question in page.get_by_test_id("goal-question").all():
        question.locator('input[type="radio"][value="4"]').check()
    page.locator('input[name="satisfaction"][value="4"]').check()
    page.locator("#id_goes_well").fill("We eten weer samen.")
    page.get_by_role("button", name="Stuur naar het team").click()
    page.wait_for_load_state("load")
    check_accessibility(page)
    answer = EvaluationAnswer.objects.get()
    assert (answer.satisfaction, answer.goes_well) == (4, "We eten weer samen.")

    # A message to the coordinator.
    _menu(page)
    page.get_by_role("link", name="Lees het plan en zeg wat je ervan vindt").click()
    page.get_by_role("link", name="Bericht aan je regisseur").click()
    # Typing is kept on the server by itself (a dropped connection loses nothing): leave the
    # page without pressing a button, come back, and the words are there.
    page.get_by_label("Je bericht").press_sequentially("Kunnen we dinsdag later beginnen?")
    page.get_by_test_id("draft-saved").wait_for()
    page.get_by_role("link", name="Terug naar het plan").first.click()
    page.get_by_role("link", name="Bericht aan je regisseur").click()
    page.get_by_test_id("draft-restored").wait_for()
    assert page.get_by_label("Je bericht").input_value() == "Kunnen we dinsdag later beginnen?"
    page.get_by_role("button", name="Versturen", exact=True).click()
    page.get_by_text("Je bericht is verstuurd.").wait_for()
    check_accessibility(page)
    assert FamilyMessage.objects.get().text == "Kunnen we dinsdag later beginnen?"

    # A word from the professionals links to its plain explanation in the word list (issue 13).
    page.get_by_role("link", name="Terug naar het plan").first.click()
    page.get_by_role("link", name="Bericht aan je regisseur").click()
    page.locator("main a.samenspel-word", has_text="regisseur").first.click()
    page.get_by_role("heading", name="Woordenlijst", level=1).wait_for()
    assert page.url.endswith("/portal/words/#coordinator")
    assert "overzicht" in page.locator("#coordinator + dd").inner_text()
    check_accessibility(page)

    # The 14-year-old on a phone of their own: their own goal, and a goal in their own words.
    teen_phone = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 812}, locale="nl-NL"
    )
    teen_page = teen_phone.new_page()
    teen_page.set_default_timeout(60_000)
    teen_page.set_default_navigation_timeout(60_000)
    log_in(teen_page, teen_user.email, TEST_PASSWORD)
    _menu(teen_page)
    teen_page.get_by_role("link", name="Lees het plan en zeg wat je ervan vindt").click()
    teen_page.get_by_role("heading", name=TEEN_GOAL).wait_for()
    check_accessibility(teen_page)
    teen_page.get_by_role("link", name="Stel zelf een doel voor").first.click()
    teen_page.get_by_label("Mijn doel, in mijn eigen woorden").fill("Zelf naar school fietsen.")
    teen_page.get_by_role("button", name="Stuur naar het team").click()
    teen_page.get_by_text("Het team praat met je over je doel.", exact=False).wait_for()
    check_accessibility(teen_page)
    # Their proposal is listed where they write one.
    teen_page.get_by_role("link", name="Stel zelf een doel voor").first.click()
    assert "Zelf naar school fietsen." in teen_page.get_by_test_id("my-proposals").inner_text()
    assert GoalProposal.objects.get().words == "Zelf naar school fietsen."
    teen_phone.close()
