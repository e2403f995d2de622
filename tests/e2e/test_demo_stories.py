"""Issue 12's "Done when": both source stories played in the browser on the demo's network,
from the referrer's registration to the closed trajectory's follow-up check, through the
menus (no URL typed after a login), every page checked with axe-core.

The demo's network (Beter Thuis, Extrateam Zuilen; its organisations, professionals and
logins) is loaded by the demo's own `load_network`; the story is played for a new family. The
clock is pinned before anything is loaded and moved on for the evaluation and for the
follow-up check after closure (sessions expire on the way: each person logs in again).
Played on PostgreSQL only, for CI's time budget (the reason is in `stories.demo_network`)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from samenspel.plans.models import Goal
from tests.e2e.conftest import add_goal, check_accessibility
from tests.e2e.stories import clock, demo_network, desks  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)

REFERRER = "buurtteam@demo.samenspel.nl"
ZUILEN_COORDINATOR = "regie-zuilen@demo.samenspel.nl"
THERAPIST = "trauma@demo.samenspel.nl"


def _visit(page, link: str, *, exact: bool = False) -> None:
    page.get_by_role("link", name=link, exact=exact).first.click()
    page.wait_for_load_state()
    check_accessibility(page)


def _click(page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    check_accessibility(page)


def test_seed_002_judo_before_trauma_treatment(desks, clock):  # noqa: F811
    today = timezone.localdate()
    born = today.replace(year=today.year - 14) - datetime.timedelta(days=40)

    # The buurtteam worker registers the family and asks for the trauma therapist by name.
    page = desks(REFERRER)
    check_accessibility(page)
    _visit(page, "Gezin aanmelden")
    page.get_by_label("Achternaam").fill("Aksoy")
    _click(page, "Zoeken")
    _visit(page, "Geen van deze: nieuw gezin aanmelden")
    page.get_by_label("Basiszorg en veiligheid zijn op orde").check()
    page.locator('[name="member-0-given_name"]').fill("Derya")
    page.locator('[name="member-0-role"]').select_option("parent")
    page.locator('[name="member-1-given_name"]').fill("Mert")
    page.locator('[name="member-1-date_of_birth"]').fill(born.isoformat())
    page.locator('[name="member-1-role"]').select_option("child")
    page.locator('[name="question-0-text"]').fill(
        "Mert vertrouwt geen hulpverlening meer. Hij wil wel op judo."
    )
    page.locator('[name="question-0-kind"][value="who"]').check()
    asked = page.locator('[name="asked_professional"] option', has_text="Inge Jansen")
    page.locator('[name="asked_professional"]').select_option(asked.get_attribute("value"))
    page.locator('[name="asked_reason"]').fill(
        "Inge werkt eerst aan vertrouwen; Mert wil op judo, daarna traumabehandeling."
    )
    _click(page, "Aanmelden")
    listing = page.get_by_test_id("my-registrations").inner_text()
    assert "Wacht op een regisseur" in listing

    # The coordinator of Extrateam Zuilen sees the wíe-vraag in the queue and takes it on.
    page = desks(ZUILEN_COORDINATOR)
    _visit(page, "Aanmeldingen", exact=True)
    assert "Vraagt Inge Jansen" in page.get_by_test_id("intake-queue").inner_text()
    _click(page, "Gezin Aksoy oppakken")
    page.wait_for_url("**/team/")
    check_accessibility(page)

    # Team on measure: the buurtteam worker who knows the family walks along with the
    # coordinator; the therapist was asked in the referrer's words when the file was taken on.
    add = page.get_by_role("region", name="Toevoegen aan het team")
    add.get_by_role("searchbox", name="Professional:").press_sequentially("Idrissi")
    soufiane = add.get_by_role("radio", name=re.compile("^Soufiane El Idrissi"))
    soufiane.wait_for()
    check_accessibility(page)
    soufiane.check()
    page.locator("#id_add-role").select_option("walk_along")
    page.locator("#id_add-selection").select_option("other")
    _click(page, "Toevoegen aan het team")
    page.get_by_text("Soufiane El Idrissi is aan het team toegevoegd.").wait_for()

    therapist = desks(THERAPIST)
    _visit(therapist, "Soufiane El Idrissi vraagt u voor een gezinsteam")
    assert "Mert wil op judo, daarna traumabehandeling" in therapist.content()
    therapist.get_by_label("Ik neem het aan").check()
    _click(therapist, "Mijn antwoord versturen")
    assert "Aksoy" in therapist.get_by_test_id("my-families").inner_text()

    # Consent of the parent and of Mert (14) to share with the buurtteam's organisation.
    _visit(page, "Terug naar gezin Aksoy")
    assert "Inge Jansen" in page.get_by_test_id("team").inner_text()
    _visit(page, "Gezinsdossier")
    _visit(page, "Toestemmingen: 0 geldig")
    _visit(page, "Toestemming vastleggen")
    for box in page.locator('[name="about"]').all():
        box.check()
    for box in page.locator('[name="given_by"]').all():
        box.check()
    page.locator('[name="purpose"]').select_option("team_collaboration")
    page.get_by_label("Buurtteam Zuilen-Ondiep").check()
    for box in page.locator('[name="data_categories"]').all():
        box.check()
    page.locator('[name="obtained_how"]').select_option("signed")
    _click(page, "Opslaan")
    assert "Buurtteam Zuilen-Ondiep" in page.get_by_test_id("active-consents").inner_text()

    # Walk along, the MDO, the plan: Mert's own goal (judo) comes before the trauma treatment.
    _visit(page, "Dossier van gezin Aksoy")
    _visit(page, "Traject en team")
    _click(page, "Naar Meelopen")
    page.get_by_label("Leefgebied").select_option("tijdsbesteding")
    page.get_by_label("Kracht", exact=True).check()
    page.get_by_label("Observatie").fill("Mert vertelt honderduit over judo; daar wil hij heen.")
    page.get_by_role("button", name="Observatie toevoegen").click()
    expect(page.get_by_test_id("journal")).to_contain_text("judo")
    check_accessibility(page)
    _click(page, "Naar Multidisciplinair overleg")
    _visit(page, "Overleg plannen")
    page.get_by_label("Soort").select_option("mdo")
    page.get_by_label("Begint om").fill(timezone.localtime().strftime("%Y-%m-%dT09:00"))
    page.get_by_label("Inge Jansen").check()
    page.get_by_label("Soufiane El Idrissi").check()
    _click(page, "Plannen en uitnodigen")
    page.get_by_label("Discipline").fill("Traumatherapie")
    page.get_by_label("Perspectief").fill("Eerst vertrouwen via judo, dan EMDR.")
    page.get_by_role("button", name="Perspectief toevoegen").click()
    page.get_by_label("Gezamenlijke analyse").fill("Mert start alleen als hij vertrouwen heeft.")
    page.get_by_label("Besluiten").fill("Inge gaat mee naar de eerste judolessen.")
    _click(page, "Overleg vastleggen")
    _visit(page, "Terug naar gezin Aksoy")
    _click(page, "Naar Plan")
    _plan_to_evaluation_and_closure(
        page,
        desks,
        clock,
        ZUILEN_COORDINATOR,
        family="Aksoy",
        goals=(
            ("Ik ga elke week naar judo", "Tijdsbesteding", "Mert"),
            (
                "Ik begin met de traumabehandeling als ik er klaar voor ben",
                "Geestelijke gezondheid",
                "Mert",
            ),
        ),
    )

    # The referrer follows what became of the registration in their own list.
    page = desks(REFERRER)
    _visit(page, "Mijn aanmeldingen")
    assert "Afgesloten" in page.get_by_test_id("my-registrations").inner_text()


REGISTERING_COLLEAGUE = "hulpverlener@demo.samenspel.nl"
BETER_THUIS_COORDINATOR = "regisseur@demo.samenspel.nl"


def _consent(page, family: str, *organisations: str) -> None:
    """From the trajectory page: every member, every giver, the team's organisations."""
    _visit(page, "Gezinsdossier")
    _visit(page, "Toestemmingen: 0 geldig")
    _visit(page, "Toestemming vastleggen")
    for box in page.locator('[name="about"]').all():
        box.check()
    for box in page.locator('[name="given_by"]').all():
        box.check()
    page.locator('[name="purpose"]').select_option("team_collaboration")
    for organisation in organisations:
        page.get_by_label(organisation).check()
    for box in page.locator('[name="data_categories"]').all():
        box.check()
    page.locator('[name="obtained_how"]').select_option("signed")
    _click(page, "Opslaan")
    for organisation in organisations:
        assert organisation in page.get_by_test_id("active-consents").inner_text()
    _visit(page, f"Dossier van gezin {family}")
    _visit(page, "Traject en team")


