"""FHIR R4: every resource we produce parses with the fhir.resources models (R4B package:
R4 with errata; the resources used here are the same), the CapabilityStatement lists what
exists, CarePlan keeps one version per plan version, errors are OperationOutcomes."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone
from fhir.resources.R4B.auditevent import AuditEvent
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.careteam import CareTeam
from fhir.resources.R4B.consent import Consent
from fhir.resources.R4B.group import Group
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.practitioner import Practitioner

from samenspel.plans.actions import start_plan
from samenspel.plans.models import Goal, InstrumentDomain, VersionStatus
from samenspel.trajectories.models import CareTeamRole
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

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(token_for):
    family = FamilyFactory(name="Smit")
    FamilyMemberFactory(family=family, given_name="Ilse")
    trajectory = TrajectoryFactory(family=family)
    organisation = OrganisationFactory(name="Jeugdhulp Smit")
    add_to_network(organisation, family.network)
    coordinator = make_professional(organisation=organisation, network=family.network)
    add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
    version = start_plan(trajectory, actor=coordinator.user)
    domain = InstrumentDomain.objects.filter(code="financien").first()
    Goal.objects.create(version=version, title="Rust in de financiën", domain=domain, level_0="Ok")
    add_consent(family, organisation)
    return {
        "family": family,
        "trajectory": trajectory,
        "organisation": organisation,
        "professional": coordinator,
        "version": version,
        "headers": {"Authorization": token_for(organisation)},
    }


def test_the_served_familys_resources_are_valid_fhir(client, served):
    t, f, headers = served["trajectory"].pk, served["family"].pk, served["headers"]
    checks = [
        (f"/fhir/CareTeam/{t}", CareTeam),
        (f"/fhir/CareTeam?subject=Group/{f}", Bundle),
        (f"/fhir/Group/{f}", Group),
        (f"/fhir/CarePlan/{t}", CarePlan),
        (f"/fhir/CarePlan/{t}/_history", Bundle),
        (f"/fhir/CarePlan/{t}/_history/1", CarePlan),
        (f"/fhir/Consent?patient=Group/{f}", Bundle),
        (f"/fhir/AuditEvent?entity=Group/{f}", Bundle),
        (f"/fhir/Practitioner/{served['professional'].pk}", Practitioner),
        (f"/fhir/Organization/{served['organisation'].pk}", Organization),
        (f"/fhir/PractitionerRole?organization=Organization/{served['organisation'].pk}", Bundle),
        ("/fhir/Organization?name=Smit", Bundle),
    ]
    for url, model in checks:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.content)
        assert response["Content-Type"] == "application/fhir+json"
        resource = model.model_validate(response.json())
        if isinstance(resource, Bundle):
            assert resource.entry, url
    team = client.get(f"/fhir/CareTeam/{t}", headers=headers).json()
    assert team["subject"] == {"reference": f"Group/{f}"}
    assert team["participant"][0]["onBehalfOf"]["reference"].startswith("Organization/")
    plan = client.get(f"/fhir/CarePlan/{t}", headers=headers).json()
    assert plan["contained"][0]["description"]["text"] == "Rust in de financiën"
    events = client.get(f"/fhir/AuditEvent?entity=Group/{f}", headers=headers).json()
    for entry in events["entry"]:
        AuditEvent.model_validate(entry["resource"])
    consents = client.get(f"/fhir/Consent?patient=Group/{f}", headers=headers).json()
    Consent.model_validate(consents["entry"][0]["resource"])


def test_careplan_history_has_one_version_per_plan_version(client, served):
    from samenspel.plans.models import PlanVersion

    version = served["version"]
    PlanVersion.objects.filter(pk=version.pk).update(
        status=VersionStatus.AGREED, agreed_at=timezone.now()
    )
    PlanVersion.objects.create(plan=version.plan, number=2, created_by=version.created_by)
    t, headers = served["trajectory"].pk, served["headers"]
    history = client.get(f"/fhir/CarePlan/{t}/_history", headers=headers).json()
    assert [e["resource"]["meta"]["versionId"] for e in history["entry"]] == ["2", "1"]
    # The agreed version stays in force (active) while the next one is drafted.
    assert [e["resource"]["status"] for e in history["entry"]] == ["draft", "active"]
    assert client.get(f"/fhir/CarePlan/{t}", headers=headers).json()["meta"]["versionId"] == "2"
    missing = client.get(f"/fhir/CarePlan/{t}/_history/9", headers=headers)
    assert missing.status_code == 404
    OperationOutcome.model_validate(missing.json())


def test_capability_statement_and_errors(client, served):
    statement = client.get("/fhir/metadata").json()
    CapabilityStatement.model_validate(statement)
    kinds = {r["type"] for r in statement["rest"][0]["resource"]}
    assert {"CareTeam", "CarePlan", "Consent", "AuditEvent", "Practitioner"} <= kinds
    unauthenticated = client.get(f"/fhir/CareTeam/{served['trajectory'].pk}")
    assert unauthenticated.status_code == 401
    OperationOutcome.model_validate(unauthenticated.json())
    bad = client.get("/fhir/Consent?patient=Patient/x", headers=served["headers"])
    assert bad.status_code == 400
    OperationOutcome.model_validate(bad.json())


def test_include_adds_the_participants_and_the_family_as_a_read_would_show_them(
    client, served, token_for
):
    t, f, headers = served["trajectory"].pk, served["family"].pk, served["headers"]
    url = (
        f"/fhir/CareTeam?subject=Group/{f}&_include=CareTeam:participant&_include=CareTeam:subject"
    )
    body = client.get(url, headers=headers).json()
    Bundle.model_validate(body)
    modes = [(e["resource"]["resourceType"], e["search"]["mode"]) for e in body["entry"]]
    assert modes == [("CareTeam", "match"), ("Practitioner", "include"), ("Group", "include")]
    group = body["entry"][2]["resource"]
    assert group == client.get(f"/fhir/Group/{f}", headers=headers).json()
    assert body["total"] == 1 and body["entry"][0]["resource"]["id"] == str(t)
    # Without the Practitioner scope, the professionals are not included.
    narrow = {"Authorization": token_for(served["organisation"], ["system/CareTeam.read"])}
    kinds = [e["resource"]["resourceType"] for e in client.get(url, headers=narrow).json()["entry"]]
    assert kinds == ["CareTeam", "Group"]
    # An include this search does not know is a bad parameter, not silently ignored.
    bad = client.get("/fhir/CareTeam?_include=CareTeam:nonsense", headers=headers)
    assert bad.status_code == 400 and bad.json()["resourceType"] == "OperationOutcome"
    statement = client.get("/fhir/metadata").json()
    care_team = next(r for r in statement["rest"][0]["resource"] if r["type"] == "CareTeam")
    assert care_team["searchInclude"] == ["CareTeam:participant", "CareTeam:subject"]


def test_questionnaire_responses_are_valid_fhir_and_narrowed_by_category(client, served, token_for):
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    from samenspel.families.models import DataCategory
    from samenspel.plans.models import Assessment, DomainScore
    from samenspel.portal.models import EvaluationAnswer

    family, trajectory, version = served["family"], served["trajectory"], served["version"]
    zrm = InstrumentDomain.objects.get(version__is_current=True, code="financien").version
    assessment = Assessment.objects.create(
        trajectory=trajectory, instrument_version=zrm, assessed_on=timezone.localdate()
    )
    for code, score in (("financien", 2), ("werk-opleiding", 4)):
        DomainScore.objects.create(
            assessment=assessment,
            domain=zrm.domains.get(code=code),
            score=score,
            relevance="Schulden" if code == "financien" else "",
        )
    goal = version.goals.get()
    member = family.members.get()
    answer = EvaluationAnswer.objects.create(
        trajectory=trajectory,
        version=version,
        member=member,
        round=1,
        goals={str(goal.key): {"feeling": 4, "words": "Het gaat beter"}},
        satisfaction=5,
        goes_well="Rust in huis",
    )
    url = f"/fhir/QuestionnaireResponse?subject=Group/{family.pk}"
    body = client.get(url, headers=served["headers"]).json()
    Bundle.model_validate(body)
    found = {e["resource"]["id"]: e["resource"] for e in body["entry"]}
    assert set(found) == {f"assessment-{assessment.pk}", f"evaluation-answer-{answer.pk}"}
    for resource in found.values():
        QuestionnaireResponse.model_validate(resource)
    scores = found[f"assessment-{assessment.pk}"]["item"]
    assert [(i["linkId"], i["answer"][0]["valueInteger"]) for i in scores] == [
        ("financien", 2),
        ("werk-opleiding", 4),
    ]
    answers = found[f"evaluation-answer-{answer.pk}"]["item"]
    assert answers[0] == {
        "linkId": f"goal-{goal.pk}",
        "text": "Rust in de financiën",
        "answer": [{"valueInteger": 4}, {"valueString": "Het gaat beter"}],
    }
    one = f"/fhir/QuestionnaireResponse/assessment-{assessment.pk}"
    read = client.get(one, headers=served["headers"])
    assert read.status_code == 200 and read.json() == found[f"assessment-{assessment.pk}"]
    # An organisation whose consent shares school but not finances sees only that score.
    other = OrganisationFactory(name="School Smit")
    add_to_network(other, family.network)
    add_to_team(trajectory, make_professional(organisation=other, network=family.network))
    add_consent(
        family,
        other,
        data_categories=[DataCategory.PERSONAL, DataCategory.HELP_QUESTIONS, DataCategory.SCHOOL],
    )
    narrow = {"Authorization": token_for(other)}
    body = client.get(url, headers=narrow).json()
    shown = {e["resource"]["id"]: e["resource"] for e in body["entry"]}
    assert [i["linkId"] for i in shown[f"assessment-{assessment.pk}"]["item"]] == ["werk-opleiding"]
    assert "Schulden" not in json.dumps(body)
    # The goal is about finances: its answer is left out, the rest of the answers shown.
    assert "Het gaat beter" not in json.dumps(body)
    # An organisation that does not serve the family: an empty search, a 404 read.
    stranger = {"Authorization": token_for(OrganisationFactory())}
    assert "entry" not in client.get(url, headers=stranger).json()
    missing = client.get(one, headers=stranger)
    assert missing.status_code == 404
    assert client.get("/fhir/QuestionnaireResponse/nonsense-1", headers=stranger).status_code == 404


def test_a_careplan_read_costs_the_same_queries_however_many_versions(
    client, served, token_for, django_assert_num_queries
):
    """A read builds the latest version only; `_history` builds every version in the same
    number of queries (their goals and actions prefetched together; bench/README.md)."""
    from samenspel.plans.models import PlanVersion
    from tests.factories.plans import GoalFactory, PlanActionFactory

    trajectory, headers = served["trajectory"], served["headers"]
    url = f"/fhir/CarePlan/{trajectory.pk}"
    client.get(url, headers=headers)  # warm: the token's first use
    with django_assert_num_queries(READ_QUERIES):
        assert client.get(url, headers=headers).status_code == 200
    with django_assert_num_queries(CARE_TEAM_QUERIES):
        assert client.get(f"/fhir/CareTeam/{trajectory.pk}", headers=headers).status_code == 200
    version = served["version"]
    for number in (2, 3):  # the earlier version agreed, a new draft with its own content
        PlanVersion.objects.filter(pk=version.pk).update(
            status=VersionStatus.AGREED, agreed_at=timezone.now()
        )
        version = PlanVersion.objects.create(plan=version.plan, number=number)
        goal = GoalFactory(version=version)
        PlanActionFactory(version=version, goal=goal)
    with django_assert_num_queries(READ_QUERIES):
        body = client.get(url, headers=headers).json()
    assert body["meta"]["versionId"] == "3" and body["status"] == "draft"
    with django_assert_num_queries(READ_QUERIES):
        assert client.get(f"{url}/_history", headers=headers).json()["total"] == 3
    with django_assert_num_queries(READ_QUERIES + 1):  # one more: which version is latest
        assert client.get(f"{url}/_history/2", headers=headers).json()["status"] == "active"
    # An organisation on the team by consent: the policy reads the consent's scope, and the
    # goals' members decide what it sees; still the same number for one version or three.
    other = OrganisationFactory(name="School Smit")
    network = trajectory.family.network
    add_to_network(other, network)
    add_to_team(trajectory, make_professional(organisation=other, network=network))
    add_consent(trajectory.family, other)
    narrow = {"Authorization": token_for(other)}
    client.get(url, headers=narrow)
    with django_assert_num_queries(CONSENT_READ_QUERIES):
        assert client.get(url, headers=narrow).status_code == 200
    with django_assert_num_queries(CONSENT_READ_QUERIES):
        assert client.get(f"{url}/_history", headers=narrow).json()["total"] == 3


# Fixed numbers, however many versions (bench/README.md, "FHIR reads"), with a cache that is
# not the database (tests: local memory; production: Redis). A read: the token, the versions
# with their trajectory and family, the policy, the access event, the members' confidential
# sections, the goals, the actions.
READ_QUERIES = 7
CARE_TEAM_QUERIES = 4  # the token, the team with its trajectory, the policy, the access event
CONSENT_READ_QUERIES = 11  # and the consent's scope, the household, the members out of it
