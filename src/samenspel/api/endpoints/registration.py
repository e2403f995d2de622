"""The registration of a family through `/api/v1/`: search before create, then register
for the file it found or a new one. The frame (who acts, one transaction, the 201) is
write.py's."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.params.functions import Header as HeaderParam
from pydantic import Field

from samenspel.api.auth import ACTING_HEADER, CallRefused
from samenspel.api.endpoints.write import ERRORS, Created, _acting, _in_one_transaction
from samenspel.families import actions as family_actions
from samenspel.families.models import Family
from samenspel.network.models import Organisation, Professional

router = Router()


# --- register a family ---------------------------------------------------------------------


class MemberIn(Schema):
    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field("", max_length=100)
    role: Literal["parent", "child", "other"]
    date_of_birth: datetime.date | None = None
    gender: Literal["", "f", "m", "x"] = ""


class QuestionIn(Schema):
    text: str = Field(min_length=1, max_length=2000)
    kind: Literal["what", "who"] = "what"
    life_domains: list[str] = Field(
        default_factory=list, description="ZRM life-domain codes (see the plan's goals)"
    )


class NewFamilyIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    address: str = Field("", max_length=200)
    postcode: str = Field("", max_length=10)
    city: str = Field("", max_length=100)
    district: str = Field("", max_length=100)


class RegistrationIn(Schema):
    network_id: int | None = Field(
        None, description="Needed when the professional works in more than one network."
    )
    family_id: int | None = Field(
        None, description="The file search-before-create found (GET /families/search)."
    )
    family: NewFamilyIn | None = Field(None, description="A new file, when the search found none.")
    members: list[MemberIn] = Field(default_factory=list, max_length=30)
    questions: list[QuestionIn] = Field(min_length=1, max_length=20)
    referrer_kind: Literal["gp", "school", "cjg", "neighbourhood_team", "family", "other"]
    referrer_name: str = Field("", max_length=200)
    family_wishes: str = Field("", max_length=5000)
    urgency: Literal["normal", "soon", "urgent"] = "normal"
    safety_status: Literal["in_order", "concerns", "acute"]
    safety_notes: str = Field("", max_length=5000)


class FamilyHit(Schema):
    id: int
    network_id: int
    matched_on: list[str]
    name: str | None = Field(description="Only for a file the acting professional may open.")
    postcode: str | None
    city: str | None


class FamilyHits(Schema):
    items: list[FamilyHit]


def _work_networks(professional: Professional) -> Any:
    from samenspel.families.views.registration import work_networks

    return work_networks(professional.user).filter(
        memberships__organisation_id=professional.home_organisation_id
    )


@router.get(
    "/families/search",
    response={200: FamilyHits, **ERRORS},
    tags=["writes"],
    operation_id="search_before_create",
)
def search_before_create(
    request: HttpRequest,
    name: str = Query("", max_length=100),
    postcode: str = Query("", max_length=10),
    date_of_birth: datetime.date | None = None,
    acting: str = HeaderParam(..., alias=ACTING_HEADER),
) -> dict:
    """Search before create, as the registration page searches: files in the acting
    professional's networks that match on surname, postcode or a member's birth date. Name
    and address only of a file the professional may open; of another only its number and
    what matched, so no name leaks (register for it with `family_id`)."""
    from samenspel import audit
    from samenspel.audit.models import EventType
    from samenspel.families.search import find_possible_duplicates

    _caller, professional = _acting(request, "system/Group.write", acting)
    if not (name.strip() or postcode.strip() or date_of_birth):
        raise CallRefused(400, "Give a surname, a postcode or a date of birth.")
    networks = list(_work_networks(professional).values_list("pk", flat=True))
    matches = find_possible_duplicates(
        networks, name=name, postcode=postcode, date_of_birth=date_of_birth
    )
    visible = set(
        Family.objects.visible_to(professional.user)
        .filter(pk__in=[m.family.pk for m in matches])
        .values_list("pk", flat=True)
    )
    audit.record_each_family(
        EventType.READ,
        "families.family.search_result",
        actor=professional.user,
        family_ids=sorted(visible),
        request=request,
    )
    items = []
    for match in matches:
        family, shown = match.family, match.family.pk in visible
        items.append(
            {
                "id": family.pk,
                "network_id": family.network_id,
                "matched_on": match.reasons,
                "name": family.name if shown else None,
                "postcode": family.postcode if shown else None,
                "city": family.city if shown else None,
            }
        )
    return {"items": items}


@router.post(
    "/registrations",
    response={201: Created, **ERRORS},
    tags=["writes"],
    operation_id="register_family",
)
def register_family(
    request: HttpRequest,
    body: RegistrationIn,
    acting: str = HeaderParam(..., alias=ACTING_HEADER),
) -> Status:
    """Register a family for the coordinator's intake queue: for the file search-before-create
    found (`family_id`), or a new file (`family`). A second file for the same family (same
    surname, postcode and a member's birth date) is refused (422, naming the file)."""
    from samenspel.plans.queries import life_domains

    caller, professional = _acting(request, "system/Group.write", acting)
    networks = _work_networks(professional)
    existing: Family | None = None
    if body.family_id is not None:
        existing = Family.objects.filter(pk=body.family_id, network__in=networks).first()
        if existing is None:
            raise Http404
        network = existing.network
    elif body.family is None:
        raise CallRefused(400, "Give family_id (a file the search found) or family (a new one).")
    else:
        chosen = networks.filter(pk=body.network_id) if body.network_id else networks
        found = list(chosen[:2])
        if len(found) != 1:
            raise CallRefused(
                400 if found else 403,
                "Choose network_id: one of the networks the professional works in."
                if found
                else "The acting professional works in no network of your organisation.",
            )
        network = found[0]
    domains = dict(life_domains().values_list("code", "pk"))
    unknown = {c for q in body.questions for c in q.life_domains} - set(domains)
    if unknown:
        raise CallRefused(400, f"Unknown life domains: {', '.join(sorted(unknown))}.")
    referrer = Organisation.objects.filter(pk=caller.organisation_id).first()

    def write() -> Any:
        return family_actions.register_family(
            actor=professional.user,
            network=network,
            family=existing,
            new_family=(
                family_actions.FamilyData(**body.family.dict())
                if existing is None and body.family
                else None
            ),
            members=[family_actions.MemberData(**m.dict()) for m in body.members],
            questions=[
                family_actions.QuestionData(
                    q.text, q.kind, [domains[c] for c in dict.fromkeys(q.life_domains)]
                )
                for q in body.questions
            ],
            registration=family_actions.RegistrationData(
                safety_status=body.safety_status,
                referrer_kind=body.referrer_kind,
                referrer_organisation=referrer,
                referrer_name=body.referrer_name,
                family_wishes=body.family_wishes,
                urgency=body.urgency,
                safety_notes=body.safety_notes,
            ),
            request=request,
        )

    registration = _in_one_transaction(write)
    return Status(
        201,
        {
            "id": registration.pk,
            "type": "registration",
            "trajectory_id": registration.trajectory_id,
            "family_id": registration.family_id,
        },
    )
