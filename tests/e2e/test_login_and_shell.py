"""A professional logs in through the real pages; every page passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from samenspel.accounts.models import Role
from tests.e2e.conftest import check_accessibility, log_in
from tests.factories import TEST_PASSWORD, UserFactory, enrol_totp
from tests.helpers import totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_page_is_dutch_and_accessible(page):
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggen bij Samenspel"
    check_accessibility(page)


def test_skip_link_is_the_first_stop_for_the_keyboard(page):
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Direct naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_professional_logs_in_with_a_code_and_sees_home(page):
    user = UserFactory(roles=[Role.SECURITY_OFFICER])
    secret = enrol_totp(user)

    log_in(page, user.email, TEST_PASSWORD, secret=secret)

    assert page.get_by_role("heading", level=1).inner_text().startswith("Welkom")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Toegangslog", exact=True).click()
    page.wait_for_url("**/audit/")
    check_accessibility(page)


def test_new_professional_is_led_through_enrolment(page):
    user = UserFactory(roles=[Role.PROFESSIONAL])

    log_in(page, user.email, TEST_PASSWORD)
    page.wait_for_url("**/2fa/totp/activate/")
    check_accessibility(page)
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]+", secret)
    page.get_by_label("Code uit de app").fill(totp_code(secret))
    page.get_by_role("button", name="Activeer").click()

    page.wait_for_url(lambda url: "/totp/activate/" not in url)
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welkom")


def test_error_pages_are_accessible(page):
    page.goto("/bestaat-niet/")
    assert page.get_by_role("heading", level=1).inner_text() == "Pagina niet gevonden"
    check_accessibility(page)


def test_forbidden_page_is_accessible(page):
    user = UserFactory(roles=[Role.PROFESSIONAL])
    secret = enrol_totp(user)
    log_in(page, user.email, TEST_PASSWORD, secret=secret)
    page.goto("/audit/")
    assert page.get_by_role("heading", level=1).inner_text() == "Geen toegang"
    check_accessibility(page)


def test_language_switch_to_english(page):
    page.goto("/accounts/login/")
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Log in to Samenspel"
    check_accessibility(page)