def test_seed_000_nobody_was_really_in_our_home(desks, clock):  # noqa: F811
    today = timezone.localdate()

    # A colleague of the adult mental health care registers the family.
    page = desks(REGISTERING_COLLEAGUE)
    _visit(page, "Gezin aanmelden")
    page.get_by_label("Achternaam").fill("Dijkman")
    _click(page, "Zoeken")
    _visit(page, "Geen van deze: nieuw gezin aanmelden")
    page.get_by_label("Basiszorg en veiligheid zijn op orde").check()
    page.locator('[name="member-0-given_name"]').fill("Sandra")
    page.locator('[name="member-0-role"]').select_option("parent")
    page.locator('[name="member-1-given_name"]').fill("Lars")
    page.locator('[name="member-1-date_of_birth"]').fill(
        today.replace(year=today.year - 9).isoformat()
    )
    page.locator('[name="member-1-role"]').select_option("child")
    page.locator('[name="question-0-text"]').fill(
        "Niemand was echt bij ons in huis. We willen vooral dat Lars weer naar school gaat."
    )
    page.locator('[name="question-0-kind"][value="what"]').check()
    _click(page, "Aanmelden")

    # The coordinator takes it on and takes over the proposed LVB + GGZ pair in one click.
    page = desks(BETER_THUIS_COORDINATOR)
    _visit(page, "Aanmeldingen", exact=True)
    _click(page, "Gezin Dijkman oppakken")
    page.get_by_label("LVB (licht verstandelijke beperking)").check()
    page.get_by_label("Volwassenen-GGZ").check()
    _click(page, "Opslaan en voorstellen bijwerken")
    pair = page.get_by_role("button", name=re.compile("^Overnemen: .*Emre Yilmaz.* lopen mee"))
    _click(page, pair.first.inner_text())
    team_names = ("Emre Yilmaz", "Joost de Vries")
    _visit(page, "Terug naar gezin Dijkman")
    for name in team_names:
        expect(page.get_by_test_id("team")).to_contain_text(name)
    _consent(page, "Dijkman", "Horizon GGZ Volwassenen", "Stichting Steunpunt LVB")
    _click(page, "Naar Meelopen")
    page.get_by_label("Leefgebied").select_option("werk-opleiding")
    page.get_by_label("Zorg", exact=True).check()
    page.get_by_label("Observatie").fill("Lars was deze week drie dagen niet op school.")
    page.get_by_role("button", name="Observatie toevoegen").click()
    expect(page.get_by_test_id("journal")).to_contain_text("niet op school")
    check_accessibility(page)

    # Emre falls ill: every team of his is listed with covers proposed; a colleague covers.
    _visit(page, "Ons team")
    _visit(page, "Afwezigheid melden en waarneming regelen")
    emre = page.locator('[name="professional"] option', has_text="Emre Yilmaz")
    page.locator('[name="professional"]').select_option(emre.first.get_attribute("value"))
    page.locator('[name="kind"]').select_option("sick")
    page.locator('[name="ends_on"]').fill((today + datetime.timedelta(days=13)).isoformat())
    _click(page, "Melden en waarneming regelen")
    place = page.get_by_role("region", name=re.compile("Gezin Dijkman"))
    expect(place).to_contain_text("Voorgestelde waarnemers")
    choice = place.locator("select")
    cover = choice.locator('option:not([value=""])').first
    covering = cover.inner_text().split(" (")[0].strip()
    choice.select_option(cover.get_attribute("value"))
    place.locator("textarea").fill("Lars en school: elke ochtend even bellen.")
    _click(page, "Overdracht regelen")

    # The MDO: Emre's perspective is written on his behalf, the team decides together.
    _visit(page, "Start", exact=True)
    _visit(page, "Dijkman")
    expect(page.get_by_test_id("absent")).to_contain_text("afwezig tot en met")
    assert covering in page.get_by_test_id("team").inner_text()
    _click(page, "Naar Multidisciplinair overleg")
    _visit(page, "Overleg plannen")
    page.get_by_label("Soort").select_option("mdo")
    page.get_by_label("Begint om").fill(timezone.localtime().strftime("%Y-%m-%dT09:00"))
    for name in (*team_names, covering):
        page.get_by_label(name).first.check()
    _click(page, "Plannen en uitnodigen")
    page.get_by_label("Discipline").fill("LVB")
    page.get_by_label("Perspectief").fill("Moeder leert door te doen, niet door brieven.")
    written_for = page.locator('[name="written_for"] option', has_text="Emre Yilmaz")
    page.locator('[name="written_for"]').select_option(written_for.get_attribute("value"))
    page.get_by_role("button", name="Perspectief toevoegen").click()
    page.get_by_label("Gezamenlijke analyse").fill("Niemand keek naar het geheel: school eerst.")
    page.get_by_label("Besluiten").fill("Plan van aanpak met Lars' school als eerste doel.")
    _click(page, "Overleg vastleggen")
    assert "Emre Yilmaz" in page.content()
    _visit(page, "Terug naar gezin Dijkman")
    _click(page, "Naar Plan")
    _plan_to_evaluation_and_closure(
        page,
        desks,
        clock,
        BETER_THUIS_COORDINATOR,
        family="Dijkman",
        goals=(("Lars gaat weer elke dag naar school", "Werk & opleiding", "Lars"),),
    )


