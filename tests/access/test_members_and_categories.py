"""Consent limits what is shown, not only whether the file opens (issue 11, point 2): the
policy answers members and categories per reader, and every page says what it withholds."""

import datetime
import json

import pytest
from django.urls import reverse

from samenspel.access.policy import Action, Ground, decide
from samenspel.families.models import DataCategory, MemberRelation, MemberRole, Registration
from samenspel.trajectories.models import CareTeamRole, Phase
from tests.factories import (
    FamilyFactory,
    FamilyMemberFactory,
    OrganisationFactory,
    TrajectoryFactory,
    add_consent,
    add_to_network,
    add_to_team,
    make_professional,
)

TODAY = datetime.date(2026, 11, 25)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]

SAFETY_TEXT = "Huiselijk geweld door vader gemeld"
WITHHELD = "U ziet dit niet: geen toestemming"


@pytest.fixture
def file():
    family = FamilyFactory(name="Vermeulen", address="Lindelaan 4")
    mother = FamilyMemberFactory(
        family=family,
        given_name="Kim",
        role=MemberRole.PARENT,
        date_of_birth=datetime.date(1988, 3, 1),
    )
    daan = FamilyMemberFactory(
        family=family, given_name="Daan", date_of_birth=datetime.date(2017, 1, 5)
    )
    sister = FamilyMemberFactory(
        family=family, given_name="Noor", date_of_birth=datetime.date(2019, 2, 2)
    )
    trajectory = TrajectoryFactory(family=family, phase=Phase.WALK_ALONG)
    Registration.objects.create(
        family=family,
        network=family.network,
        trajectory=trajectory,
        referrer_kind="school",
        safety_status="concerns",
        safety_notes=SAFETY_TEXT,
    )
    coordinator = make_professional(network=family.network)
    add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
    school = OrganisationFactory(name="Onderwijsteam")
    add_to_network(school, family.network)
    teacher = make_professional(organisation=school, network=family.network)
    add_to_team(trajectory, teacher, CareTeamRole.SPECIALIST)
    return {
        "family": family,
        "mother": mother,
        "daan": daan,
        "sister": sister,
        "coordinator": coordinator,
        "school": school,
        "teacher": teacher,
    }


def _consent_for_daan(file, categories, **fields):
    consent = add_consent(file["family"], file["school"], data_categories=categories, **fields)
    consent.about.set([file["daan"]])
    return consent


def test_consent_about_one_child_for_two_categories_opens_exactly_that(file, client):
    _consent_for_daan(file, [DataCategory.PERSONAL, DataCategory.SCHOOL])
    decision = decide(file["teacher"].user, file["family"])
    assert decision.ground == Ground.CONSENT
    assert decision.scope == {
        file["daan"].pk: frozenset({DataCategory.PERSONAL, DataCategory.SCHOOL})
    }
    assert not decision.sees(DataCategory.SAFETY)
    assert not decision.sees_member(file["mother"].pk)

    client.force_login(file["teacher"].user)
    body = client.get(reverse("families:family_detail", args=[file["family"].pk])).content.decode()
    assert "Daan" in body
    for withheld in ("Kim", "Noor", SAFETY_TEXT):
        assert withheld not in body
    assert WITHHELD in body
    assert "2 andere gezinsleden" in body


def test_the_care_team_of_the_providing_organisation_sees_everything(file, client):
    _consent_for_daan(file, [DataCategory.PERSONAL])
    decision = decide(file["coordinator"].user, file["family"])
    assert decision.scope is None and decision.sees(DataCategory.SAFETY)
    client.force_login(file["coordinator"].user)
    body = client.get(reverse("families:family_detail", args=[file["family"].pk])).content.decode()
    for shown in ("Kim", "Noor", "Daan", SAFETY_TEXT):
        assert shown in body
    assert WITHHELD not in body


def test_safety_is_shared_only_by_a_consent_that_names_it(file, client):
    everything_but_safety = [c for c in DataCategory.values if c != DataCategory.SAFETY]
    consent = add_consent(file["family"], file["school"], data_categories=everything_but_safety)
    client.force_login(file["teacher"].user)
    url = reverse("families:family_detail", args=[file["family"].pk])
    assert SAFETY_TEXT not in client.get(url).content.decode()
    consent.data_categories = [*everything_but_safety, DataCategory.SAFETY]
    consent.save()
    assert SAFETY_TEXT in client.get(url).content.decode()


def test_a_consent_naming_no_category_shares_only_the_name(file):
    _consent_for_daan(file, [])
    decision = decide(file["teacher"].user, file["family"])
    assert decision.scope == {file["daan"].pk: frozenset()}
    assert decision.categories == frozenset()


def test_a_consent_for_other_roles_does_not_cover_this_one(file):
    _consent_for_daan(file, [DataCategory.SCHOOL], recipient_roles="walk_along,coordinator")
    decision = decide(file["teacher"].user, file["family"])
    assert (decision.allowed, decision.visible, decision.missing) == (False, True, "consent")
    _consent_for_daan(file, [DataCategory.SCHOOL], recipient_roles="specialist")
    assert decide(file["teacher"].user, file["family"]).allowed


