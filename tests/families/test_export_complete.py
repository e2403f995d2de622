"""The family's export (right of access, AVG art. 15) holds everything of the file the
reader may see (issue 11, point 5), limited by the same members and categories as the pages.

Completeness is proved from the code: every model with a path of foreign keys to
`families.Family` (`apps.get_models()`, the same enumeration as the retention clock's test)
is either exported (`families.export.EXPORTED`, with where its rows are) or left out with a
reason (`NOT_EXPORTED`). A new model that belongs to a file fails here until it is one of
the two; an exported model must then appear in the export row for row."""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter

import pytest
import time_machine
from django.urls import reverse

from samenspel.demo.loader import load_demo
from samenspel.families.export import EXPORTED, NOT_EXPORTED, family_export
from samenspel.families.models import (
    DataCategory,
    Family,
    InformalNetworkContact,
    MemberRole,
)
from samenspel.network.models import Professional
from samenspel.plans.actions import record_evaluation
from samenspel.plans.models import PlanVersion, Step, VersionStatus
from samenspel.portal.models import (
    EvaluationAnswer,
    FamilyChoice,
    FamilyMessage,
    FamilyView,
    GoalProposal,
    ProfessionalOffer,
)
from samenspel.trajectories.actions import add_observation
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
from tests.factories.plans import GoalFactory, life_domain, make_plan
from tests.families.test_retention_clock import family_owned_models

pytestmark = pytest.mark.django_db
NOON = datetime.datetime(2026, 11, 2, 12, tzinfo=datetime.UTC)
TODAY = NOON.date()


def _walk(data: dict, where: str) -> list:
    """The rows at `where` ("trajectories[].plan{}.versions[]") in an export."""
    nodes: list = [data]
    for step in where.split("."):
        name, kind = step[:-2], step[-2:]
        found = []
        for node in nodes:
            value = node.get(name)
            if kind == "[]":
                found.extend(value or [])
            elif value is not None:
                found.append(value)
        nodes = found
    return nodes


def test_every_model_of_a_file_is_exported_or_left_out_with_a_reason():
    labels = {model._meta.label for model in family_owned_models()}
    unaccounted = labels - set(EXPORTED) - set(NOT_EXPORTED)
    assert not unaccounted, f"belongs to a file, neither exported nor left out: {unaccounted}"
    assert not set(EXPORTED) & set(NOT_EXPORTED)
    # No stale entries: every name is a model that belongs to a file.
    assert (set(EXPORTED) | set(NOT_EXPORTED)) <= labels
    assert all(len(reason) > 20 for reason in NOT_EXPORTED.values())


def test_the_export_holds_every_row_of_every_exported_model():
    """The demo story writes every kind of row the help produces; each exported model's
    rows appear in the families' exports, as many as the database holds."""
    with time_machine.travel(NOON, tick=False):
        load_demo()
        # What the demo story does not write: a contact of the family's own network.
        family = Family.objects.order_by("pk").first()
        InformalNetworkContact.objects.create(family=family, name="Buurvrouw", relation="buren")
        # Nor what a family writes in the portal: one of each, in a family with an agreed plan.
        version = PlanVersion.objects.filter(status=VersionStatus.AGREED).order_by("pk").first()
        trajectory = version.plan.trajectory
        member = trajectory.family.members.order_by("pk").first()
        FamilyView.objects.create(version=version, member=member, words="Goed", stance="agree")
        GoalProposal.objects.create(trajectory=trajectory, member=member, words="Ik wil op judo.")
        EvaluationAnswer.objects.create(
            trajectory=trajectory, version=version, member=member, round=1, satisfaction=4
        )
        FamilyMessage.objects.create(trajectory=trajectory, member=member, text="Tot dinsdag.")
        offer = ProfessionalOffer.objects.create(
            trajectory=trajectory,
            professional=Professional.objects.order_by("pk").first(),
            score=3.5,
        )
        FamilyChoice.objects.create(trajectory=trajectory, member=member, offer=offer, reason="")
        exports = {f.pk: family_export(f, hidden=set()) for f in Family.objects.all()}
    owned = {model._meta.label: (model, paths) for model, paths in family_owned_models().items()}
    empty = []
    for label, where in EXPORTED.items():
        model, paths = owned[label]
        lookup = "__".join(paths[0])
        in_database = Counter(model.objects.values_list(lookup, flat=True))
        in_export = Counter({pk: len(_walk(data, where)) for pk, data in exports.items()})
        assert +in_database == +in_export, label
        if not in_database:
            empty.append(label)
    # Every exported model has rows here, so no count above holds trivially.
    assert not empty, empty


