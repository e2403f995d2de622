"""FHIR R4: every resource we produce parses with the fhir.resources models (R4B package:
R4 with errata; the resources used here are the same), the CapabilityStatement lists what
exists, CarePlan keeps one version per plan version, errors are OperationOutcomes."""

from __future__ import annotations

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
    assert [e["resource"]["status"] for e in history["entry"]] == ["draft", "revoked"]
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
