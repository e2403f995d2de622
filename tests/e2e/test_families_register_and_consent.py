"""A coordinator registers a family with a safety concern and records consent; a team member
of another organisation then opens the file, and an outsider is refused until they break the
glass with a reason, which the security officer reviews. Every page visited passes axe-core."""

import pytest

from samenspel.accounts.models import Role, RoleGrant
from samenspel.families.models import Family
from samenspel.trajectories.models import CareTeamRole
from tests.e2e.conftest import check_accessibility, log_in
from tests.factories import (
    TEST_PASSWORD,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
    add_to_network,
    add_to_team,
    enrol_totp,
    make_professional,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _professional(network, organisation, *roles):
    professional = make_professional(
        organisation=organisation, network=network, roles=(Role.PROFESSIONAL, *roles), mfa=False
    )
    if Role.COORDINATOR in roles:
        RoleGrant.objects.filter(user=professional.user, role=Role.COORDINATOR).update(
            network=network
        )
    return professional, enrol_totp(professional.user)


def test_register_with_a_concern_record_consent_and_open_the_file(page):
    network = NetworkFactory()
    youth_care, mental_health = OrganisationFactory(), OrganisationFactory(name="GGZ Horizon")
    add_to_network(youth_care, network)
    add_to_network(mental_health, network)
    coordinator, coordinator_secret = _professional(network, youth_care, Role.COORDINATOR)
    colleague, colleague_secret = _professional(network, mental_health)
    outsider, outsider_secret = _professional(network, youth_care)

    log_in(page, coordinator.user.email, TEST_PASSWORD, secret=coordinator_secret)
    page.goto("/families/search/")
    page.get_by_label("Achternaam").fill("Jansen")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_text("Geen gezin gevonden.").wait_for()
    check_accessibility(page)
    page.get_by_role("link", name="Geen van deze: nieuw gezin aanmelden").click()

    page.get_by_label("Er zijn zorgen").check()
    page.get_by_label("Wat heeft u gezien of gehoord?").fill("Kinderen vaak alleen thuis.")
    assert page.get_by_label("Naam van het gezin").input_value() == "Jansen"
    page.locator('[name="member-0-given_name"]').fill("Anja")
    page.locator('[name="member-0-role"]').select_option("parent")
    page.locator('[name="member-1-given_name"]').fill("Tim")
    page.locator('[name="member-1-date_of_birth"]').fill("2017-05-04")
    page.locator('[name="member-1-role"]').select_option("child")
    page.locator('[name="question-0-text"]').fill("We redden het niet meer alleen.")
    page.locator('[name="question-0-kind"][value="what"]').check()
    check_accessibility(page)
    page.get_by_role("button", name="Aanmelden", exact=True).click()

    page.wait_for_url("**/families/*/")
    assert "Er zijn zorgen" in page.get_by_test_id("safety").inner_text()
    check_accessibility(page)
    page.get_by_role("link", name="Aanmeldingen", exact=True).click()
    assert "Jansen" in page.get_by_test_id("intake-queue").inner_text()
    check_accessibility(page)
    page.go_back()
    family = Family.objects.get(name="Jansen")
    add_to_team(family.trajectories.get(), coordinator, CareTeamRole.COORDINATOR)
    add_to_team(family.trajectories.get(), colleague)

    page.get_by_role("link", name="Toestemmingen: 0 geldig").click()
    check_accessibility(page)
    page.get_by_role("link", name="Toestemming vastleggen").click()
    page.locator('[name="about"]').first.check()
    page.locator('[name="about"]').nth(1).check()
    anja = family.members.get(given_name="Anja")
    page.locator(f'[name="given_by"][value="{anja.pk}"]').check()  # the parent, for Tim (9)
    page.locator('[name="purpose"]').select_option("team_collaboration")
    page.get_by_label("GGZ Horizon").check()
    page.locator('[name="data_categories"]').first.check()  # a consent names what it shares
    page.locator('[name="obtained_how"]').select_option("signed")
    check_accessibility(page)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_test_id("active-consents").wait_for()
    assert "GGZ Horizon" in page.get_by_test_id("active-consents").inner_text()

    page.context.clear_cookies()
    log_in(page, colleague.user.email, TEST_PASSWORD, secret=colleague_secret)
    page.goto(f"/families/{family.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Gezin Jansen"
    check_accessibility(page)
    page.get_by_role("link", name="Wie heeft dit dossier ingezien").click()
    assert "voegde een gezinslid toe" in page.get_by_test_id("access-history").inner_text()
    check_accessibility(page)

    page.context.clear_cookies()
    log_in(page, outsider.user.email, TEST_PASSWORD, secret=outsider_secret)
    response = page.goto(f"/families/{family.pk}/")
    assert response.status == 404
    check_accessibility(page)

    # In an emergency the outsider may open it, after stating a reason; it is reviewed.
    page.goto("/families/search/?name=jansen")
    page.get_by_role("link", name="Noodtoegang").click()
    check_accessibility(page)
    page.get_by_label("Waarom moet u dit dossier nu openen?").fill(
        "Politie belt: Tim is alleen thuis aangetroffen, moeder onbereikbaar."
    )
    page.get_by_role("button", name="Dossier openen").click()
    page.get_by_test_id("break-glass-banner").wait_for()
    check_accessibility(page)

    officer = UserFactory(roles=[Role.SECURITY_OFFICER])
    officer_secret = enrol_totp(officer)
    page.context.clear_cookies()
    log_in(page, officer.email, TEST_PASSWORD, secret=officer_secret)
    page.goto("/access/emergency/")
    check_accessibility(page)
    page.get_by_role("link", name="Beoordelen").click()
    page.get_by_label("Terecht", exact=True).check()
    check_accessibility(page)
    page.get_by_role("button", name="Beoordeling opslaan").click()
    assert "Terecht" in page.get_by_test_id("emergency-accesses").inner_text()