@pytest.fixture
def file():
    with time_machine.travel(NOON, tick=False):
        family = FamilyFactory(name="Vermeulen")
        mother = FamilyMemberFactory(family=family, given_name="Kim", role=MemberRole.PARENT)
        daan = FamilyMemberFactory(
            family=family, given_name="Daan", date_of_birth=datetime.date(2017, 1, 5)
        )
        noor = FamilyMemberFactory(
            family=family, given_name="Noor", date_of_birth=datetime.date(2019, 2, 2)
        )
        trajectory = TrajectoryFactory(family=family, phase=Phase.WALK_ALONG)
        coordinator = make_professional(network=family.network)
        add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
        version = make_plan(trajectory, actor=coordinator.user, goals=0)
        school_goal = GoalFactory(
            version=version, title="Daan gaat elke dag naar school", members=[daan]
        )
        noor_goal = GoalFactory(
            version=version,
            title="Noor slaapt weer door",
            domain=life_domain("geestelijke-gezondheid"),
            members=[noor],
        )
        from samenspel.plans.actions import agree_version

        version = agree_version(version, actor=coordinator.user, agreed_on=TODAY)
        add_observation(
            trajectory,
            life_domain="huisvesting",
            kind="concern",
            text="Moeder vertelt over de ruzies thuis",
            actor=coordinator.user,
        )
        record_evaluation(
            trajectory,
            version=version,
            held_on=TODAY,
            step=Step.SAME,
            next_evaluation_on=TODAY + datetime.timedelta(days=90),
            scores={school_goal: (0, "Gaat goed"), noor_goal: (-1, "Nog moeilijk")},
            goes_well="Het gezin praat meer met elkaar",
            actor=coordinator.user,
        )
        school = OrganisationFactory(name="Onderwijsteam")
        add_to_network(school, family.network)
        teacher = make_professional(organisation=school, network=family.network)
        add_to_team(trajectory, teacher, CareTeamRole.SPECIALIST)
    return {
        "family": family,
        "mother": mother,
        "daan": daan,
        "coordinator": coordinator,
        "school": school,
        "teacher": teacher,
    }


def test_the_coordinators_export_holds_goals_evaluations_and_the_journal(file, client):
    client.force_login(file["coordinator"].user)
    with time_machine.travel(NOON, tick=False):
        response = client.get(reverse("families:export_json", args=[file["family"].pk]))
    data = json.loads(response.content)
    [trajectory] = data["trajectories"]
    [version] = trajectory["plan"]["versions"]
    goal = next(g for g in version["goals"] if g["title"] == "Noor slaapt weer door")
    assert [level["level"] for level in goal["gas_levels"]] == [-2, -1, 0, 1, 2]
    assert goal["gas_levels"][2]["text"] == "Noah gaat elke dag naar school."
    [evaluation] = trajectory["evaluations"]
    assert evaluation["goes_well"] == "Het gezin praat meer met elkaar"
    assert {s["goal"]: s["attainment"] for s in evaluation["goal_scores"]} == {
        "Daan gaat elke dag naar school": 0,
        "Noor slaapt weer door": -1,
    }
    assert evaluation["gas_t_score"] is not None
    assert trajectory["journal"][0]["text"] == "Moeder vertelt over de ruzies thuis"
    assert "withheld" not in data


def test_a_partial_reader_gets_only_their_members_and_categories_and_is_told(file, client):
    consent = add_consent(
        file["family"],
        file["school"],
        data_categories=[DataCategory.PERSONAL, DataCategory.SCHOOL],
        valid_from=TODAY - datetime.timedelta(days=10),
    )
    consent.about.set([file["daan"]])
    client.force_login(file["teacher"].user)
    with time_machine.travel(NOON, tick=False):
        response = client.get(reverse("families:export_json", args=[file["family"].pk]))
        pdf_html = client.get(reverse("families:export_pdf", args=[file["family"].pk]))
    assert pdf_html.status_code == 200
    body = response.content.decode()
    data = json.loads(body)
    [trajectory] = data["trajectories"]
    [version] = trajectory["plan"]["versions"]
    # Daan's school goal, nothing about Noor, the journal nor the evaluation's words.
    assert [g["title"] for g in version["goals"]] == ["Daan gaat elke dag naar school"]
    for secret in ("Noor", "Kim", "ruzies thuis", "praat meer met elkaar"):
        assert not re.search(rf"\b{secret}\b", body), secret
    assert trajectory["journal"] == [] and trajectory["evaluations"] == []
    parts = set(data["withheld"]["parts"])
    assert {
        "trajectories[].journal",
        "trajectories[].evaluations",
        "trajectories[].plan.goals",
    } <= parts
    assert data["withheld"]["reason"] == "U ziet dit niet: geen toestemming."
