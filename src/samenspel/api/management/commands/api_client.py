"""Register and manage the API clients of an organisation (docs/API.md).

    samenspel manage api_client register --organisation 3 --name "Regas Beter Thuis" \\
        --scope system/CareTeam.read --scope system/CarePlan.read --jwk public.jwk.json
    samenspel manage api_client add-key CLIENT_ID --jwk new.jwk.json
    samenspel manage api_client retire-key CLIENT_ID KID
    samenspel manage api_client revoke CLIENT_ID
    samenspel manage api_client list
    samenspel manage api_client assertion CLIENT_ID --key private.jwk.json \
        --token-url https://samenspel.example.nl/oauth/token

`assertion` signs a client assertion (valid four minutes, used once) with a private key, for
trying the token endpoint with curl; a client system signs its own in production.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from jwcrypto import jwk, jwt

from samenspel.api import actions
from samenspel.api.models import SCOPES, ApiClient
from samenspel.network.models import Organisation


class Command(BaseCommand):
    help = "Register, rotate the keys of, revoke and list API clients of organisations."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="command", required=True)
        register = sub.add_parser("register")
        register.add_argument("--organisation", type=int, required=True)
        register.add_argument("--name", required=True)
        register.add_argument("--scope", action="append", choices=sorted(SCOPES), required=True)
        register.add_argument("--jwk", type=Path, required=True, help="public key, JWK JSON")
        register.add_argument("--rate", type=int, default=120)
        add_key = sub.add_parser("add-key")
        add_key.add_argument("client_id")
        add_key.add_argument("--jwk", type=Path, required=True)
        retire = sub.add_parser("retire-key")
        retire.add_argument("client_id")
        retire.add_argument("kid")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("client_id")
        sub.add_parser("list")
        sign = sub.add_parser("assertion")
        sign.add_argument("client_id")
        sign.add_argument("--key", type=Path, required=True, help="private key, JWK JSON")
        sign.add_argument("--token-url", default="http://127.0.0.1:8000/oauth/token")

    def handle(self, *args: Any, **options: Any) -> None:
        command = options["command"]
        if command == "register":
            if not Organisation.objects.filter(pk=options["organisation"]).exists():
                raise CommandError("No such organisation.")
            client = actions.register_client(
                organisation_id=options["organisation"],
                name=options["name"],
                scopes=options["scope"],
                public_jwk=_read_jwk(options["jwk"]),
                rate_per_minute=options["rate"],
            )
            self.stdout.write(f"client_id: {client.client_id}")
            return
        if command == "assertion":
            self.stdout.write(
                sign_assertion(
                    options["client_id"], _read_jwk(options["key"]), options["token_url"]
                )
            )
            return
        if command == "list":
            for client in ApiClient.objects.select_related("application", "organisation"):
                state = "revoked" if client.revoked_at else "active"
                self.stdout.write(
                    f"{client.client_id}\t{client.organisation.name}\t{client.name}\t{state}"
                )
            return
        found = ApiClient.objects.filter(application__client_id=options["client_id"]).first()
        if found is None:
            raise CommandError("No such client.")
        client = found
        if command == "add-key":
            key = actions.add_key(client, _read_jwk(options["jwk"]))
            self.stdout.write(f"kid: {key.kid}")
        elif command == "retire-key":
            if not actions.retire_key(client, options["kid"]):
                raise CommandError("No active key with that kid.")
            self.stdout.write("retired")
        elif command == "revoke":
            actions.revoke_client(client)
            self.stdout.write("revoked")


def sign_assertion(client_id: str, private_jwk: dict[str, Any], token_url: str) -> str:
    key = jwk.JWK(**private_jwk)
    if not key.has_private:
        raise CommandError("This JWK has no private part.")
    token = jwt.JWT(
        header={"alg": "ES384" if key["kty"] == "EC" else "RS384", "kid": key["kid"], "typ": "JWT"},
        claims={
            "iss": client_id,
            "sub": client_id,
            "aud": token_url,
            "exp": int(time.time()) + 240,
            "jti": uuid.uuid4().hex,
        },
    )
    token.make_signed_token(key)
    return token.serialize()


def _read_jwk(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise CommandError(f"Cannot read a JWK from {path}: {error}") from error
