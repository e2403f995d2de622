"""A professional new to the hub finds the lesson about walking along in the home by typing
"meeloop", sees which agreement it changed, follows the theme, and gets the weekly digest in
their outbox; axe-core on every page."""

import datetime

import pytest
from django.utils import timezone

from samenspel.knowledge import actions
from samenspel.knowledge.models import ProgressUpdate
from samenspel.network import actions as network_actions
from samenspel.network.values import AgreementValues
from tests.e2e.conftest import check_accessibility, log_in
from tests.factories import (
    TEST_PASSWORD,
    NetworkFactory,
    OrganisationFactory,
    add_to_network,
    enrol_totp,
    make_colleague,
)
from tests.knowledge.conftest import LESSON, theme

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def hub():
    network = NetworkFactory(name="Beter Thuis", slug="beter-thuis")
    youth = OrganisationFactory(name="Jeugdhulp Hofstad")
    add_to_network(youth, network)
    facilitator = make_colleague(network, full_name="Fatima el Amrani", organisation=youth).user
    newcomer = make_colleague(network, full_name="Joost de Vries", organisation=youth, mfa=False)
    learning_network = actions.create_learning_network(
        actor=facilitator,
        name="Samen aan tafel",
        theme=theme("integraal-werken"),
        purpose="We leren **meelopen** in de thuissituatie.",
        networks=[network],
        is_public=True,
    )
    version = network_actions.save_agreement_version(
        network,
        None,
        actor=facilitator,
        values=AgreementValues(
            category="consultation",
            title="Afspraak over meelopen",
            text="Twee professionals lopen mee.",
            parties=[youth],
            status="active",
            valid_from=datetime.date(2025, 1, 1),
            reason="Na de les",
            expected_number=0,
        ),
    )
    actions.write_lesson(
        learning_network,
        actor=facilitator,
        values=actions.LessonValues(
            **{
                **LESSON,
                "title": "Meelopen in de thuissituatie",
                "agreement_version": version,
                "is_public": True,
            }
        ),
    )
    update = actions.post_update(
        learning_network,
        actor=facilitator,
        values=actions.UpdateValues(
            kind="method", title="Huisbezoek met twee", body="Nieuw.", is_public=True
        ),
    )
    when = timezone.now() - datetime.timedelta(days=1)
    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=when)
    return newcomer.user


def test_a_newcomer_finds_the_lesson_follows_the_theme_and_gets_the_digest(page, hub):
    secret = enrol_totp(hub)
    log_in(page, hub.email, TEST_PASSWORD, secret=secret)

    page.get_by_role("link", name="Kennisbank").first.click()
    page.wait_for_url("**/knowledge/")
    check_accessibility(page)
    page.get_by_label("Zoek in lessen, berichten, begrippen en methoden").fill("meeloop")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**/knowledge/search/?q=meeloop")
    check_accessibility(page)
    page.get_by_test_id("results").get_by_role("link", name="Meelopen in de thuissituatie").click()

    page.wait_for_url("**/knowledge/lessons/*/")
    check_accessibility(page)
    changed = page.get_by_test_id("changed-agreement")
    assert "Afspraak over meelopen (versie 1)" in changed.inner_text()

    page.get_by_role("link", name="Samen aan tafel").click()
    check_accessibility(page)
    page.get_by_role("link", name="Integraal werken").click()
    page.wait_for_url("**/knowledge/themes/integraal-werken/")
    check_accessibility(page)
    page.get_by_role("button", name="Dit thema volgen").click()
    page.get_by_text("U volgt Integraal werken").first.wait_for()
    check_accessibility(page)

    page.get_by_role("link", name="Mijn weekmails").click()
    check_accessibility(page)
    page.get_by_role("button", name="Stuur mij de weekmail nu").click()
    digest = page.get_by_test_id("digest")
    digest.wait_for()
    assert "Huisbezoek met twee" in digest.inner_text()
    check_accessibility(page)

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(page.url.split("/knowledge/")[0] + "/knowledge/search/?q=meelop")
    assert page.get_by_test_id("results").get_by_role("link").count() == 1
    check_accessibility(page)
