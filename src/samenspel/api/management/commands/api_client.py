"""Register and manage the API clients of an organisation (docs/API.md).

    samenspel manage api_client register --organisation 3 --name "Regas Beter Thuis" \\
        --scope system/CareTeam.read --scope system/CarePlan.read --jwk public.jwk.json
    samenspel manage api_client add-key CLIENT_ID --jwk new.jwk.json
    samenspel manage api_client retire-key CLIENT_ID KID
    samenspel manage api_client revoke CLIENT_ID
    samenspel manage api_client list
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

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


def _read_jwk(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise CommandError(f"Cannot read a JWK from {path}: {error}") from error
