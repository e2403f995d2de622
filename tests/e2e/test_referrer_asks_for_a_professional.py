"""Seed 002 from the referrer's side (issue 12): a buurtteam worker registers a family through
the menus and asks for the trauma therapist by name; the coordinator sees the question in the
intake queue and takes the registration on; the referrer follows it in "Mijn aanmeldingen"
without the family's name; the therapist finds the request, in the referrer's words, on
Start. No URL typed after a login; every page passes axe-core."""

import pytest

from samenspel.accounts.models import Role, RoleGrant
from tests.e2e.conftest import check_accessibility, log_in
from tests.factories import (
    TEST_PASSWORD,
    NetworkFactory,
    OrganisationFactory,
    add_to_network,
    enrol_totp,
    make_professional,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _professional(network, organisation, name, *roles):
    professional = make_professional(
        organisation=organisation,
        network=network,
        roles=(Role.PROFESSIONAL, *roles),
        mfa=False,
        full_name=name,
    )
    if Role.COORDINATOR in roles:
        RoleGrant.objects.filter(user=professional.user, role=Role.COORDINATOR).update(
            network=network
        )
    return professional, enrol_totp(professional.user)


def test_the_referrer_asks_for_the_trauma_therapist_and_follows_the_registration(page):
    network = NetworkFactory()
    buurtteam, specialists = OrganisationFactory(), OrganisationFactory(name="Specialistisch team")
    add_to_network(buurtteam, network)
    add_to_network(specialists, network)
    referrer, referrer_secret = _professional(network, buurtteam, "Soufiane El Idrissi")
    therapist, therapist_secret = _professional(network, specialists, "Inge Jansen")
    coordinator, coordinator_secret = _professional(
        network, specialists, "Fatima el Amrani", Role.COORDINATOR
    )

    log_in(page, referrer.user.email, TEST_PASSWORD, secret=referrer_secret)
    page.get_by_role("link", name="Gezin aanmelden").first.click()
    page.get_by_label("Achternaam").fill("Yilmaz")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Geen van deze: nieuw gezin aanmelden").click()
    page.get_by_label("Basiszorg en veiligheid zijn op orde").check()
    page.locator('[name="member-0-given_name"]').fill("Emir")
    page.locator('[name="member-0-date_of_birth"]').fill("2012-02-17")
    page.locator('[name="member-0-role"]').select_option("child")
    page.locator('[name="question-0-text"]').fill("Emir wil wel op judo.")
    page.locator('[name="question-0-kind"][value="who"]').check()
    page.locator('[name="asked_professional"]').select_option(str(therapist.pk))
    page.locator('[name="asked_reason"]').fill("Eerst judo, daarna traumabehandeling bij Inge.")
    check_accessibility(page)
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    page.get_by_test_id("my-registrations").wait_for()
    assert "Wacht op een regisseur" in page.get_by_test_id("my-registrations").inner_text()
    assert "Yilmaz" not in page.content()
    check_accessibility(page)
    page.context.clear_cookies()

    log_in(page, coordinator.user.email, TEST_PASSWORD, secret=coordinator_secret)
    page.get_by_role("link", name="Aanmeldingen", exact=True).click()
    assert "Vraagt Inge Jansen" in page.get_by_test_id("intake-queue").inner_text()
    check_accessibility(page)
    page.get_by_role("button", name="Gezin Yilmaz oppakken").click()
    page.wait_for_url("**/team/")
    page.context.clear_cookies()

    log_in(page, therapist.user.email, TEST_PASSWORD, secret=therapist_secret)
    page.get_by_role("link", name="Soufiane El Idrissi vraagt u voor een gezinsteam").click()
    # Wait for the request page itself: reading the page while the link's navigation is
    # still under way gives an empty document (seen once in CI).
    page.wait_for_url("**/trajectories/requests/*/")
    page.get_by_text("Eerst judo, daarna traumabehandeling bij Inge.").wait_for()
    check_accessibility(page)
    page.context.clear_cookies()

    log_in(page, referrer.user.email, TEST_PASSWORD, secret=referrer_secret)
    page.get_by_role("link", name="Mijn aanmeldingen").first.click()
    listing = page.get_by_test_id("my-registrations").inner_text()
    assert "Opgepakt: het team wordt samengesteld" in listing
    assert "Inge Jansen: Wacht op antwoord" in listing
