"""Who is calling: a bearer token from the OAuth token endpoint (api/oauth.py) turned into
an `ApiCaller`, with the per-client rate limit. Used by the JSON API and FHIR alike."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model
from django.http import HttpRequest
from oauth2_provider.models import AccessToken

from samenspel import audit
from samenspel.api.models import ApiClient
from samenspel.audit.log import ActingAs, Entry
from samenspel.audit.models import EventType, Outcome

if TYPE_CHECKING:
    from samenspel.network.models import Professional

SYSTEM_ROLE = "system"


@dataclass(frozen=True)
class ApiCaller:
    client: ApiClient
    scopes: frozenset[str]

    @property
    def organisation_id(self) -> int:
        return self.client.organisation_id


class CallRefused(Exception):  # noqa: N818 - an answer, not a bug
    """The call is refused before any data is read: 401, 403 (scope) or 429."""

    def __init__(self, status: int, detail: str, *, retry_after: int | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.retry_after = retry_after


def _bearer(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    kind, _, token = header.partition(" ")
    return token.strip() if kind.lower() == "bearer" else ""


def authenticate(request: HttpRequest, scope: str) -> ApiCaller:
    """The caller of this request if its token is valid and grants `scope`; sets
    `request.acting_as` so every access event names the organisation as controller."""
    raw = _bearer(request)
    if not raw:
        raise CallRefused(401, "A bearer token is required.")
    token = (
        AccessToken.objects.select_related("application__api_client__organisation")
        .filter(token_checksum=hashlib.sha256(raw.encode()).hexdigest())
        .first()
    )
    client = getattr(token.application, "api_client", None) if token and token.application else None
    if token is None or client is None or token.is_expired() or client.revoked_at is not None:
        raise CallRefused(401, "The token is unknown, expired or revoked.")
    request.acting_as = ActingAs(  # type: ignore[attr-defined]
        role=SYSTEM_ROLE,
        organisation_id=client.organisation_id,
        organisation_name=client.organisation.name,
        client_id=client.client_id,
        client_label=client.label,
    )
    caller = ApiCaller(client=client, scopes=frozenset(token.scope.split()))
    _throttle(client)
    if scope not in caller.scopes:
        log(request, caller, "api.call.refused", outcome=Outcome.DENIED, detail={"scope": scope})
        raise CallRefused(403, f"This token does not grant the scope {scope}.")
    return caller


def _throttle(client: ApiClient) -> None:
    """A fixed window per client and minute in the shared cache."""
    rate = client.rate_per_minute or getattr(settings, "SAMENSPEL_API_RATE", 120)
    window = int(time.time() // 60)
    key = f"api:rate:{client.application.client_id}:{window}"
    # Increment first: the window's entry exists for every call but its first, and with the
    # database cache each cache call costs queries (bench/README.md, "FHIR reads").
    try:
        count = cache.incr(key)
    except ValueError:  # the window's first call (or its entry expired meanwhile)
        cache.add(key, 0, 70)
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, 70)
            count = 1
    if count > rate:
        raise CallRefused(429, "Rate limit reached.", retry_after=60 - int(time.time()) % 60)


def log(
    request: HttpRequest,
    caller: ApiCaller,
    action: str,
    *,
    family_id: int | None = None,
    obj: Model | None = None,
    purpose: str = "",
    consent_id: int | None = None,
    outcome: Outcome = Outcome.ALLOWED,
    event_type: EventType = EventType.READ,
    detail: dict | None = None,
) -> None:
    """One access event for this call: the client as actor, its organisation as controller."""
    audit.record(
        event_type,
        action,
        actor=None,
        request=request,
        family_id=family_id,
        obj=obj,
        purpose=purpose,
        consent_id=consent_id,
        outcome=outcome,
        user_label=caller.client.label,
        detail={"client_id": caller.client.client_id, **(detail or {})},
    )


def log_many(
    request: HttpRequest,
    caller: ApiCaller,
    action: str,
    entries: Sequence[Entry],
    *,
    event_type: EventType = EventType.READ,
) -> None:
    """`log` for several events of one call (a search page) in one write: each exactly the
    event `log` writes with the entry's keywords, in the entries' order."""
    audit.record_many(
        event_type,
        action,
        [
            replace(entry, detail={"client_id": caller.client.client_id, **(entry.detail or {})})
            for entry in entries
        ],
        actor=None,
        request=request,
        user_label=caller.client.label,
    )


ACTING_HEADER = "Acting-Professional"


def acting_professional(request: HttpRequest, caller: ApiCaller, named: str) -> Professional:
    """The professional a write acts for (docs/API.md, "Who writes"): named by the client as
    `Practitioner/<id>` or by their e-mail address, and working for the client's own
    organisation (home organisation), with an active account. The writes' actions then run
    with this professional as `actor=`, the client in the event's detail (`request.acting_as`)."""
    from samenspel.network.models import Professional as ProfessionalModel

    named = named.strip()
    professionals = ProfessionalModel.objects.select_related("user", "home_organisation").filter(
        home_organisation_id=caller.organisation_id, user__is_active=True
    )
    if named.startswith("Practitioner/") and named.removeprefix("Practitioner/").isdigit():
        found = professionals.filter(pk=int(named.removeprefix("Practitioner/"))).first()
    elif "@" in named and len(named) <= 254:
        found = professionals.filter(user__email__iexact=named).first()
    else:
        raise CallRefused(
            400,
            f"Name the acting professional in the {ACTING_HEADER} header: "
            "Practitioner/<id> or their e-mail address.",
        )
    if found is None:
        log(
            request,
            caller,
            "api.call.refused",
            outcome=Outcome.DENIED,
            detail={"acting_professional": named[:100]},
        )
        raise CallRefused(403, "The acting professional does not work for your organisation.")
    return found
