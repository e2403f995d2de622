"""How an API or FHIR call reaches family data: through the access policy for systems
(`access.policy.decide_for_organisation`, `organisation_family_ids`), with one access event
per call and family (api/auth.py `log`; a search page decides and logs its families at once,
`decide_many`). Endpoints read protected models only here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from samenspel import audit
from samenspel.access.policy import (
    Action,
    Decision,
    decide_for_organisation,
    decide_for_organisation_many,
    organisation_family_ids,
    organisation_hidden_member_ids,
)
from samenspel.api.auth import ApiCaller, log, log_many
from samenspel.audit.log import Entry
from samenspel.audit.models import EventType, Outcome
from samenspel.families.models import Family
from samenspel.network.models import Organisation, Professional
from samenspel.trajectories.models import Trajectory


def family_for(
    request: HttpRequest, caller: ApiCaller, family_id: int, *, action_name: str
) -> tuple[Family, Decision]:
    """The family if the caller's organisation may view it; logs the read either way.
    Invisible → 404; on the team but without ground (no consent) → 403."""
    family = Family.objects.select_related("network").filter(pk=family_id).first()
    return _decided(request, caller, family, family_id, action_name=action_name)


def _decided(
    request: HttpRequest,
    caller: ApiCaller,
    family: Family | None,
    family_id: int,
    *,
    action_name: str,
) -> tuple[Family, Decision]:
    decision = (
        decide_for_organisation(caller.organisation_id, family, Action.VIEW)
        if family is not None
        else Decision.deny()
    )
    if family is None or not decision.visible:
        log(request, caller, action_name, family_id=family_id, outcome=Outcome.DENIED)
        raise Http404
    log(
        request,
        caller,
        action_name,
        family_id=family.pk,
        purpose=decision.ground or decision.missing,
        consent_id=decision.consent_id,
        outcome=Outcome.ALLOWED if decision.allowed else Outcome.DENIED,
    )
    if not decision.allowed:
        raise PermissionDenied
    return family, decision


def decide_many(
    request: HttpRequest,
    caller: ApiCaller,
    families: Sequence[Family],
    *,
    action_name: str,
    decided: Mapping[int, Decision] | None = None,
) -> dict[int, Decision]:
    """`_decided` for the already-read families of a page (with their network), one after
    the other as N single calls would: one access event each, in this order, written in one
    go (a family twice, two events: one per team shown); at the first family not visible or
    not allowed the events up to and including its own are written, then 404 or 403, as a
    single call would answer. `decided`: decisions already taken in this request (the
    families of the teams, asked again for their Groups), else decided here in one go.
    Returns the decisions by family id."""
    decisions = dict(
        decided
        if decided is not None
        else decide_for_organisation_many(caller.organisation_id, families, Action.VIEW)
    )
    entries: list[Entry] = []
    refused: type[Exception] | None = None
    for family in families:
        decision = decisions[family.pk]
        if not decision.visible:
            entries.append(Entry(family_id=family.pk, outcome=Outcome.DENIED))
            refused = Http404
            break
        entries.append(
            Entry(
                family_id=family.pk,
                purpose=decision.ground or decision.missing,
                consent_id=decision.consent_id,
                outcome=Outcome.ALLOWED if decision.allowed else Outcome.DENIED,
            )
        )
        if not decision.allowed:
            refused = PermissionDenied
            break
    log_many(request, caller, action_name, entries)
    if refused is not None:
        raise refused
    return decisions


def trajectory_for(
    request: HttpRequest, caller: ApiCaller, trajectory_id: int, *, action_name: str
) -> tuple[Trajectory, Decision]:
    """The trajectory with its family and network in one read, decided as `family_for`."""
    trajectory = (
        Trajectory.objects.select_related("family__network", "network")
        .filter(pk=trajectory_id)
        .first()
    )
    if trajectory is None:
        log(request, caller, action_name, outcome=Outcome.DENIED, detail={"id": trajectory_id})
        raise Http404
    return trajectory, decide_trajectory(request, caller, trajectory, action_name=action_name)


def decide_trajectory(
    request: HttpRequest, caller: ApiCaller, trajectory: Trajectory, *, action_name: str
) -> Decision:
    """`trajectory_for` for a trajectory already read (with its family and network, e.g.
    joined to the plan versions of a CarePlan read): the same decision and access event."""
    _family, decision = _decided(
        request, caller, trajectory.family, trajectory.family_id, action_name=action_name
    )
    return decision


def visible_trajectories(caller: ApiCaller) -> QuerySet[Trajectory]:
    return Trajectory.objects.filter(
        family_id__in=organisation_family_ids(caller.organisation_id)
    ).select_related("family")


def log_families(
    request: HttpRequest, caller: ApiCaller, action: str, family_ids: list[int]
) -> None:
    """One event per family a list named (like the pages' lists)."""
    audit.record_each_family(
        EventType.READ,
        action,
        actor=None,
        family_ids=family_ids,
        request=request,
        user_label=caller.client.label,
        detail={"client_id": caller.client.client_id},
    )


def hidden_members(family: Family, decision: Decision) -> set[int]:
    return organisation_hidden_member_ids(family, decision)


def directory_network_ids(caller: ApiCaller) -> QuerySet:
    """The networks the caller's organisation belongs to: the directory it may read."""
    from samenspel.network.models import NetworkMembership

    return NetworkMembership.objects.filter(organisation_id=caller.organisation_id).values(
        "network_id"
    )


def directory_organisations(caller: ApiCaller) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(networks__in=directory_network_ids(caller))
        .distinct()
        .select_related("sector")
    )


def directory_professionals(caller: ApiCaller) -> QuerySet[Professional]:
    return (
        Professional.objects.filter(networks__in=directory_network_ids(caller))
        .distinct()
        .select_related("user", "home_organisation")
    )
