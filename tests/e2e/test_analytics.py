"""A policy adviser opens the figures from the menu; the page passes axe-core."""

import pytest
from playwright.sync_api import expect

from samenspel.accounts.models import Role, RoleGrant
from samenspel.trajectories.models import Phase
from tests.e2e.conftest import check_accessibility, log_in
from tests.factories import (
    TEST_PASSWORD,
    NetworkFactory,
    TrajectoryFactory,
    UserFactory,
    enrol_totp,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_policy_adviser_finds_the_figures_of_their_network(page):
    network = NetworkFactory(name="Beter Thuis")
    for _ in range(11):
        TrajectoryFactory(family__network=network, phase=Phase.WALK_ALONG)
    user = UserFactory(roles=[])
    RoleGrant.objects.create(user=user, role=Role.POLICY_ADVISER, network=network)
    secret = enrol_totp(user)

    log_in(page, user.email, TEST_PASSWORD, secret=secret)
    figures = page.get_by_role("heading", name="Cijfers van uw samenwerkingsverbanden")
    expect(figures).to_be_visible()
    check_accessibility(page)  # the start page with the figures panel
    page.get_by_role("link", name="Cijfers", exact=True).click()

    expect(page.get_by_role("heading", level=2, name="Beter Thuis")).to_be_visible()
    walk_along = page.get_by_role("row").filter(has_text="Meelopen").first
    assert walk_along.get_by_role("cell").inner_text() == "11"
    check_accessibility(page)
