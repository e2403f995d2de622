"""Writes of the api app: registering a client for an organisation, rotating its keys,
revoking it; a professional's calendar feed."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from oauth2_provider.models import AccessToken, Application

from samenspel.api.models import SCOPES, ApiClient, CalendarFeed, ClientKey


class UnknownScopeError(ValueError):
    pass


@transaction.atomic
def register_client(
    *,
    organisation_id: int,
    name: str,
    scopes: list[str],
    public_jwk: dict[str, Any],
    rate_per_minute: int = 120,
    actor: Any = None,
) -> ApiClient:
    """A new client for an organisation, authenticating with the key `public_jwk`."""
    unknown = set(scopes) - set(SCOPES)
    if unknown:
        raise UnknownScopeError(", ".join(sorted(unknown)))
    application = Application.objects.create(
        name=name,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        # Never handed out: the client proves itself with its key only (api/oauth.py).
        client_secret=secrets.token_urlsafe(48),
    )
    client = ApiClient.objects.create(
        application=application,
        organisation_id=organisation_id,
        name=name,
        scopes=" ".join(sorted(set(scopes))),
        rate_per_minute=rate_per_minute,
        created_by=actor if actor is not None and getattr(actor, "pk", None) else None,
    )
    add_key(client, public_jwk)
    return client


def add_key(client: ApiClient, public_jwk: dict[str, Any]) -> ClientKey:
    """Add a key (rotation step one); the client may sign with either until the old retires."""
    public = {k: v for k, v in public_jwk.items() if k not in {"d", "p", "q", "dp", "dq", "qi"}}
    kid = public.get("kid") or secrets.token_hex(8)
    public["kid"] = kid
    return ClientKey.objects.create(client=client, kid=kid, public_jwk=public)


def retire_key(client: ApiClient, kid: str) -> int:
    """Retire a key (rotation step two): assertions signed with it are refused from now."""
    return client.keys.filter(kid=kid, retired_at__isnull=True).update(retired_at=timezone.now())


@transaction.atomic
def revoke_client(client: ApiClient) -> None:
    """Revoke a client and every token it holds."""
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at"])
    AccessToken.objects.filter(application=client.application).delete()


def calendar_feed(user: Any) -> CalendarFeed:
    """The user's live feed, made when there is none."""
    feed = CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()
    return feed or CalendarFeed.objects.create(user=user)


def revoke_calendar_feed(user: Any) -> None:
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
