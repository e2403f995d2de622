"""`/fhir/`: FHIR R4 read and search over the same reader as the JSON API (api/reader.py),
so the access policy, its narrowing and the access log are the pages' own."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from samenspel.api import reader
from samenspel.api.auth import ApiCaller, CallRefused, authenticate, log
from samenspel.api.pagination import BadCursorError, page
from samenspel.audit.models import AccessEvent
from samenspel.core.validators import UNSAFE_CHARACTERS
from samenspel.families.models import Consent, FamilyMember
from samenspel.fhir import resources
from samenspel.plans.models import Plan
from samenspel.plans.queries import plan_content
from samenspel.trajectories.models import CareTeamMembership

FHIR_JSON = "application/fhir+json"


def _respond(body: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, content_type=FHIR_JSON)


def _outcome(status: int, code: str, text: str) -> JsonResponse:
    return _respond(
        {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": code, "diagnostics": text}],
        },
        status,
    )


def fhir_view(scope: str) -> Callable:
    """Authenticate for `scope`, then answer FHIR errors as OperationOutcomes."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @require_GET
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                caller = authenticate(request, scope)
                return view(request, caller, *args, **kwargs)
            except CallRefused as refused:
                response = _outcome(refused.status, "security", refused.detail)
                if refused.retry_after:
                    response["Retry-After"] = str(refused.retry_after)
                return response
            except Http404:
                return _outcome(404, "not-found", "Not found, or not served by your organisation.")
            except PermissionDenied:
                return _outcome(403, "forbidden", "Your organisation has no ground (consent).")
            except (BadCursorError, ValueError):
                return _outcome(400, "invalid", "A search parameter is not valid.")

        return wrapped

    return decorate


def _bundle(request: HttpRequest, kind: str, entries: list[dict], next_url: str | None) -> dict:
    links = [{"relation": "self", "url": request.build_absolute_uri()}]
    if next_url:
        links.append({"relation": "next", "url": next_url})
    body: dict[str, Any] = {"resourceType": "Bundle", "type": kind, "link": links}
    if kind == "searchset":
        body["total"] = len(entries) if next_url is None and "cursor" not in request.GET else None
        body = {k: v for k, v in body.items() if v is not None}
    if entries:
        body["entry"] = [
            {
                "fullUrl": request.build_absolute_uri(f"/fhir/{r['resourceType']}/{r['id']}"),
                "resource": r,
            }
            for r in entries
        ]
    return body


def _reference_id(value: str, kind: str) -> int:
    """`Group/12` or `12` → 12; anything else is a bad parameter (400)."""
    raw = value.removeprefix(f"{kind}/")
    if not (raw.isascii() and raw.isdigit()):
        raise ValueError(value)
    return int(raw)


def _limit(request: HttpRequest) -> int:
    raw = request.GET.get("_count", "50")
    if not (raw.isascii() and raw.isdigit()):
        raise ValueError(raw)
    return int(raw)


# --- CareTeam and the family as a Group ---------------------------------------------------


def _care_team(request: HttpRequest, caller: ApiCaller, trajectory_id: int) -> dict:
    trajectory, _decision = reader.trajectory_for(
        request, caller, trajectory_id, action_name="api.care_team.read"
    )
    places = list(
        CareTeamMembership.objects.filter(trajectory=trajectory)
        .select_related("professional__user")
        .order_by("valid_from", "pk")
    )
    return resources.care_team(trajectory, places)


@fhir_view("system/CareTeam.read")
def care_team_read(request: HttpRequest, caller: ApiCaller, pk: int) -> HttpResponse:
    return _respond(_care_team(request, caller, pk))


@fhir_view("system/CareTeam.read")
def care_team_search(request: HttpRequest, caller: ApiCaller) -> HttpResponse:
    """`subject=Group/<family>` (or `patient`), else every care team the caller may see."""
    queryset = reader.visible_trajectories(caller)
    subject = request.GET.get("subject") or request.GET.get("patient")
    if subject:
        queryset = queryset.filter(family_id=_reference_id(subject, "Group"))
    result = page(queryset, request, request.GET.get("cursor"), _limit(request))
    entries = [_care_team(request, caller, t.pk) for t in result.items]
    return _respond(_bundle(request, "searchset", entries, result.next))