def test_who_sees_part_of_the_file_reads_only(file, client):
    _consent_for_daan(file, [DataCategory.PERSONAL, DataCategory.SCHOOL])
    teacher = file["teacher"].user
    decision = decide(teacher, file["family"])
    assert decision.allows(Action.VIEW) and decision.allows(Action.EXPORT)
    assert not decision.allows(Action.EDIT)
    assert not decide(teacher, file["family"], Action.EDIT).allowed
    client.force_login(teacher)
    edit = client.get(reverse("families:family_edit", args=[file["family"].pk]))
    assert edit.status_code == 403


def test_the_export_holds_only_what_the_reader_may_see(file, client):
    _consent_for_daan(file, [DataCategory.PERSONAL, DataCategory.SCHOOL])
    client.force_login(file["teacher"].user)
    response = client.get(reverse("families:export_json", args=[file["family"].pk]))
    data = json.loads(response.content)
    assert [m["given_name"] for m in data["members"]] == ["Daan"]
    assert SAFETY_TEXT not in response.content.decode()
    assert "Kim" not in response.content.decode()
    assert data["withheld"]["reason"] == "U ziet dit niet: geen toestemming."
    assert "registrations.safety" in data["withheld"]["parts"]


def test_the_consent_page_names_no_withheld_member(file, client):
    consent = _consent_for_daan(file, [DataCategory.PERSONAL])
    consent.given_by.set([file["mother"]])
    client.force_login(file["teacher"].user)
    body = client.get(reverse("families:consent_list", args=[file["family"].pk])).content.decode()
    assert "Daan" in body and "Kim" not in body and WITHHELD in body


def test_a_consent_given_for_an_eleven_year_old_lapses_at_twelve(file):
    """Daan was 11 when his parents consented; on his 12th birthday he must consent too."""
    file["daan"].date_of_birth = datetime.date(2014, 12, 1)  # 12 on 1 December 2026
    file["daan"].save()
    _consent_for_daan(file, [DataCategory.SCHOOL], valid_from=datetime.date(2026, 6, 1))
    before = decide(file["teacher"].user, file["family"], on=datetime.date(2026, 11, 30))
    after = decide(file["teacher"].user, file["family"], on=datetime.date(2026, 12, 1))
    assert file["daan"].pk in before.scope
    assert file["daan"].pk not in after.scope
    assert after.renewal_due == {file["daan"].pk}
    renewed = _consent_for_daan(file, [DataCategory.SCHOOL], valid_from=datetime.date(2026, 12, 1))
    assert renewed.pk
    again = decide(file["teacher"].user, file["family"], on=datetime.date(2026, 12, 1))
    assert file["daan"].pk in again.scope and not again.renewal_due


def test_break_the_glass_offers_no_edit_link_on_the_plan(file, client):
    from samenspel.access.actions import open_break_glass
    from samenspel.plans.actions import start_plan

    trajectory = file["family"].trajectories.get()
    start_plan(trajectory, actor=file["coordinator"].user)
    outsider = make_professional(network=file["family"].network)
    open_break_glass(
        file["family"], actor=outsider.user, reason="Acute zorg, regisseur onbereikbaar"
    )
    client.force_login(outsider.user)
    page = client.get(reverse("plans:plan_detail", args=[trajectory.pk]))
    assert page.status_code == 200
    assert not page.context["may_edit"]
    assert reverse("plans:item_new", args=[trajectory.pk, "goal"]) not in page.content.decode()


def test_a_parent_without_parental_authority_cannot_consent_for_a_child(file):
    from django.core.exceptions import ValidationError

    from samenspel.families.actions import ConsentValues, record_consent

    father = FamilyMemberFactory(
        family=file["family"], given_name="Bas", role=MemberRole.PARENT, date_of_birth=None
    )
    MemberRelation.objects.create(
        member=file["mother"], kind="parent_of", other=file["daan"], parental_authority=True
    )
    MemberRelation.objects.create(
        member=father, kind="parent_of", other=file["daan"], parental_authority=False
    )
    fields = {"purpose": "team_collaboration", "obtained_how": "signed", "data_categories": []}
    with pytest.raises(ValidationError, match="ouder met gezag"):
        record_consent(
            file["family"],
            actor=file["coordinator"].user,
            values=ConsentValues(
                about=[file["daan"]],
                given_by=[father],
                recipients=[file["school"]],
                **fields,
            ),
        )
    consent = record_consent(
        file["family"],
        actor=file["coordinator"].user,
        values=ConsentValues(
            about=[file["daan"]],
            given_by=[file["mother"]],
            recipients=[file["school"]],
            **fields,
        ),
    )
    assert list(consent.given_by.all()) == [file["mother"]]
