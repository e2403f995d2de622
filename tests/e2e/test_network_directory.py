"""A professional finds a colleague in "Wie is wie" and opens the profile; every network
page passes axe-core."""

import dataclasses
import datetime
import re

import pytest
from playwright.sync_api import expect

from samenspel.accounts.models import Role, RoleGrant
from samenspel.network import actions
from samenspel.network.models import GlossaryTerm, ImportJob, Service
from samenspel.network.values import AgreementValues
from tests.e2e.conftest import check_accessibility, log_in
from tests.factories import (
    TEST_PASSWORD,
    NetworkFactory,
    OrganisationFactory,
    SectorFactory,
    add_to_network,
    area,
    enrol_totp,
    make_colleague,
    make_network_admin,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def network():
    network = NetworkFactory(name="Beter Thuis", slug="beter-thuis")
    lvb = OrganisationFactory(name="Stichting Steunpunt LVB", sector=SectorFactory(code="lvb-zorg"))
    add_to_network(lvb, network)
    zoetermeer = area("Zoetermeer")
    network.me = make_colleague(
        network, full_name="Fatima el Amrani", organisation=lvb, areas=(zoetermeer,), mfa=False
    )
    network.colleague = make_colleague(
        network,
        full_name="Emre Yilmaz",
        organisation=lvb,
        expertise_levels={"lvb": 3},
        languages=("tr", "nl"),
        areas=(zoetermeer,),
        job_title="Gezinscoach LVB",
        introduction="Ik help ouders met een licht verstandelijke beperking.",
    )
    network.lvb = lvb
    return network


def test_a_professional_finds_a_colleague_and_opens_the_profile(page, network):
    secret = enrol_totp(network.me.user)  # a second factor, like every professional
    log_in(page, network.me.user.email, TEST_PASSWORD, secret=secret)

    page.get_by_role("link", name="Wie is wie").first.click()
    page.wait_for_url("**/network/beter-thuis/directory/")
    check_accessibility(page)
    page.get_by_label("Taal").select_option("tr")
    page.get_by_label("Deze week beschikbaar").check()
    page.get_by_label("Naam of trefwoord").fill("Yilmas")
    page.get_by_role("button", name="Zoeken").click()
    results = page.locator("#directory-results")
    results.get_by_text("1 collega gevonden").wait_for()
    check_accessibility(page)
    results.get_by_role("link", name="Emre Yilmaz").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Emre Yilmaz"
    expect(page.get_by_text("Ik help ouders")).to_be_visible()
    check_accessibility(page)

    page.goto("/network/my-profile/")
    check_accessibility(page)
    page.get_by_label("Introductie").fill("Ik werk met gezinnen in Zoetermeer.")
    page.get_by_label(re.compile("^Foto")).set_input_files(
        {"name": "ik.png", "mimeType": "image/png", "buffer": _png()}
    )
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/directory/")
    page.get_by_role("link", name="Fatima el Amrani").click()
    expect(page.get_by_role("img", name="Foto van Fatima el Amrani")).to_be_visible()
    check_accessibility(page)


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), (40, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_every_network_page_passes_axe(page, network):
    admin = make_network_admin(network, full_name="Anke Jansen", mfa=False)
    RoleGrant.objects.create(user=admin, role=Role.SYSTEM_ADMIN)  # the shared lists too
    secret = enrol_totp(admin)
    term = GlossaryTerm.objects.create(
        network=network, term="LVB", definition="Iemand leert langzamer."
    )
    service = Service.objects.create(organisation=network.lvb, name="Gezinscoaching LVB")
    service.target_groups.add(term)
    values = AgreementValues(
        category="roles",
        title="Eén regisseur",
        text="Elk gezin heeft één regisseur.",
        status="active",
        valid_from=datetime.date(2026, 1, 1),
        reason="Start",
        expected_number=0,
        terms=[term],
    )
    first = actions.save_agreement_version(network, None, actor=admin, values=values)
    actions.save_agreement_version(
        network,
        first.agreement,
        actor=admin,
        values=dataclasses.replace(
            values,
            text=values.text + "\nBij ziekte neemt de waarnemer over.",
            reason="Procesreview",
            expected_number=1,
        ),
    )
    job = ImportJob.objects.create(
        network=network,
        kind="organisations",
        file_name="lijst.csv",
        rows=[{"_line": 2}],
        status="checked",
        processed=1,
        problems=[{"line": 2, "field": "sector", "message": "Onbekende sector 'x'."}],
        created_by=admin,
    )
    log_in(page, admin.email, TEST_PASSWORD, secret=secret)
    slug, agreement = network.slug, first.agreement_id
    for path in [
        "/network/taxonomy/",
        "/network/taxonomy/expertise/new/",
        f"/network/{slug}/",
        f"/network/{slug}/organisations/{network.lvb.pk}/",
        f"/network/{slug}/agreements/",
        f"/network/{slug}/agreements/{agreement}/",
        f"/network/{slug}/agreements/{agreement}/compare/?from=1&to=2",
        f"/network/{slug}/reviews/",
        f"/network/{slug}/glossary/",
        f"/network/{slug}/glossary/{term.pk}/",
        f"/network/{slug}/manage/",
        f"/network/{slug}/manage/agreements/{agreement}/",
        f"/network/{slug}/manage/reviews/new/",
        f"/network/{slug}/manage/checklist/common_goal/",
        f"/network/{slug}/manage/glossary/{term.pk}/",
        f"/network/{slug}/manage/organisations/{network.lvb.pk}/services/{service.pk}/",
        f"/network/{slug}/manage/legal-bases/new/",
        f"/network/{slug}/manage/teams/new/",
        f"/network/{slug}/manage/professionals/{network.colleague.pk}/",
        f"/network/{slug}/manage/organisations/{network.lvb.pk}/",
        f"/network/{slug}/manage/network/",
        f"/network/{slug}/manage/import/",
        f"/network/{slug}/manage/import/{job.pk}/",
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1), path).to_be_visible()
        check_accessibility(page)