def _plan_to_evaluation_and_closure(page, logins, traveller, coordinator, *, family, goals) -> None:
    """From "Plan": the plan with the family's own goals in their order, agreed; six weeks
    on the evaluation (with the safety question); closure "gaat verder zonder hulp", the
    "Afgesloten" list with its indicators; the follow-up check (3.2) when its date comes."""
    _visit(page, "Gezinsplan", exact=True)
    _click(page, "Gezinsplan starten")
    for title, domain, member in goals:
        add_goal(
            page,
            title,
            domain,
            member=member,
            levels=("Nog niet begonnen", "Het doel is bereikt", "Meer dan verwacht"),
        )
        check_accessibility(page)
    _visit(page, "Deze versie vaststellen")
    for choice in page.get_by_label(re.compile("stemt in$")).all():
        choice.select_option(label="In het overleg")
    _click(page, "Deze versie vaststellen")
    page.get_by_text(re.compile(r"Versie 1: vastgesteld op")).wait_for()
    _visit(page, "Traject en team")
    _click(page, "Naar Uitvoering en evaluatie")
    expect(page.get_by_test_id("phase")).to_have_text("Uitvoering en evaluatie")

    # Six weeks on (sessions have expired: the coordinator logs in again).
    traveller.shift(datetime.timedelta(weeks=6))
    logins.forget()
    page = logins(coordinator)
    _visit(page, family)
    _visit(page, "Gezinsplan", exact=True)
    _visit(page, "Evaluatie vastleggen")
    for title, _domain, _member in goals:
        goal = Goal.objects.get(title=title)
        page.locator(f'input[name="goal_{goal.pk}"][value="0"]').check()
    page.get_by_label("Wat gaat goed").fill("Het eerste doel is bereikt.")
    page.get_by_label("Basiszorg en veiligheid zijn op orde").check()
    _click(page, "Evaluatie opslaan")
    page.get_by_text("De evaluatie is vastgelegd.").wait_for()

    _visit(page, "Traject en team")
    _visit(page, "Traject afsluiten")
    page.locator('[name="reason"][value="continues_without_help"]').check()
    page.locator('[name="satisfaction"][value="4"]').check()
    _click(page, "Traject afsluiten")
    _visit(page, "Afgesloten", exact=True)
    row = page.get_by_test_id("closed").get_by_role("row", name=re.compile(family))
    expect(row).to_contain_text("Gaat verder zonder hulp")
    expect(page.get_by_test_id("follow-up")).to_have_count(0)

    # When its date comes, the follow-up question (3.2) appears and is answered.
    traveller.shift(datetime.timedelta(days=200))
    logins.forget()
    page = logins(coordinator)
    _visit(page, "Afgesloten", exact=True)
    _visit(page, "Beantwoord de vraag na afloop")
    page.locator('[name="youth_care_restarted"][value="no"]').check()
    _click(page, "Vastleggen")
