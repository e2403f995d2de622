"""`/fhir/CareTeam?…` (issue 18): a search page costs a fixed number of queries whatever its
size, and answers exactly what the single reads of its teams (`CareTeam/{id}`, `Group/{id}`)
answer, with exactly their access events. A team the caller may not see stays out of it."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samenspel.audit.models import AccessEvent
from samenspel.families.models import DataCategory
from samenspel.network.models import Organisation
from samenspel.trajectories.models import CareTeamRole
from tests.factories import (
    FamilyFactory,
    FamilyMemberFactory,
    OrganisationFactory,
    TrajectoryFactory,
    add_consent,
    add_to_network,
    add_to_team,
    make_professional,
)

pytestmark = pytest.mark.django_db

# The token, the page of trajectories (with family and network), their places, the
# organisation's places of their families (the policy), the consents' scope and the members of
# the families seen by consent (the policy), one write of the access events.
SEARCH_QUERIES = 7
# And the members of the page's families, one write of their access events.
WITH_SUBJECT_QUERIES = SEARCH_QUERIES + 2
# And the directory's professionals, their access event.
WITH_BOTH_QUERIES = WITH_SUBJECT_QUERIES + 2

EVENT_FIELDS = (
    "event_type",
    "action",
    "outcome",
    "family_id",
    "member_id",
    "object_type",
    "object_id",
    "purpose",
    "consent_id",
    "reason",
    "detail",
    "user_label",
    "acting_role",
    "acting_organisation_id",
    "acting_organisation",
)


def _served_family(organisation: Organisation, name: str) -> int:
    """A family helped by `organisation` itself (its professional coordinates)."""
    family = FamilyFactory(name=name)
    FamilyMemberFactory(family=family, given_name=f"Kind {name}")
    trajectory = TrajectoryFactory(family=family)
    add_to_network(organisation, family.network)
    coordinator = make_professional(organisation=organisation, network=family.network)
    add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
    return trajectory.pk


def _consented_family(organisation: Organisation) -> int:
    """A family helped by another organisation, `organisation` on the team by a consent that
    covers one child only: the other child is withheld, by name too."""
    family = FamilyFactory(name="Bakker")
    shown = FamilyMemberFactory(family=family, given_name="Noor")
    FamilyMemberFactory(family=family, given_name="Verborgen")
    trajectory = TrajectoryFactory(family=family)
    provider = OrganisationFactory(name="Wijkteam Bakker")
    for each in (provider, organisation):
        add_to_network(each, family.network)
    add_to_team(
        trajectory,
        make_professional(organisation=provider, network=family.network),
        CareTeamRole.COORDINATOR,
    )
    add_to_team(trajectory, make_professional(organisation=organisation, network=family.network))
    consent = add_consent(
        family, organisation, data_categories=[DataCategory.PERSONAL, DataCategory.SCHOOL]
    )
    consent.about.set([shown])
    return trajectory.pk


def _refused_families(organisation: Organisation) -> list[int]:
    """On the team without a consent, and not on the team at all: neither is searched."""
    out = []
    for served_by_caller in (True, False):
        family = FamilyFactory(name="Geweigerd")
        FamilyMemberFactory(family=family, given_name="Geheim")
        trajectory = TrajectoryFactory(family=family)
        provider = OrganisationFactory()
        add_to_network(provider, family.network)
        add_to_team(
            trajectory,
            make_professional(organisation=provider, network=family.network),
            CareTeamRole.COORDINATOR,
        )
        if served_by_caller:
            add_to_network(organisation, family.network)
            add_to_team(
                trajectory, make_professional(organisation=organisation, network=family.network)
            )
        out.append(trajectory.pk)
    return out


def _teams(organisation: Organisation, count: int) -> list[int]:
    """`count` care teams the caller sees: one by consent, the others its own help, among
    them a second trajectory of a family without any place (its team is empty)."""
    teams = [_consented_family(organisation)]
    while len(teams) < count:
        teams.append(_served_family(organisation, f"Eigen{len(teams)}"))
        if len(teams) == 3 and len(teams) < count:
            first = teams[1]
            from samenspel.trajectories.models import Trajectory

            family_id = Trajectory.objects.values_list("family_id", flat=True).get(pk=first)
            teams.append(TrajectoryFactory(family_id=family_id, closed=True).pk)
    return teams


def _search(client, url: str, headers: dict, expected: int) -> tuple[dict, list[AccessEvent]]:
    """GET `url` in exactly `expected` queries (else fail, listing them); the body and the
    access events it wrote."""
    before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content
    if len(queries) != expected:
        listing = "\n".join(f"{i + 1}. {q['sql']}" for i, q in enumerate(queries.captured_queries))
        raise AssertionError(f"{url} took {len(queries)} queries, expected {expected}:\n{listing}")
    return response.json(), list(AccessEvent.objects.filter(id__gt=before).order_by("id"))


def _fields(events: list[AccessEvent]) -> list[tuple]:
    return [tuple(getattr(e, name) for name in EVENT_FIELDS) for e in events]


def _reads(client, headers: dict, urls: list[str]) -> tuple[list[dict], list[AccessEvent]]:
    before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    bodies = []
    for url in urls:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.content)
        bodies.append(response.json())
    return bodies, list(AccessEvent.objects.filter(id__gt=before).order_by("id"))


@pytest.fixture
def caller(token_for):
    organisation = OrganisationFactory(name="Jeugdhulp Zoeken")
    return organisation, {"Authorization": token_for(organisation)}


@pytest.mark.parametrize("count", [1, 6])
@pytest.mark.parametrize(
    ("includes", "expected"),
    [
        ("", SEARCH_QUERIES),
        ("&_include=CareTeam:subject", WITH_SUBJECT_QUERIES),
        ("&_include=CareTeam:subject&_include=CareTeam:participant", WITH_BOTH_QUERIES),
    ],
)
def test_a_search_takes_the_same_queries_for_one_team_and_for_six(
    client, caller, count, includes, expected
):
    organisation, headers = caller
    teams = _teams(organisation, count)
    refused = _refused_families(organisation)
    client.get("/fhir/Organization/0", headers=headers)  # warm: the token's first use
    body, _events = _search(client, f"/fhir/CareTeam?_count=50{includes}", headers, expected)
    matches = [e["resource"]["id"] for e in body["entry"] if e["search"]["mode"] == "match"]
    assert matches == [str(t) for t in teams]
    assert not {str(t) for t in refused} & set(matches)


def test_the_search_answers_and_logs_what_the_single_reads_do(client, caller):
    organisation, headers = caller
    teams = _teams(organisation, 6)
    _refused_families(organisation)
    client.get("/fhir/Organization/0", headers=headers)  # warm: the token's first use
    url = "/fhir/CareTeam?_include=CareTeam:subject&_include=CareTeam:participant"
    body, events = _search(client, url, headers, WITH_BOTH_QUERIES)
    entries = [e["resource"] for e in body["entry"]]
    teams_found = [r for r in entries if r["resourceType"] == "CareTeam"]
    groups_found = [r for r in entries if r["resourceType"] == "Group"]
    family_ids = list(dict.fromkeys(t["subject"]["reference"] for t in teams_found))
    single_teams, team_events = _reads(client, headers, [f"/fhir/CareTeam/{t}" for t in teams])
    single_groups, group_events = _reads(client, headers, [f"/fhir/{f}" for f in family_ids])
    assert teams_found == single_teams
    assert groups_found == single_groups
    directory = [e for e in events if e.action == "api.directory.read"]
    assert len(directory) == 1
    assert _fields([e for e in events if e not in directory]) == _fields(team_events + group_events)
    # The events name what they are about, in page order: one per team, one per family.
    assert [e.family_id for e in team_events] == [
        int(t["subject"]["reference"].removeprefix("Group/")) for t in teams_found
    ]
    assert {e.outcome for e in events} == {"allowed"}
    # The family seen by consent: its uncovered child is withheld, by name too; the refused
    # families are not there at all.
    text = json.dumps(body)
    assert "Noor" in text
    assert "Verborgen" not in text and "Geheim" not in text and "Geweigerd" not in text


def test_a_search_of_one_family_is_the_read_of_its_teams(client, caller):
    """Its two trajectories (one without any place), each logged as its read, and the
    family once."""
    organisation, headers = caller
    teams = _teams(organisation, 6)
    subject = client.get(f"/fhir/CareTeam/{teams[1]}", headers=headers).json()["subject"]
    body, events = _search(
        client,
        f"/fhir/CareTeam?subject={subject['reference']}&_include=CareTeam:subject",
        headers,
        # Its own help: the places decide, no consent's scope and household to read.
        WITH_SUBJECT_QUERIES - 2,
    )
    kinds = [(e["resource"]["resourceType"], e["search"]["mode"]) for e in body["entry"]]
    assert kinds == [("CareTeam", "match"), ("CareTeam", "match"), ("Group", "include")]
    assert [e["resource"]["id"] for e in body["entry"][:2]] == [str(teams[1]), str(teams[3])]
    assert [e.family_id for e in events] == [int(subject["reference"].removeprefix("Group/"))] * 3


@pytest.mark.parametrize("refused_kind", ["no consent", "not served"])
def test_a_refused_family_on_a_page_stops_it_as_its_single_read_would(rf, refused_kind):
    """Not reachable through the search (its page holds only families the organisation
    sees), but `decide_many` keeps the single reads' answer: the events up to and including
    the refused family's, then 404 or 403."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from samenspel.api import reader
    from samenspel.api.auth import ApiCaller
    from samenspel.families.models import Family
    from tests.api.conftest import register

    organisation = OrganisationFactory()
    api_client, _key = register(organisation)
    caller = ApiCaller(client=api_client, scopes=frozenset())
    served = Family.objects.get(trajectories=_served_family(organisation, "Eerst"))
    no_consent, not_served = (
        Family.objects.get(trajectories=t) for t in _refused_families(organisation)
    )
    refused = no_consent if refused_kind == "no consent" else not_served
    later = Family.objects.get(trajectories=_served_family(organisation, "Later"))
    families = list(
        Family.objects.select_related("network").filter(pk__in=[served.pk, refused.pk, later.pk])
    )
    order = [served.pk, refused.pk, later.pk]
    families.sort(key=lambda family: order.index(family.pk))

    def events_of(call):
        before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        with pytest.raises((Http404, PermissionDenied)) as raised:
            call()
        return raised.type, _fields(AccessEvent.objects.filter(id__gt=before).order_by("id"))

    def singles():
        for family in families:
            reader.family_for(rf.get("/"), caller, family.pk, action_name="api.care_team.read")

    many = events_of(
        lambda: reader.decide_many(rf.get("/"), caller, families, action_name="api.care_team.read")
    )
    assert many == events_of(singles)
    assert many[0] is (PermissionDenied if refused_kind == "no consent" else Http404)
    assert [event[2] for event in many[1]] == ["allowed", "denied"]
