"""The family file, its list, consent overview and "who looked at our file": pinned query
counts that stay constant as the file grows, and an access event for every read."""

import datetime

import pytest
from django.urls import reverse

from samenspel.accounts.models import Role
from samenspel.audit.models import AccessEvent, EventType
from samenspel.families.actions import add_confidential_section
from samenspel.families.models import (
    HelpQuestion,
    InformalNetworkContact,
    MeldcodeRecord,
    MemberRelation,
    MemberRole,
    Registration,
)
from samenspel.trajectories.models import CareTeamRole, Phase
from tests.factories import (
    FamilyFactory,
    FamilyMemberFactory,
    TrajectoryFactory,
    add_consent,
    add_to_team,
    make_professional,
    make_user,
)
from tests.helpers import get_with_query_count

pytestmark = pytest.mark.django_db


def _pinned(client, url, *, expected):
    """A first request settles the session (MFA check, last-seen stamp); then pin."""
    client.get(url)
    return get_with_query_count(client, url, expected=expected)


def _grow(family, coordinator, n):
    """Add n of everything a family file shows."""
    for i in range(n):
        parent = FamilyMemberFactory(family=family, role=MemberRole.PARENT)
        child = FamilyMemberFactory(family=family, date_of_birth=datetime.date(2012, 1, 1 + i))
        MemberRelation.objects.create(
            member=parent, kind="parent_of", other=child, parental_authority=True
        )
        InformalNetworkContact.objects.create(family=family, name=f"Buur {i}", relation="neighbour")
        registration = Registration.objects.create(
            family=family,
            network=family.network,
            trajectory=TrajectoryFactory(family=family, phase=Phase.CLOSED),
            referrer_kind="gp",
            safety_status="concerns",
            safety_notes="zorgen",
        )
        HelpQuestion.objects.create(registration=registration, text="Hulp bij geld", kind="what")
        MeldcodeRecord.objects.create(
            registration=registration,
            step=1,
            done_on=datetime.date(2026, 1, 1),
            done_by="Fatima",
            outcome="signalen",
        )
        add_confidential_section(
            child,
            actor=coordinator.user,
            title=f"GGZ {i}",
            content="…",
            allowed_roles=[CareTeamRole.COORDINATOR],
            allowed_professionals=[],
        )
        add_consent(family, coordinator.home_organisation)


@pytest.fixture
def team_file():
    trajectory = TrajectoryFactory(phase=Phase.WALK_ALONG)
    coordinator = make_professional(network=trajectory.network)
    add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
    return trajectory.family, coordinator


# session, user, grants, family, team decision, access-log head + insert, confidential
# (sections, named; the member list only for the family's own and consent grounds), members,
# consents count, relations, informal, registrations (+ questions, domains, Meldcode steps),
# sections
DETAIL_QUERIES = 17


def test_the_family_file_takes_the_same_queries_as_it_grows(client, team_file):
    family, coordinator = team_file
    client.force_login(coordinator.user)
    url = reverse("families:family_detail", args=[family.pk])
    _grow(family, coordinator, 1)
    response = _pinned(client, url, expected=DETAIL_QUERIES)
    assert response.status_code == 200
    _grow(family, coordinator, 3)
    response = _pinned(client, url, expected=DETAIL_QUERIES)
    assert len(response.context["members"]) == 8
    assert b"GGZ 2" in response.content  # the coordinator role may read the sections


def test_the_family_list_takes_the_same_queries_for_more_families(client, team_file):
    family, coordinator = team_file
    client.force_login(coordinator.user)
    url = reverse("families:family_list")
    FamilyMemberFactory(family=family)
    _pinned(client, url, expected=LIST_QUERIES)
    for _ in range(4):
        trajectory = TrajectoryFactory(family=FamilyFactory(network=family.network))
        add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
        FamilyMemberFactory(family=trajectory.family)
    response = _pinned(client, url, expected=LIST_QUERIES)
    assert len(response.context["page"]) == 5


# session, user, grants, count, page, access-log head + insert
LIST_QUERIES = 6


def test_the_consent_overview_takes_the_same_queries(client, team_file):
    family, coordinator = team_file
    client.force_login(coordinator.user)
    _grow(family, coordinator, 1)
    url = reverse("families:consent_list", args=[family.pk])
    _pinned(client, url, expected=CONSENT_QUERIES)
    _grow(family, coordinator, 3)
    response = _pinned(client, url, expected=CONSENT_QUERIES)
    assert len(response.context["active"]) == 4


CONSENT_QUERIES = 10


def test_every_read_writes_an_access_event_with_its_ground(client, team_file):
    family, coordinator = team_file
    client.force_login(coordinator.user)
    pages = {
        "families.family.read": reverse("families:family_detail", args=[family.pk]),
        "families.consent.list": reverse("families:consent_list", args=[family.pk]),
        "families.access_history.read": reverse("families:access_history", args=[family.pk]),
        "families.family.export_json": reverse("families:export_json", args=[family.pk]),
        "families.family.export_pdf": reverse("families:export_pdf", args=[family.pk]),
        "families.family.list": reverse("families:family_list"),
    }
    for action, url in pages.items():
        before = AccessEvent.objects.count()
        assert client.get(url).status_code == 200
        event = AccessEvent.objects.order_by("-id").first()
        assert AccessEvent.objects.count() == before + 1
        assert event.action == action
        assert event.user == coordinator.user
        if action != "families.family.list":
            assert (event.family_id, event.purpose) == (family.pk, "care_team")
    exports = AccessEvent.objects.filter(event_type=EventType.EXPORT, family_id=family.pk)
    assert exports.count() == 2


def test_the_json_export_holds_the_file_and_leaves_out_hidden_sections(client, team_file):
    family, coordinator = team_file
    _grow(family, coordinator, 1)
    parent = make_user(Role.FAMILY_MEMBER)
    FamilyMemberFactory(family=family, role=MemberRole.PARENT, user=parent)
    client.force_login(parent)
    data = client.get(reverse("families:export_json", args=[family.pk])).json()
    assert data["file_number"] == family.pk
    assert len(data["members"]) == 3
    assert data["registrations"][0]["help_questions"][0]["text"] == "Hulp bij geld"
    assert data["confidential_sections"] == []  # the child's GGZ section is not the parent's
    client.force_login(coordinator.user)
    data = client.get(reverse("families:export_json", args=[family.pk])).json()
    assert [s["title"] for s in data["confidential_sections"]] == ["GGZ 0"]


def test_a_stale_edit_is_refused(client, team_file):
    family, coordinator = team_file
    client.force_login(coordinator.user)
    url = reverse("families:family_edit", args=[family.pk])
    form = {"name": family.name, "postcode": "1234 AB", "version": family.version}
    assert client.post(url, form).status_code == 302
    response = client.post(url, {**form, "postcode": "9999 ZZ"})  # the old version again
    assert response.status_code == 200
    assert "Iemand anders heeft dit dossier gewijzigd" in response.content.decode()
    family.refresh_from_db()
    assert family.postcode == "1234 AB"


def test_printing_is_logged_as_a_print(client, team_file):
    family, coordinator = team_file
    client.force_login(coordinator.user)
    for url, action in (
        (reverse("families:family_detail", args=[family.pk]), "families.family.print"),
        (reverse("families:access_history", args=[family.pk]), "families.access_history.print"),
    ):
        response = client.get(url, {"print": "1"})
        assert "data-print-on-load" in response.content.decode()
        event = AccessEvent.objects.order_by("-id").first()
        assert (event.event_type, event.action) == (EventType.PRINT, action)
