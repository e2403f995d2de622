"""The SMART configuration and the token endpoint (django-oauth-toolkit's, with our
validator): how a system of an organisation gets a token."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from samenspel.api.models import SCOPES
from samenspel.api.oauth import SIGNING_ALGORITHMS


@require_GET
def smart_configuration(request: HttpRequest) -> JsonResponse:
    """SMART App Launch 2.x `.well-known/smart-configuration`, the backend-services part."""
    return JsonResponse(
        {
            "token_endpoint": request.build_absolute_uri(reverse("api:token")),
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": SIGNING_ALGORITHMS,
            "grant_types_supported": ["client_credentials"],
            "scopes_supported": sorted(SCOPES),
            "capabilities": ["client-confidential-asymmetric"],
        }
    )
