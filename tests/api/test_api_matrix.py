"""A system of an organisation sees exactly what a professional of that organisation on the
family's team sees (issue 18): for every organisation persona of the widened matrix
(tests/access/personas.py), the policy's answer for the organisation equals the answer for
its professional; every endpoint answers 200/403/404 as that answer says; lists hold exactly
the families allowed; no body names a member, safety note or goal the reader may not see."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from samenspel.access.policy import Action, decide, decide_for_organisation
from samenspel.audit.models import AccessEvent
from tests.access.personas import build_wide_world
from tests.access.test_url_matrix import _withheld
from tests.factories import OrganisationFactory

TODAY = datetime.date(2026, 11, 25)
ORGANISATION_PERSONAS = [
    "coordinator",
    "consent_full",
    "consent_partial",
    "consent_none",
    "consent_withdrawn",
    "consent_expired",
    "consent_turned_12",
]


@pytest.fixture(scope="module")
def wide(django_db_setup, django_db_blocker):
    noon = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(noon), django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_wide_world(TODAY)
            world.kwargs["stranger"] = OrganisationFactory().pk
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def on_today():
    noon = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(noon):
        yield


def family_endpoints(wide) -> list[str]:
    trajectory, family = wide.kwargs["trajectory_id"], wide.kwargs["family_id"]
    return [
        f"/api/v1/trajectories/{trajectory}",
        f"/api/v1/trajectories/{trajectory}/plan",
        f"/api/v1/trajectories/{trajectory}/meetings",
        f"/api/v1/families/{family}/consents",
        f"/api/v1/families/{family}/access-events",
        f"/fhir/CareTeam/{trajectory}",
        f"/fhir/CarePlan/{trajectory}",
        f"/fhir/CarePlan/{trajectory}/_history",
        f"/fhir/Group/{family}",
        f"/fhir/Consent?patient=Group/{family}",
        f"/fhir/AuditEvent?entity=Group/{family}",
        f"/fhir/QuestionnaireResponse?subject=Group/{family}",
        # _include never adds what the client may not read itself
        f"/fhir/CareTeam?subject=Group/{family}&_include=CareTeam:participant"
        "&_include=CareTeam:subject",
    ]


def organisation_of(wide, persona: str):
    return wide.users[persona].professional.home_organisation


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ORGANISATION_PERSONAS)
def test_a_client_sees_what_a_professional_of_its_organisation_sees(
    wide, client, token_for, persona, on_today
):
    user = wide.users[persona]
    organisation = organisation_of(wide, persona)
    professional = decide(user, wide.family, Action.VIEW)
    system = decide_for_organisation(organisation.pk, wide.family, Action.VIEW)
    assert (system.allowed, system.visible, system.ground) == (
        professional.allowed,
        professional.visible,
        professional.ground,
    )
    assert system.scope == professional.scope and system.partial == professional.partial
    headers = {"Authorization": token_for(organisation)}
    expected = 200 if professional.allowed else 403
    withheld = _withheld(user, wide)
    problems = []
    for url in family_endpoints(wide):
        response = client.get(url, headers=headers)
        search = "?" in url  # a search answers 200 with only what may be seen
        want = 200 if search else expected
        if response.status_code != want:
            problems.append(f"{url}: {response.status_code}, expected {want}")
        text = response.content.decode()
        problems += [f"{url}: shows {shown!r}" for shown in withheld if shown in text]
        if search and not professional.allowed and '"entry"' in text:
            problems.append(f"{url}: a search found entries without a ground")
    listed = client.get("/api/v1/trajectories", headers=headers).json()["items"]
    listed_ids = {item["family_id"] for item in listed}
    assert listed_ids == ({wide.family.pk} if professional.allowed else set())
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_an_organisation_not_on_the_team_gets_404_and_an_empty_list(
    wide, client, token_for, on_today
):
    from samenspel.network.models import Organisation

    stranger = Organisation.objects.get(pk=wide.kwargs["stranger"])
    headers = {"Authorization": token_for(stranger)}
    for url in family_endpoints(wide):
        response = client.get(url, headers=headers)
        if "?" in url:
            assert response.status_code == 200 and '"entry"' not in response.content.decode()
        else:
            assert response.status_code == 404, url
            assert response["Content-Type"] in {
                "application/problem+json",
                "application/fhir+json",
            }
    assert client.get("/api/v1/trajectories", headers=headers).json()["items"] == []
    refused = AccessEvent.objects.filter(
        family_id=wide.family.pk, acting_organisation_id=stranger.pk, outcome="denied"
    )
    assert refused.count() >= 5


@pytest.mark.django_db
def test_every_call_is_in_the_access_log_with_the_client_and_its_organisation(
    wide, client, token_for, on_today
):
    organisation = organisation_of(wide, "coordinator")
    headers = {"Authorization": token_for(organisation)}
    trajectory = wide.kwargs["trajectory_id"]
    before = AccessEvent.objects.count()
    assert client.get(f"/api/v1/trajectories/{trajectory}/plan", headers=headers).status_code == 200
    event = AccessEvent.objects.order_by("-id").first()
    assert AccessEvent.objects.count() == before + 1
    assert event.action == "api.plan.read" and event.family_id == wide.family.pk
    assert event.user_id is None and event.user_label.startswith("Koppeling ")
    assert event.acting_organisation_id == organisation.pk and event.acting_role == "system"
    assert event.purpose == "care_team"
    own = client.get(f"/api/v1/families/{wide.family.pk}/access-events", headers=headers).json()
    assert event.pk in {item["id"] for item in own["items"]}
    assert all(item["organisation"] == organisation.name for item in own["items"])


@pytest.mark.django_db
def test_lists_page_by_cursor_with_a_fixed_number_of_queries(
    wide, client, token_for, on_today, django_assert_num_queries
):
    organisation = organisation_of(wide, "coordinator")
    headers = {"Authorization": token_for(organisation)}
    first = client.get("/api/v1/organisations?limit=2", headers=headers).json()
    assert len(first["items"]) == 2 and first["next"]
    second = client.get(first["next"], headers=headers).json()
    assert {o["id"] for o in first["items"]}.isdisjoint({o["id"] for o in second["items"]})
    bad = client.get("/api/v1/organisations?cursor=forged", headers=headers)
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    # token, rate limit (cache: none), page, access event
    with django_assert_num_queries(3):
        client.get("/api/v1/organisations?limit=2", headers=headers)
    with django_assert_num_queries(3):
        client.get("/api/v1/organisations?limit=50", headers=headers)
    with django_assert_num_queries(3):
        client.get("/api/v1/trajectories", headers=headers)


@pytest.mark.django_db
def test_bad_input_is_a_problem_document(wide, client, token_for, on_today):
    headers = {"Authorization": token_for(organisation_of(wide, "coordinator"))}
    response = client.get("/api/v1/organisations?limit=0", headers=headers)
    assert response.status_code == 422
    body = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert body["status"] == 422 and body["errors"][0]["field"].endswith("limit")
    assert client.get("/api/v1/trajectories/abc", headers=headers).status_code in {404, 422}
    assert client.get("/api/v1/trajectories").status_code == 401
