"""SMART Backend Services client authentication (private_key_jwt) on django-oauth-toolkit.

The toolkit issues, stores (as checksums only) and expires the tokens; this validator adds
what it lacks: a client proves itself with a JWT it signed with one of its registered keys
(RFC 7523 §2.2; SMART App Launch "Backend Services"), and asks only for the scopes its
organisation's integrator granted it.
"""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlsplit

from django.core.cache import cache
from jwcrypto import jwk, jws, jwt
from oauth2_provider.oauth2_validators import OAuth2Validator

from samenspel.api.models import ApiClient

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
SIGNING_ALGORITHMS = ["RS384", "ES384", "RS256", "ES256"]
# SMART: an assertion lives at most five minutes; its jti is remembered that long.
MAX_ASSERTION_SECONDS = 300


class InvalidAssertionError(Exception):
    """The client's assertion does not prove who it says it is."""


def _unverified_claims(assertion: str) -> dict[str, Any]:
    token = jws.JWS()
    token.deserialize(assertion)
    return json.loads(token.objects["payload"])


def verify_assertion(assertion: str, token_url: str) -> ApiClient:
    """The active client that signed this assertion for our token endpoint, or raise."""
    try:
        claims = _unverified_claims(assertion)
    except (ValueError, KeyError, jws.InvalidJWSObject) as error:
        raise InvalidAssertionError("not a JWS") from error
    client_id = claims.get("iss")
    if not client_id or claims.get("sub") != client_id:
        raise InvalidAssertionError("iss and sub must both be the client id")
    client = (
        ApiClient.objects.active()
        .select_related("application", "organisation")
        .filter(application__client_id=client_id)
        .first()
    )
    if client is None:
        raise InvalidAssertionError("unknown client")
    keys = jwk.JWKSet()
    for public in client.keys.filter(retired_at__isnull=True).values_list("public_jwk", flat=True):
        keys.add(jwk.JWK(**public))
    try:
        verified = jwt.JWT(
            jwt=assertion,
            key=keys,
            algs=SIGNING_ALGORITHMS,
            check_claims={"exp": None, "jti": None, "aud": _strip(token_url)},
            expected_type="JWS",
        )
    except Exception as error:  # jwcrypto raises several unrelated types
        raise InvalidAssertionError("signature or claims do not verify") from error
    claims = json.loads(verified.claims)
    now = time.time()
    if claims["exp"] > now + MAX_ASSERTION_SECONDS:
        raise InvalidAssertionError("exp too far ahead")
    if not cache.add(f"api:jti:{client_id}:{claims['jti']}", 1, MAX_ASSERTION_SECONDS + 60):
        raise InvalidAssertionError("jti used before")
    return client


def _token_url(request: Any) -> str:
    """The absolute address of the token endpoint this request reached: the audience the
    assertion must name (django-oauth-toolkit hands oauthlib the path only)."""
    headers = request.headers  # Django's META, as django-oauth-toolkit passes it
    secure = bool(headers.get("X_DJANGO_OAUTH_TOOLKIT_SECURE"))
    scheme = "https" if secure else "http"
    host = headers.get("HTTP_HOST") or headers.get("SERVER_NAME", "")
    port = str(headers.get("SERVER_PORT", ""))
    if not headers.get("HTTP_HOST") and port and port != ("443" if secure else "80"):
        host = f"{host}:{port}"
    return f"{scheme}://{host}{urlsplit(request.uri).path}"


def _strip(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


class SmartValidator(OAuth2Validator):
    """Client credentials with a signed assertion; scopes limited to the client's own."""

    def authenticate_client(self, request: Any, *args: Any, **kwargs: Any) -> bool:
        if getattr(request, "client_assertion_type", None) != ASSERTION_TYPE:
            return False  # no client secret, no basic auth: only keys
        try:
            client = verify_assertion(request.client_assertion or "", _token_url(request))
        except InvalidAssertionError:
            return False
        request.client = client.application
        request.client_id = client.application.client_id
        request.api_client = client
        return True

    def validate_scopes(
        self, client_id: str, scopes: list[str], client: Any, request: Any, *args: Any, **kw: Any
    ) -> bool:
        api_client = getattr(request, "api_client", None)
        return api_client is not None and set(scopes) <= api_client.scope_set

    def get_default_scopes(self, client_id: str, request: Any, *args: Any, **kw: Any) -> list[str]:
        api_client = getattr(request, "api_client", None)
        return sorted(api_client.scope_set) if api_client is not None else []
