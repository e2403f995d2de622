"""An API client of an organisation, its key, and a token got the SMART way."""

from __future__ import annotations

import json
import time
import uuid

import pytest
from jwcrypto import jwk, jwt

from samenspel.api import actions
from samenspel.api.models import SCOPES
from samenspel.api.oauth import ASSERTION_TYPE

TOKEN_URL = "http://testserver/oauth/token"


def new_key() -> jwk.JWK:
    return jwk.JWK.generate(kty="EC", crv="P-384", kid=uuid.uuid4().hex)


def assertion(client_id: str, key: jwk.JWK, *, aud: str = TOKEN_URL, exp_in: int = 240) -> str:
    token = jwt.JWT(
        header={"alg": "ES384", "kid": key["kid"], "typ": "JWT"},
        claims={
            "iss": client_id,
            "sub": client_id,
            "aud": aud,
            "exp": int(time.time()) + exp_in,
            "jti": uuid.uuid4().hex,
        },
    )
    token.make_signed_token(key)
    return token.serialize()


def register(organisation, *, scopes=None, key=None, rate: int = 1000):
    key = key or new_key()
    client = actions.register_client(
        organisation_id=organisation.pk,
        name=f"Systeem van {organisation.name}",
        scopes=list(scopes or SCOPES),
        public_jwk=json.loads(key.export_public()),
        rate_per_minute=rate,
    )
    return client, key


def get_token(http, client, key, scope: str = "") -> dict:
    data = {
        "grant_type": "client_credentials",
        "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": assertion(client.client_id, key),
    }
    if scope:
        data["scope"] = scope
    response = http.post("/oauth/token", data)
    return {"status": response.status_code, **response.json()}


@pytest.fixture
def token_for(client):
    """token_for(organisation, scopes=None) → an Authorization header value."""

    def make(organisation, scopes=None) -> str:
        api_client, key = register(organisation, scopes=scopes)
        answer = get_token(client, api_client, key, " ".join(scopes or SCOPES))
        assert answer["status"] == 200, answer
        return f"Bearer {answer['access_token']}"

    return make
