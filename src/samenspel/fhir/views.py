"""`/fhir/`: FHIR R4 read and search over the same reader as the JSON API (api/reader.py),
so the access policy, its narrowing and the access log are the pages' own."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from samenspel.access.scope import domain_category
from samenspel.api import reader
from samenspel.api.auth import ApiCaller, CallRefused, authenticate, log
from samenspel.api.pagination import BadCursorError, page
from samenspel.audit.models import AccessEvent, Outcome
from samenspel.core.validators import UNSAFE_CHARACTERS
from samenspel.families.models import Consent, DataCategory, FamilyMember
from samenspel.fhir import resources
from samenspel.plans.models import Assessment, DomainScore, PlanVersion, VersionStatus
from samenspel.plans.queries import fhir_content_prefetches, plan_content
from samenspel.portal.models import EvaluationAnswer
from samenspel.trajectories.models import CareTeamMembership

PLAN = DataCategory.HELP_QUESTIONS
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


def _bundle(
    request: HttpRequest,
    kind: str,
    entries: list[dict],
    next_url: str | None,
    included: list[dict] | None = None,
) -> dict:
    links = [{"relation": "self", "url": request.build_absolute_uri()}]
    if next_url:
        links.append({"relation": "next", "url": next_url})
    body: dict[str, Any] = {"resourceType": "Bundle", "type": kind, "link": links}
    if kind == "searchset":
        body["total"] = len(entries) if next_url is None and "cursor" not in request.GET else None
        body = {k: v for k, v in body.items() if v is not None}

    def entry(resource: dict, mode: str) -> dict:
        url = f"/fhir/{resource['resourceType']}/{resource['id']}"
        out = {"fullUrl": request.build_absolute_uri(url), "resource": resource}
        if kind == "searchset":
            out["search"] = {"mode": mode}
        return out

    if entries or included:
        body["entry"] = [entry(r, "match") for r in entries] + [
            entry(r, "include") for r in included or []
        ]
    return body


def _includes(request: HttpRequest, supported: set[str]) -> set[str]:
    """The `_include` values asked for; one this search does not support is a bad
    parameter (400), not silently ignored."""
    asked = set(request.GET.getlist("_include"))
    if asked - supported:
        raise ValueError(", ".join(sorted(asked - supported)))
    return asked


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
    """The team's places with their trajectory and family in one read; the decision and the
    access event are `trajectory_for`'s (which reads the trajectory itself for a team
    without places)."""
    places = list(
        CareTeamMembership.objects.filter(trajectory_id=trajectory_id)
        .select_related("professional__user", "trajectory__family__network", "trajectory__network")
        .order_by("valid_from", "pk")
    )
    if places:
        trajectory = places[0].trajectory
        reader.decide_trajectory(request, caller, trajectory, action_name="api.care_team.read")
    else:
        trajectory, _decision = reader.trajectory_for(
            request, caller, trajectory_id, action_name="api.care_team.read"
        )
    return resources.care_team(trajectory, places)


@fhir_view("system/CareTeam.read")
def care_team_read(request: HttpRequest, caller: ApiCaller, pk: int) -> HttpResponse:
    return _respond(_care_team(request, caller, pk))


CARE_TEAM_INCLUDES = {"CareTeam:participant", "CareTeam:subject"}


@fhir_view("system/CareTeam.read")
def care_team_search(request: HttpRequest, caller: ApiCaller) -> HttpResponse:
    """`subject=Group/<family>` (or `patient`), else every care team the caller may see.
    `_include=CareTeam:participant` adds the professionals (as the directory shows them, with
    the Practitioner scope), `_include=CareTeam:subject` the families as Groups (through the
    policy, narrowed like `Group/{id}`): an include never shows what a read would not."""
    includes = _includes(request, CARE_TEAM_INCLUDES)
    queryset = reader.visible_trajectories(caller).select_related("family__network", "network")
    subject = request.GET.get("subject") or request.GET.get("patient")
    if subject:
        queryset = queryset.filter(family_id=_reference_id(subject, "Group"))
    result = page(queryset, request, request.GET.get("cursor"), _limit(request))
    # A fixed number of queries for any page (docs/API.md): the page's places in one read,
    # its families decided in one go and logged in one write (one event per team, in page
    # order, as the team's read logs it), the included families' members in one read.
    trajectories = result.items
    places: dict[int, list[CareTeamMembership]] = {t.pk: [] for t in trajectories}
    for place in (
        CareTeamMembership.objects.filter(trajectory__in=trajectories)
        .select_related("professional__user")
        .order_by("valid_from", "pk")
    ):
        places[place.trajectory_id].append(place)
    decisions = reader.decide_many(
        request, caller, [t.family for t in trajectories], action_name="api.care_team.read"
    )
    entries = [resources.care_team(t, places[t.pk]) for t in trajectories]
    included: list[dict] = []
    if "CareTeam:participant" in includes and "system/Practitioner.read" in caller.scopes:
        ids = {p.professional_id for team in places.values() for p in team if p.professional_id}
        if ids:
            found = reader.directory_professionals(caller).filter(pk__in=ids).order_by("pk")
            included += [resources.practitioner(p) for p in found]
            log(request, caller, "api.directory.read")
    if "CareTeam:subject" in includes:
        families = list({t.family_id: t.family for t in trajectories}.values())
        reader.decide_many(
            request, caller, families, action_name="api.care_team.read", decided=decisions
        )
        members: dict[int, list[FamilyMember]] = {f.pk: [] for f in families}
        for member in FamilyMember.objects.filter(family__in=families).order_by("pk"):
            members[member.family_id].append(member)
        included += [resources.group(f, members[f.pk], decisions[f.pk]) for f in families]
    return _respond(_bundle(request, "searchset", entries, result.next, included))


@fhir_view("system/CareTeam.read")
def group_read(request: HttpRequest, caller: ApiCaller, pk: int) -> HttpResponse:
    family, decision = reader.family_for(request, caller, pk, action_name="api.care_team.read")
    members = list(FamilyMember.objects.filter(family=family).order_by("pk"))
    return _respond(resources.group(family, members, decision))


# --- CarePlan (one version per plan version) and Goal --------------------------------------


def _plan_versions(
    request: HttpRequest, caller: ApiCaller, trajectory_id: int, *, number: int | None = None
) -> list[dict]:
    """The plan's versions as CarePlans, oldest first: all of them (`_history`), or only
    the latest (`number=0`, a read) or version `number` (a vread) — a read builds one
    version's content, not every version's (bench/README.md, "FHIR reads"). The latest
    agreed version is `active` (also while a newer draft is written), older ones `revoked`."""
    # The versions with their trajectory and family in one read; the decision and the access
    # event are `trajectory_for`'s. No version (or not that one): `trajectory_for` decides and
    # logs as before, then 404.
    versions = (
        PlanVersion.objects.filter(plan__trajectory_id=trajectory_id)
        .select_related("plan__trajectory__family__network", "plan__trajectory__network")
        .order_by("number")
    )
    agreed = VersionStatus.AGREED
    if number == 0:
        chosen = list(versions.reverse()[:1])
    elif number is not None:
        chosen = list(versions.filter(number=number))
    else:
        chosen = list(versions)
    if not chosen:
        reader.trajectory_for(request, caller, trajectory_id, action_name="api.plan.read")
        raise Http404
    trajectory = chosen[0].plan.trajectory
    decision = reader.decide_trajectory(request, caller, trajectory, action_name="api.plan.read")
    latest_agreed: int | None
    if number == 0:
        latest_agreed = chosen[0].number
    elif number is not None:
        latest_agreed = PlanVersion.objects.filter(
            plan__trajectory_id=trajectory_id, status=agreed
        ).aggregate(n=Max("number"))["n"]
    else:
        latest_agreed = max((v.number for v in chosen if v.status == agreed), default=None)
    hidden = reader.hidden_members(trajectory.family, decision)
    # Every chosen version's goals and actions in two queries; their members in one more
    # when they decide something (plan_content then finds them there).
    prefetch_related_objects(chosen, *fhir_content_prefetches())
    goals = [goal for version in chosen for goal in version.goals.all()]
    if decision.scope is not None or any(goal.confidential for goal in goals):
        prefetch_related_objects(goals, "members")
    out = []
    for version in chosen:
        content = plan_content(version, hidden, decision, goals_and_actions_only=True)
        out.append(
            resources.care_plan(
                version,
                trajectory,
                content.goals,
                content.actions,
                latest=version.number == latest_agreed,
            )
        )
    return out


@fhir_view("system/CarePlan.read")
def care_plan_read(request: HttpRequest, caller: ApiCaller, pk: int) -> HttpResponse:
    return _respond(_plan_versions(request, caller, pk, number=0)[-1])


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
    if vid < 1:
        raise Http404
    return _respond(_plan_versions(request, caller, pk, number=vid)[0])


# --- QuestionnaireResponse: instrument scores and the family's evaluation answers ---------


def _questionnaire_responses(
    request: HttpRequest, caller: ApiCaller, family_id: int, *, only: str = ""
) -> list[dict]:
    """A family's assessments and evaluation answers, narrowed as the pages narrow them: a
    hidden member's (confidential) or an unseen member's items are left out, a domain score
    only with its category (`domain_category`), a goal's answer only for a goal the reader
    sees in that plan version (`plan_content`). `only`: one resource id (a read)."""
    family, decision = reader.family_for(
        request, caller, family_id, action_name="api.questionnaire_response.read"
    )
    hidden = reader.hidden_members(family, decision)

    def shown(member_id: int | None) -> bool:
        return member_id is None or (member_id not in hidden and decision.sees_member(member_id))

    assessments = (
        Assessment.objects.filter(trajectory__family=family)
        .select_related("instrument_version__instrument")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=DomainScore.objects.select_related("domain").order_by("domain__position"),
            )
        )
        .order_by("assessed_on", "pk")
    )
    answers = (
        EvaluationAnswer.objects.filter(trajectory__family=family)
        .select_related("version")
        .order_by("answered_at", "pk")
    )
    kind, _dash, raw = only.rpartition("-")
    if only:
        assessments = (
            assessments.filter(pk=int(raw)) if kind == "assessment" else assessments.none()
        )
        answers = answers.filter(pk=int(raw)) if kind == "evaluation-answer" else answers.none()
    out = []
    for item in assessments:
        if not shown(item.member_id):
            continue
        scores = [
            s
            for s in item.scores.all()
            if decision.sees_about(item.member_id, domain_category(s.domain.code))
        ]
        if scores:
            out.append(resources.assessment_response(item, family.pk, scores))
    goals_by_version: dict[int, dict[str, Any]] = {}
    for answer in answers:
        if not (shown(answer.member_id) and decision.sees_about(answer.member_id, PLAN)):
            continue
        if answer.version_id not in goals_by_version:
            content = plan_content(answer.version, hidden, decision)
            goals_by_version[answer.version_id] = {str(g.key): g for g in content.goals}
        goals = goals_by_version[answer.version_id]
        out.append(resources.evaluation_response(answer, family.pk, goals))
    return out


@fhir_view("system/QuestionnaireResponse.read")
def questionnaire_response_search(request: HttpRequest, caller: ApiCaller) -> HttpResponse:
    """`subject=Group/<family>` (or `patient`): the family's instrument scores and answers
    the caller may see; a family it does not serve (or without ground) answers an empty
    Bundle, as the Consent search does."""
    subject = request.GET.get("subject") or request.GET.get("patient") or ""
    family_id = _reference_id(subject, "Group")
    try:
        entries = _questionnaire_responses(request, caller, family_id)
    except (Http404, PermissionDenied):
        entries = []
    return _respond(_bundle(request, "searchset", entries, None))


@fhir_view("system/QuestionnaireResponse.read")
def questionnaire_response_read(request: HttpRequest, caller: ApiCaller, pk: str) -> HttpResponse:
    kind, _dash, raw = pk.rpartition("-")
    if kind not in {"assessment", "evaluation-answer"} or not raw.isdigit():
        raise Http404
    if kind == "assessment":
        row = Assessment.objects.filter(pk=int(raw)).values("trajectory__family_id").first()
    else:
        row = EvaluationAnswer.objects.filter(pk=int(raw)).values("trajectory__family_id").first()
    if row is None:
        log(request, caller, "api.questionnaire_response.read", outcome=Outcome.DENIED)
        raise Http404
    found = _questionnaire_responses(request, caller, row["trajectory__family_id"], only=pk)
    if not found:
        raise Http404  # about a member or category the caller may not see
    return _respond(found[0])


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
    ("QuestionnaireResponse", ["read", "search-type"], ["subject", "patient"]),
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
                            **(
                                {"searchInclude": sorted(CARE_TEAM_INCLUDES)}
                                if kind == "CareTeam"
                                else {}
                            ),
                        }
                        for kind, interactions, params in _CAPABILITIES
                    ],
                }
            ],
        }
    )
