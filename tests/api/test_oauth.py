"""SMART Backend Services: a client gets a token only with an assertion signed by an active
key of its own, for its own scopes; keys rotate; revoked clients and bad tokens get 401."""

from __future__ import annotations

import json

import pytest

from samenspel.api import actions
from tests.api.conftest import assertion, get_token, new_key, register
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_smart_configuration_names_the_token_endpoint_and_key_authentication(client):
    body = client.get("/.well-known/smart-configuration").json()
    assert body["token_endpoint"] == "http://testserver/oauth/token"
    assert body["token_endpoint_auth_methods_supported"] == ["private_key_jwt"]
    assert "system/CareTeam.read" in body["scopes_supported"]
    assert client.get("/fhir/.well-known/smart-configuration").json() == body


def test_a_signed_assertion_gets_a_token_for_the_clients_own_scopes(client):
    api_client, key = register(OrganisationFactory(), scopes=["system/CareTeam.read"])
    answer = get_token(client, api_client, key, "system/CareTeam.read")
    assert answer["status"] == 200 and answer["token_type"] == "Bearer"
    assert answer["scope"] == "system/CareTeam.read" and answer["expires_in"] == 300
    refused = get_token(client, api_client, key, "system/CarePlan.read")
    assert refused["status"] == 400 and refused["error"] == "invalid_scope"


def test_a_foreign_key_a_replay_a_wrong_audience_and_a_secret_are_refused(client):
    api_client, key = register(OrganisationFactory())
    assert get_token(client, api_client, new_key())["status"] == 401
    signed = assertion(api_client.client_id, key)
    data = {
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": signed,
    }
    assert client.post("/oauth/token", data).status_code == 200
    assert client.post("/oauth/token", data).status_code == 401  # same jti
    data["client_assertion"] = assertion(api_client.client_id, key, aud="http://elsewhere/t")
    assert client.post("/oauth/token", data).status_code == 401
    data["client_assertion"] = assertion(api_client.client_id, key, exp_in=3600)
    assert client.post("/oauth/token", data).status_code == 401
    secret = {
        "grant_type": "client_credentials",
        "client_id": api_client.client_id,
        "client_secret": "guess",
    }
    assert client.post("/oauth/token", secret).status_code == 401


def test_keys_rotate_and_a_revoked_client_loses_its_tokens(client):
    api_client, old = register(OrganisationFactory())
    new = new_key()
    actions.add_key(api_client, json.loads(new.export_public()))
    assert get_token(client, api_client, new)["status"] == 200
    assert get_token(client, api_client, old)["status"] == 200
    actions.retire_key(api_client, old["kid"])
    assert get_token(client, api_client, old)["status"] == 401
    token = get_token(client, api_client, new, "system/Organization.read")["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/organisations", headers=headers).status_code == 200
    actions.revoke_client(api_client)
    response = client.get("/api/v1/organisations", headers=headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert get_token(client, api_client, new)["status"] == 401


def test_the_rate_limit_is_per_client(client):
    organisation = OrganisationFactory()
    api_client, key = register(organisation, rate=3)
    token = get_token(client, api_client, key, "system/Organization.read")["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    other, other_key = register(organisation, rate=3)
    other_token = get_token(client, other, other_key, "system/Organization.read")["access_token"]
    codes = [client.get("/api/v1/organisations", headers=headers).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/api/v1/organisations", headers=headers)
    assert limited["Retry-After"] and limited.json()["status"] == 429
    other_headers = {"Authorization": f"Bearer {other_token}"}
    assert client.get("/api/v1/organisations", headers=other_headers).status_code == 200


def test_a_token_without_the_scope_is_refused_and_logged(client):
    from samenspel.audit.models import AccessEvent

    api_client, key = register(OrganisationFactory(), scopes=["system/Organization.read"])
    token = get_token(client, api_client, key)["access_token"]
    response = client.get("/api/v1/trajectories", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert response.json()["title"] == "Forbidden"
    event = AccessEvent.objects.get(action="api.call.refused")
    assert event.user_label == api_client.label
    assert event.acting_organisation_id == api_client.organisation_id
