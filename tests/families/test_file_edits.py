"""Editing the family file through its pages: members (with an optional, encrypted BSN),
relations with parental authority, the informal network and confidential sections; each
write is an access event, and a bad input gets a clear Dutch message."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samenspel.audit.models import AccessEvent, EventType
from samenspel.families.models import ConfidentialSection, MemberRelation, MemberRole
from samenspel.trajectories.models import CareTeamRole, Phase
from tests.factories import FamilyMemberFactory, TrajectoryFactory, add_to_team, make_professional

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_and_family():
    trajectory = TrajectoryFactory(phase=Phase.WALK_ALONG)
    coordinator = make_professional(network=trajectory.network)
    add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
    return coordinator, trajectory.family


def test_a_member_is_added_with_an_encrypted_bsn_never_shown(client, coordinator_and_family):
    coordinator, family = coordinator_and_family
    client.force_login(coordinator.user)
    url = reverse("families:member_add", args=[family.pk])
    response = client.post(url, {"given_name": "Noor", "role": "child", "bsn": "12345678"})
    assert "negen cijfers" in response.content.decode()
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(url, {"given_name": "Noor", "role": "child", "date_of_birth": future})
    assert "niet in de toekomst" in response.content.decode()
    response = client.post(url, {"given_name": "Noor", "role": "child", "bsn": "111222333"})
    assert response.status_code == 302
    member = family.members.get()
    assert member.bsn == "111222333"
    page = client.get(reverse("families:family_detail", args=[family.pk])).content.decode()
    assert "111222333" not in page and "Noor" in page
    assert AccessEvent.objects.filter(
        event_type=EventType.CREATE, action="families.member.create", member_id=member.pk
    ).exists()


def test_relations_record_parental_authority(client, coordinator_and_family):
    coordinator, family = coordinator_and_family
    mother = FamilyMemberFactory(family=family, role=MemberRole.PARENT, given_name="Ans")
    child = FamilyMemberFactory(family=family, given_name="Bo")
    client.force_login(coordinator.user)
    url = reverse("families:relation_add", args=[family.pk])
    response = client.post(
        url,
        {"member": mother.pk, "kind": "partner_of", "other": child.pk, "parental_authority": "on"},
    )
    assert "Gezag gaat over een kind." in response.content.decode()
    response = client.post(
        url,
        {"member": mother.pk, "kind": "parent_of", "other": child.pk, "parental_authority": "on"},
    )
    assert response.status_code == 302
    assert MemberRelation.objects.get().parental_authority
    page = client.get(reverse("families:family_detail", args=[family.pk])).content.decode()
    assert "heeft gezag" in page


def test_a_member_of_another_family_cannot_be_related(client, coordinator_and_family):
    coordinator, family = coordinator_and_family
    mother = FamilyMemberFactory(family=family, role=MemberRole.PARENT)
    stranger = FamilyMemberFactory()
    client.force_login(coordinator.user)
    response = client.post(
        reverse("families:relation_add", args=[family.pk]),
        {"member": mother.pk, "kind": "parent_of", "other": stranger.pk},
    )
    assert response.status_code == 200
    assert not MemberRelation.objects.exists()


def test_the_informal_network_and_a_confidential_section(client, coordinator_and_family):
    coordinator, family = coordinator_and_family
    teen = FamilyMemberFactory(family=family, given_name="Sem")
    client.force_login(coordinator.user)
    response = client.post(
        reverse("families:informal_add", args=[family.pk]),
        {"name": "Oma Ria", "relation": "grandparent"},
    )
    assert response.status_code == 302
    url = reverse("families:confidential_add", args=[family.pk])
    response = client.post(url, {"member": teen.pk, "title": "GGZ", "content": "…"})
    assert "Noem minstens één rol of professional" in response.content.decode()
    response = client.post(
        url,
        {
            "member": teen.pk,
            "title": "GGZ-notities",
            "content": "Alleen voor de behandelaar",
            "allowed_professionals": [coordinator.pk],
        },
    )
    assert response.status_code == 302
    assert ConfidentialSection.objects.get().allowed_professionals.get() == coordinator
    page = client.get(reverse("families:family_detail", args=[family.pk])).content.decode()
    assert "Oma Ria" in page and "Alleen voor de behandelaar" in page


def test_a_member_is_edited_and_a_stale_form_is_refused(client, coordinator_and_family):
    coordinator, family = coordinator_and_family
    member = FamilyMemberFactory(family=family, given_name="Noor")
    member.bsn = "111222333"
    member.save()
    family.refresh_from_db()
    client.force_login(coordinator.user)
    url = reverse("families:member_edit", args=[family.pk, member.pk])
    form = {"given_name": "Noortje", "role": "child", "version": family.version}
    assert client.post(url, form).status_code == 302
    member.refresh_from_db()
    assert (member.given_name, member.bsn) == ("Noortje", "111222333")  # BSN kept
    response = client.post(url, {**form, "given_name": "Nora"})  # the old version again
    assert "Iemand anders heeft dit dossier gewijzigd" in response.content.decode()
    family.refresh_from_db()
    response = client.post(
        url, {**form, "version": family.version, "remove_bsn": "on", "deceased": "on"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.bsn, member.deceased, member.given_name) == ("", True, "Noortje")
    other_family_member = FamilyMemberFactory()
    url = reverse("families:member_edit", args=[family.pk, other_family_member.pk])
    assert client.get(url).status_code == 404


def test_a_wrong_relation_or_contact_can_be_removed(client, coordinator_and_family):
    from samenspel.families.models import InformalNetworkContact

    coordinator, family = coordinator_and_family
    mother = FamilyMemberFactory(family=family, role=MemberRole.PARENT)
    child = FamilyMemberFactory(family=family)
    relation = MemberRelation.objects.create(member=mother, kind="parent_of", other=child)
    contact = InformalNetworkContact.objects.create(
        family=family, name="Buurman", relation="neighbour"
    )
    client.force_login(coordinator.user)
    remove_relation = reverse("families:relation_remove", args=[family.pk, relation.pk])
    remove_contact = reverse("families:informal_remove", args=[family.pk, contact.pk])
    assert client.get(remove_relation).status_code == 405  # only by a form
    # Without JavaScript the first press asks on a page (core/confirm.py); nothing changes yet.
    asked = client.post(remove_relation)
    body = asked.content.decode()
    assert asked.status_code == 200 and "Deze relatie verwijderen?" in body
    assert 'name="confirmed" value="1"' in body and "Nee, terug" in body
    assert MemberRelation.objects.exists()
    assert "Dit contact verwijderen?" in client.post(remove_contact).content.decode()
    assert InformalNetworkContact.objects.exists()
    assert client.post(remove_relation, {"confirmed": "1"}).status_code == 302
    assert client.post(remove_contact, {"confirmed": "1"}).status_code == 302
    assert not MemberRelation.objects.exists()
    assert not InformalNetworkContact.objects.exists()
    assert AccessEvent.objects.filter(event_type=EventType.DELETE, family_id=family.pk).count() == 2
    # Not from another family's page, and not by someone outside the team.
    assert client.post(remove_relation, {"confirmed": "1"}).status_code == 404
    client.force_login(make_professional().user)
    other = InformalNetworkContact.objects.create(family=family, name="Oma", relation="grandparent")
    url = reverse("families:informal_remove", args=[family.pk, other.pk])
    # Someone who may not remove it is not even asked.
    assert client.post(url).status_code == 404
    assert client.post(url, {"confirmed": "1"}).status_code == 404
    assert InformalNetworkContact.objects.filter(pk=other.pk).exists()