@fhir_view("system/CareTeam.read")
def group_read(request: HttpRequest, caller: ApiCaller, pk: int) -> HttpResponse:
    family, decision = reader.family_for(request, caller, pk, action_name="api.care_team.read")
    members = list(FamilyMember.objects.filter(family=family).order_by("pk"))
    return _respond(resources.group(family, members, decision))


# --- CarePlan (one version per plan version) and Goal --------------------------------------


def _plan_versions(request: HttpRequest, caller: ApiCaller, trajectory_id: int) -> list[dict]:
    trajectory, decision = reader.trajectory_for(
        request, caller, trajectory_id, action_name="api.plan.read"
    )
    plan = Plan.objects.filter(trajectory=trajectory).first()
    if plan is None:
        raise Http404
    hidden = reader.hidden_members(trajectory.family, decision)
    versions = list(plan.versions.order_by("number"))
    out = []
    for version in versions:
        content = plan_content(version, hidden, decision)
        out.append(
            resources.care_plan(
                version,
                trajectory,
                content.goals,
                content.actions,
                latest=version.pk == versions[-1].pk,
            )
        )
    return out


@fhir_view("system/CarePlan.read")
def care_plan_read(request: HttpRequest, caller: ApiCaller, pk: int) -> HttpResponse:
    return _respond(_plan_versions(request, caller, pk)[-1])


@fhir_view("system/CarePlan.read")
def care_plan_history(request: HttpRequest, caller: ApiCaller, pk: int) -> HttpResponse:
    versions = list(reversed(_plan_versions(request, caller, pk)))
    body = _bundle(request, "history", [], None)
    body["total"] = len(versions)
    body["entry"] = [
        {
            "fullUrl": request.build_absolute_uri(f"/fhir/CarePlan/{pk}"),
            "resource": version,
            "request": {"method": "PUT", "url": f"CarePlan/{pk}"},
        }
        for version in versions
    ]
    return _respond(body)


@fhir_view("system/CarePlan.read")
def care_plan_version(request: HttpRequest, caller: ApiCaller, pk: int, vid: int) -> HttpResponse:
    for version in _plan_versions(request, caller, pk):
        if version["meta"]["versionId"] == str(vid):
            return _respond(version)
    raise Http404


# --- Consent and AuditEvent (searches about one family) ------------------------------------


@fhir_view("system/Consent.read")
def consent_search(request: HttpRequest, caller: ApiCaller) -> HttpResponse:
    """`patient=Group/<family>`: the family's consents about members the caller may see.
    A family the caller does not serve gives an empty Bundle (and a refused event)."""
    family_id = _reference_id(request.GET.get("patient", ""), "Group")
    try:
        family, decision = reader.family_for(
            request, caller, family_id, action_name="api.consent.read"
        )
    except (Http404, PermissionDenied):
        return _respond(_bundle(request, "searchset", [], None))
    queryset = Consent.objects.filter(family=family).prefetch_related(
        "about", Prefetch("recipient_organisations")
    )
    result = page(queryset, request, request.GET.get("cursor"), _limit(request))
    today = timezone.localdate()
    entries = [
        resources.consent(c, today)
        for c in result.items
        if all(decision.sees_member(m.pk) for m in c.about.all())
    ]
    return _respond(_bundle(request, "searchset", entries, result.next))


@fhir_view("system/AuditEvent.read")
def audit_event_search(request: HttpRequest, caller: ApiCaller) -> HttpResponse:
    """`entity=Group/<family>`: the events about the family written on behalf of the
    caller's own organisation (its NEN 7513 log)."""
    family_id = _reference_id(request.GET.get("entity", ""), "Group")
    try:
        family, _decision = reader.family_for(
            request, caller, family_id, action_name="api.access_events.read"
        )
    except (Http404, PermissionDenied):
        return _respond(_bundle(request, "searchset", [], None))
    queryset = AccessEvent.objects.filter(
        family_id=family.pk, acting_organisation_id=caller.organisation_id
    )
    result = page(queryset, request, request.GET.get("cursor"), _limit(request))
    entries = [resources.audit_event(e) for e in result.items]
    return _respond(_bundle(request, "searchset", entries, result.next))


