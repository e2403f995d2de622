"""The demo's connected system (docs/API.md): "Dossier Beter Thuis", the record system of the
demo coordinator's organisation, with every read and write scope. Its PRIVATE key ships in
`demo/data/api_demo_client.private.jwk.json` on purpose, so an integrator can try the API
against the demo at once; a real client keeps its private key to itself and registers only
the public part (`samenspel manage api_client register`).

Idempotent: the client is made once, with a fixed client id.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from oauth2_provider.models import Application

from samenspel.api import actions

if TYPE_CHECKING:
    from samenspel.accounts.models import User

CLIENT_ID = "demo-dossier-beter-thuis"
KEY_FILE = Path(__file__).resolve().parent.parent / "data" / "api_demo_client.private.jwk.json"
SCOPES = [
    "system/Organization.read",
    "system/Practitioner.read",
    "system/PractitionerRole.read",
    "system/CareTeam.read",
    "system/CarePlan.read",
    "system/Consent.read",
    "system/Encounter.read",
    "system/AuditEvent.read",
    "system/QuestionnaireResponse.read",
    # The writes (docs/API.md, "Writes: who acts"): the regisseur is the acting professional.
    "system/Group.write",
    "system/Observation.write",
    "system/Task.write",
    "system/CarePlan.write",
]


def load(logins: dict[str, User]) -> None:
    if Application.objects.filter(client_id=CLIENT_ID).exists():
        return
    coordinator = logins["regisseur@demo.samenspel.nl"]
    organisation_id = coordinator.professional.home_organisation_id
    client = actions.register_client(
        organisation_id=organisation_id,
        name="Dossier Beter Thuis (demo)",
        scopes=SCOPES,
        public_jwk=json.loads(KEY_FILE.read_text()),
    )
    Application.objects.filter(pk=client.application_id).update(client_id=CLIENT_ID)
