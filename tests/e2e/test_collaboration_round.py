"""A network coordinator opens a barometer round from the menus, three professionals of two
organisations answer it from their start page, and the coordinator closes it and reads the
trend, the organisation comparison and the PDF; in Dutch, axe-core on every page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from samenspel.accounts.models import Role, RoleGrant
from samenspel.collaboration.loader import SHIPPED_DIR, load_instruments
from samenspel.collaboration.models import Answer, Instrument, Invitation, Response, Round
from tests.e2e.conftest import check_accessibility, log_in
from tests.factories import (
    TEST_PASSWORD,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
    add_to_network,
    enrol_totp,
    make_professional,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _earlier_round(network, coordinator, people):
    """A closed round of three months ago, so the trend has two points."""
    instrument = Instrument.objects.get(code="samenwerkingsbarometer", is_current=True)
    opened = timezone.localdate() - datetime.timedelta(days=90)
    earlier = Round.objects.create(
        network=network,
        instrument=instrument,
        title="Barometer vorig kwartaal",
        opens_on=opened,
        deadline=opened + datetime.timedelta(days=14),
        closed_at=timezone.now() - datetime.timedelta(days=70),
        opened_by=coordinator,
    )
    for professional in people:
        invitation = Invitation.objects.create(
            round=earlier, professional=professional, organisation=professional.home_organisation
        )
        response = Response.objects.create(
            round=earlier, invitation=invitation, organisation=professional.home_organisation
        )
        Answer.objects.bulk_create(
            Answer(
                response=response,
                round=earlier,
                organisation=professional.home_organisation,
                item=item,
                value=4,
            )
            for item in instrument.items.all()
        )


def _answer_round(page, email, secret, score):
    page.context.clear_cookies()
    log_in(page, email, TEST_PASSWORD, secret=secret)
    check_accessibility(page)  # the start page with the waiting questionnaire
    page.get_by_role("link", name="Barometer najaar").click()
    check_accessibility(page)
    for radio in page.locator(f"input[type=radio][value='{score}']").all():
        radio.check()
    page.get_by_role("button", name="Mijn antwoorden versturen").click()
    expect(page.get_by_text("Uw antwoorden zijn bewaard")).to_be_visible()
    check_accessibility(page)


def test_a_coordinator_runs_a_barometer_round_and_reads_its_results(page):
    load_instruments([SHIPPED_DIR])
    network = NetworkFactory(name="Beter Thuis")
    jeugd, ggz = (
        OrganisationFactory(name="Jeugdhulp Hofstad"),
        OrganisationFactory(name="Horizon GGZ"),
    )
    for organisation in (jeugd, ggz):
        add_to_network(organisation, network)
    people = [
        make_professional(organisation=jeugd, network=network, full_name="Sanne Bakker", mfa=False),
        make_professional(organisation=jeugd, network=network, full_name="Karin Visser", mfa=False),
        make_professional(organisation=ggz, network=network, full_name="Joost de Vries", mfa=False),
    ]
    secrets = [enrol_totp(p.user) for p in people]
    coordinator = UserFactory(roles=[])
    RoleGrant.objects.create(user=coordinator, role=Role.NETWORK_COORDINATOR, network=network)
    coordinator_secret = enrol_totp(coordinator)
    _earlier_round(network, coordinator, people)

    log_in(page, coordinator.email, TEST_PASSWORD, secret=coordinator_secret)
    check_accessibility(page)
    page.get_by_role("link", name="Samenwerking", exact=True).click()
    check_accessibility(page)
    page.get_by_role("link", name="Beter Thuis").click()
    check_accessibility(page)
    page.get_by_role("link", name="Nieuwe meting openen").click()
    check_accessibility(page)
    page.get_by_label("Titel").fill("Barometer najaar")
    page.get_by_label("Jeugdhulp Hofstad").check()
    page.get_by_label("Horizon GGZ").check()
    page.get_by_role("button", name="Meting openen").click()
    assert page.get_by_test_id("response-rate").inner_text().startswith("0 van 3")
    check_accessibility(page)

    for professional, secret, score in zip(people, secrets, (2, 3, 4), strict=True):
        _answer_round(page, professional.user.email, secret, score)

    page.context.clear_cookies()
    log_in(page, coordinator.email, TEST_PASSWORD, secret=coordinator_secret)
    page.get_by_role("link", name="Samenwerking", exact=True).click()
    page.get_by_role("link", name="Beter Thuis").click()
    page.get_by_role("link", name="Barometer najaar").click()
    assert page.get_by_test_id("response-rate").inner_text().startswith("3 van 3")
    page.get_by_role("button", name="Meting sluiten").click()
    page.get_by_role("link", name="Bekijk de resultaten").click()
    check_accessibility(page)

    expect(page.get_by_role("heading", name="Trend per onderwerp")).to_be_visible()
    trend = page.get_by_test_id("trend-table")
    assert "4,0" in trend.inner_text() and "3,0" in trend.inner_text()
    expect(
        page.get_by_role(
            "heading", name="Organisaties vergeleken met het netwerk (Barometer najaar)"
        )
    ).to_be_visible()
    # Two and one respondents: neither organisation is shown on its own, only together.
    comparison = page.get_by_test_id("comparison-table").inner_text()
    assert "Kleinere organisaties samen" in comparison
    assert "Horizon GGZ" not in comparison and "Jeugdhulp Hofstad" not in comparison

    pdf_link = page.get_by_role("link", name="PDF voor de stuurgroep")
    response = page.request.get(pdf_link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