# --- The directory ------------------------------------------------------------------------


@fhir_view("system/Practitioner.read")
def practitioner_read(request: HttpRequest, caller: ApiCaller, pk: int) -> HttpResponse:
    found = reader.directory_professionals(caller).filter(pk=pk).first()
    log(request, caller, "api.directory.read")
    if found is None:
        raise Http404
    return _respond(resources.practitioner(found))


@fhir_view("system/PractitionerRole.read")
def practitioner_role_search(request: HttpRequest, caller: ApiCaller) -> HttpResponse:
    queryset = reader.directory_professionals(caller)
    if "organization" in request.GET:
        queryset = queryset.filter(
            home_organisation_id=_reference_id(request.GET["organization"], "Organization")
        )
    result = page(queryset, request, request.GET.get("cursor"), _limit(request))
    log(request, caller, "api.directory.read")
    entries = [resources.practitioner_role(p) for p in result.items]
    return _respond(_bundle(request, "searchset", entries, result.next))


@fhir_view("system/Organization.read")
def organization_read(request: HttpRequest, caller: ApiCaller, pk: int) -> HttpResponse:
    found = reader.directory_organisations(caller).filter(pk=pk).first()
    log(request, caller, "api.directory.read")
    if found is None:
        raise Http404
    return _respond(resources.organization(found))


@fhir_view("system/Organization.read")
def organization_search(request: HttpRequest, caller: ApiCaller) -> HttpResponse:
    queryset = reader.directory_organisations(caller)
    # Control characters (a NUL fails PostgreSQL's text) are no part of a name.
    if name := UNSAFE_CHARACTERS.sub("", request.GET.get("name", "")).strip():
        queryset = queryset.filter(name__icontains=name)
    result = page(queryset, request, request.GET.get("cursor"), _limit(request))
    log(request, caller, "api.directory.read")
    entries = [resources.organization(o) for o in result.items]
    return _respond(_bundle(request, "searchset", entries, result.next))


# --- What exists --------------------------------------------------------------------------

_CAPABILITIES: list[tuple[str, list[str], list[str]]] = [
    ("CareTeam", ["read", "search-type"], ["subject", "patient"]),
    ("Group", ["read"], []),
    ("CarePlan", ["read", "vread", "history-instance"], []),
    ("Consent", ["search-type"], ["patient"]),
    ("AuditEvent", ["search-type"], ["entity"]),
    ("Practitioner", ["read"], []),
    ("PractitionerRole", ["search-type"], ["organization"]),
    ("Organization", ["read", "search-type"], ["name"]),
]


@require_GET
def capability_statement(request: HttpRequest) -> HttpResponse:
    """What this server offers (public, like the SMART configuration)."""
    return _respond(
        {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": "2026-12-03",
            "kind": "instance",
            "fhirVersion": "4.0.1",
            "format": ["json"],
            "software": {"name": "Samenspel"},
            "implementation": {
                "description": "Samenspel FHIR R4",
                "url": request.build_absolute_uri("/fhir/"),
            },
            "rest": [
                {
                    "mode": "server",
                    "security": {
                        "service": [
                            {
                                "coding": [
                                    {
                                        "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                                        "code": "SMART-on-FHIR",
                                    }
                                ]
                            }
                        ],
                        "extension": [
                            {
                                "url": "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
                                "extension": [
                                    {
                                        "url": "token",
                                        "valueUri": request.build_absolute_uri("/oauth/token"),
                                    }
                                ],
                            }
                        ],
                    },
                    "resource": [
                        {
                            "type": kind,
                            "interaction": [{"code": code} for code in interactions],
                            "searchParam": [
                                {"name": name, "type": "reference" if name != "name" else "string"}
                                for name in params
                            ]
                            or [],
                        }
                        for kind, interactions, params in _CAPABILITIES
                    ],
                }
            ],
        }
    )
