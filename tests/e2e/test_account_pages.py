"""The account pages a professional uses (allauth, in our shell) are accessible too."""

import pytest
from playwright.sync_api import expect

from samenspel.accounts.models import Role
from tests.e2e.conftest import check_accessibility, log_in
from tests.factories import TEST_PASSWORD, UserFactory, enrol_totp

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "path,heading",
    [
        ("/accounts/2fa/", "Tweede inlogstap"),
        ("/accounts/password/change/", "Wachtwoord wijzigen"),
        ("/accounts/email/", "E-mailadressen"),
    ],
)
def test_account_pages_pass_axe(page, path, heading):
    user = UserFactory(roles=[Role.PROFESSIONAL])
    secret = enrol_totp(user)
    log_in(page, user.email, TEST_PASSWORD, secret=secret)

    page.goto(path)

    assert heading in page.get_by_role("heading", level=1).inner_text()
    check_accessibility(page)


def test_password_reset_page_passes_axe(page):
    page.goto("/accounts/password/reset/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_label("E-mailadres").fill("iemand@example.nl")
    page.get_by_role("button").filter(has_text="Wachtwoord").last.click()
    check_accessibility(page)
