"""Every /api/v1/ operation fuzzed from its OpenAPI description (schemathesis + hypothesis):
no server error, every refusal an RFC 9457 problem, and a refused write leaves nothing
written (the rows a write could add are counted around every call). Bounded (a fixed
number of derandomised examples per operation) so it stays well under a minute."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from samenspel.trajectories.models import Phase
from tests.factories import (
    FamilyFactory,
    OrganisationFactory,
    TrajectoryFactory,
    add_to_network,
    add_to_team,
    make_professional,
)
from tests.factories.plans import make_plan

pytestmark = pytest.mark.django_db(transaction=False)

EXAMPLES = 15


def test_the_openapi_description_is_3_1_and_lists_every_read(client):
    description = client.get("/api/v1/openapi.json").json()
    assert description["openapi"].startswith("3.1")
    assert {"/api/v1/trajectories", "/api/v1/trajectories/{trajectory_id}/plan"} <= set(
        description["paths"]
    )


def test_fuzz_every_operation(client, token_for):
    family = FamilyFactory()
    trajectory = TrajectoryFactory(family=family, phase=Phase.PLAN)  # writes reach the actions
    organisation = OrganisationFactory()
    add_to_network(organisation, family.network)
    professional = make_professional(organisation=organisation, network=family.network)
    add_to_team(trajectory, professional)
    make_plan(trajectory, actor=professional.user, goals=1)
    # The acting professional is a valid one, so bodies reach the actions' own rules.
    headers = {
        "Authorization": token_for(organisation),
        "Acting-Professional": f"Practitioner/{professional.pk}",
    }
    # The description served by the app; the calls go through Django's test client (so they
    # stay inside the test's transaction).
    schema = schemathesis.openapi.from_dict(client.get("/api/v1/openapi.json").json())
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14
    assert {op.method.upper() for op in operations} == {"GET", "POST"}
    for operation in operations:
        _fuzz(client, operation, headers, failures)
    assert not failures, "\n".join(sorted(set(failures))[:20])


def _fuzz(client, operation, headers: dict[str, str], failures: list[str]) -> None:
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case) -> None:
        before = _written()
        body = case.body if isinstance(case.body, dict | list) else None
        response = client.generic(
            operation.method.upper(),
            case.formatted_path,
            data=json.dumps(body) if body is not None else "",
            content_type="application/json",
            QUERY_STRING=urlencode(case.query or {}, doseq=True),
            headers=headers,
        )
        where = f"{operation.method.upper()} {case.formatted_path} {case.query} {body}"
        if response.status_code >= 500:
            failures.append(f"{where}: {response.status_code}")
        elif response.status_code >= 400:
            kind = response["Content-Type"]
            if kind != "application/problem+json":
                failures.append(f"{where}: {response.status_code} as {kind}")
            if _written() != before:
                failures.append(f"{where}: {response.status_code} but something was written")

    run()


def _written() -> tuple[int, ...]:
    """The rows a write of the API can add."""
    from samenspel.families.models import Family, HelpQuestion, Registration
    from samenspel.insight.models import TimeEntry
    from samenspel.plans.models import Goal, PlanAction
    from samenspel.trajectories.models import Observation, Trajectory

    models = (Family, Registration, HelpQuestion, Trajectory, Observation, TimeEntry, Goal)
    return tuple(m.objects.count() for m in (*models, PlanAction))
