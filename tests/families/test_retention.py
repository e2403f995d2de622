"""Retention: the computed destruction date (NL 20 years after the last change; Flanders
until the youngest turns 35; per network configurable), the daily review, and destruction
that leaves no personal data in any table — only anonymous figures."""

import datetime

import pytest
import time_machine
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from samenspel.accounts.models import Role, RoleGrant
from samenspel.audit.models import AccessEvent
from samenspel.families.actions import add_confidential_section, touch
from samenspel.families.models import (
    DestructionProposal,
    DestructionRecord,
    Family,
    InformalNetworkContact,
    MemberRole,
    RetentionRule,
)
from samenspel.families.retention import retain_until, review_retention
from samenspel.trajectories.models import CareTeamRole
from tests.factories import (
    FamilyFactory,
    FamilyMemberFactory,
    NetworkFactory,
    TrajectoryFactory,
    add_consent,
    add_to_team,
    make_professional,
    make_user,
)

pytestmark = pytest.mark.django_db
CHANGED = datetime.datetime(2026, 2, 10, 12, tzinfo=datetime.UTC)


def _family(country="NL", births=()):
    family = FamilyFactory(network=NetworkFactory(country=country), changed_at=CHANGED)
    for born in births:
        FamilyMemberFactory(family=family, date_of_birth=born)
    return family


def test_dutch_files_are_kept_twenty_years_after_the_last_change():
    assert retain_until(_family("NL")) == datetime.date(2046, 2, 10)


def test_flemish_files_are_kept_until_the_youngest_turns_35():
    family = _family("BE", births=[datetime.date(2008, 5, 1), datetime.date(2014, 7, 3)])
    assert retain_until(family) == datetime.date(2049, 7, 3)


def test_a_network_can_set_its_own_rule():
    family = _family("NL")
    RetentionRule.objects.create(network=family.network, basis="after_last_change", years=15)
    assert retain_until(family) == datetime.date(2041, 2, 10)


def test_every_change_moves_the_date():
    family = _family("NL")
    years_later = timezone.localdate().year + 4
    with time_machine.travel(datetime.datetime(years_later, 1, 5, 12, tzinfo=datetime.UTC)):
        touch(family)
    family.refresh_from_db()
    assert family.retain_until == datetime.date(years_later + 20, 1, 5)


def test_the_daily_review_lists_files_whose_period_has_ended():
    due, kept = _family("NL"), _family("NL")
    Family.objects.filter(pk=due.pk).update(
        changed_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    )
    result = review_retention.enqueue()
    assert result.return_value == [due.pk]
    assert kept.pk not in result.return_value


def _world_with_everything():
    trajectory = TrajectoryFactory(family=FamilyFactory(name="Zwaluwstaart", address="Kerkpad 7"))
    family = trajectory.family
    parent_login = make_user(
        Role.FAMILY_MEMBER, email="ouder.zwaluw@example.nl", full_name="Wietske Zwaluwstaart"
    )
    parent = FamilyMemberFactory(
        family=family, role=MemberRole.PARENT, given_name="Wietske", user=parent_login
    )
    parent.bsn = "111222333"
    parent.save()
    teen = FamilyMemberFactory(
        family=family, given_name="Ilse", date_of_birth=datetime.date(2011, 1, 1)
    )
    coordinator = make_professional(network=family.network)
    add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
    add_consent(family, coordinator.home_organisation)
    InformalNetworkContact.objects.create(
        family=family, name="Opa Zwaluwstaart", relation="grandparent"
    )
    add_confidential_section(
        teen,
        actor=coordinator.user,
        title="GGZ-notities Ilse",
        content="Vertrouwelijk",
        allowed_roles=[CareTeamRole.COORDINATOR],
        allowed_professionals=[],
    )
    words = ["Zwaluwstaart", "Wietske", "Ilse", "Kerkpad", "111222333", "ouder.zwaluw"]
    return family, coordinator.user, words


def _tables_mentioning(words):
    """Every text or JSON column of every table, except the append-only access log (kept
    under its own legal retention, NEN 7513, and holding ids, not names)."""
    found = []
    for model in apps.get_models():
        if model is AccessEvent or model._meta.proxy:
            continue
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        found += [
            f"{model._meta.label}.{field}: {word}"
            for field in text_fields
            for word in words
            if model._base_manager.filter(**{f"{field}__icontains": word}).exists()
        ]
    return found


def _officer_of(network):
    officer = make_user(Role.SECURITY_OFFICER)
    RoleGrant.objects.filter(user=officer).update(network=network)
    return officer


def _network_coordinator(network):
    coordinator = make_user(Role.COORDINATOR)
    RoleGrant.objects.filter(user=coordinator).update(network=network)
    return coordinator


REQUEST = {
    "decision": "destroy",
    "kind": "request",
    "grounds": "Verzoek van het gezin, akkoord.",
    "requested_by": "moeder",
    "requested_how": "letter",
    "confirm": "on",
}


def _request(**changes):
    data = {**REQUEST, "requested_on": timezone.localdate().isoformat(), **changes}
    return {k: v for k, v in data.items() if v is not None}


def test_destruction_needs_a_second_person_and_leaves_no_personal_data(client):
    family, file_coordinator, words = _world_with_everything()
    assert _tables_mentioning(words)  # the scan does find what is there
    url = reverse("families:family_destroy", args=[family.pk])
    client.force_login(file_coordinator)
    page = client.get(url)
    assert page.status_code == 200
    # The form names the file by number only.
    assert str(family.pk) in page.content.decode()
    assert "Zwaluwstaart" not in page.content.decode()
    assert client.post(url, _request()).status_code == 302
    assert Family.objects.filter(pk=family.pk).exists()  # proposed, not yet destroyed
    # The proposer cannot confirm their own proposal.
    response = client.post(url, {"answer": "confirm", "confirm": "on"})
    assert response.status_code == 200
    assert "iemand anders" in response.content.decode().lower()
    assert Family.objects.filter(pk=family.pk).exists()

    officer = _officer_of(family.network)
    client.force_login(officer)
    review = client.get(reverse("families:retention_review"))
    assert f"Dossier {family.pk}" in review.content.decode()
    assert client.post(url, {"answer": "confirm", "confirm": "on"}).status_code == 302
    assert not Family.objects.filter(pk=family.pk).exists()
    assert _tables_mentioning(words) == []
    record = DestructionRecord.objects.get(family_ref=family.pk)
    assert (record.member_count, record.trajectory_count, record.decision) == (2, 1, "destroyed")
    assert (record.proposed_by, record.decided_by) == (file_coordinator, officer)
    assert (record.requested_by, record.requested_how) == ("moeder", "letter")
    assert record.requested_on == timezone.localdate()
    # The access log still reads: ids, no names.
    events = AccessEvent.objects.filter(family_id=family.pk)
    assert events.filter(action="families.family.destruction_proposed").exists()
    destroyed = events.get(action="families.family.destroy")
    assert destroyed.purpose == "security_officer"
    assert not any(w.lower() in str(e.detail).lower() for e in events for w in words)


def test_a_request_says_who_asked_when_and_how(client):
    family, file_coordinator, _words = _world_with_everything()
    client.force_login(file_coordinator)
    url = reverse("families:family_destroy", args=[family.pk])
    response = client.post(url, _request(requested_by="", requested_how=""))
    assert response.status_code == 200
    body = response.content.decode()
    assert "wie in het gezin" in body.lower()
    assert "hoe het gezin" in body.lower()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(url, _request(requested_on=tomorrow.isoformat()))
    assert "toekomst" in response.content.decode()
    assert not DestructionProposal.objects.exists()


def test_without_a_ground_the_destruction_page_does_not_exist(client):
    family, _file_coordinator, _words = _world_with_everything()
    url = reverse("families:family_destroy", args=[family.pk])
    # A coordinator of the network who is not the file's coordinator: the file is not due,
    # so a request is not theirs to decide. They learn nothing, and the try is logged.
    client.force_login(_network_coordinator(family.network))
    assert client.get(url).status_code == 404
    assert client.post(url, _request()).status_code == 404
    assert not DestructionProposal.objects.exists()
    assert AccessEvent.objects.filter(
        family_id=family.pk, action="families.family.destruction_form", outcome="denied"
    ).exists()
    # A coordinator of another network, a professional, a security officer elsewhere.
    client.force_login(_network_coordinator(NetworkFactory()))
    assert client.get(url).status_code == 404
    client.force_login(make_professional(network=family.network).user)
    assert client.get(url).status_code == 404
    client.force_login(_officer_of(NetworkFactory()))
    assert client.get(url).status_code == 404
    client.force_login(make_user(Role.POLICY_ADVISER))
    assert client.get(url).status_code == 403


def test_destruction_after_retention_only_once_the_period_has_ended(client):
    family = _family("NL")
    touch(family)
    client.force_login(_officer_of(family.network))
    response = client.post(
        reverse("families:family_destroy", args=[family.pk]),
        {
            "decision": "destroy",
            "kind": "retention",
            "grounds": "Termijn verstreken.",
            "confirm": "on",
        },
    )
    assert response.status_code == 200
    assert "nog niet verstreken" in response.content.decode()
    assert Family.objects.filter(pk=family.pk).exists()


def test_a_due_file_is_decided_by_two_coordinators_of_the_network(client):
    family = _family("NL")
    Family.objects.filter(pk=family.pk).update(retain_until=datetime.date(2000, 1, 1))
    url = reverse("families:family_destroy", args=[family.pk])
    first, second = (_network_coordinator(family.network) for _ in range(2))
    client.force_login(first)
    data = {"decision": "destroy", "kind": "retention", "grounds": "Termijn verstreken."}
    assert client.post(url, {**data, "confirm": "on"}).status_code == 302
    client.force_login(second)
    page = client.get(url)
    assert 'data-testid="proposal"' in page.content.decode()
    assert client.post(url, {"answer": "cancel"}).status_code == 302
    assert not DestructionProposal.objects.exists()
    assert Family.objects.filter(pk=family.pk).exists()
    client.force_login(first)
    client.post(url, {**data, "confirm": "on"})
    client.force_login(second)
    assert client.post(url, {"answer": "confirm", "confirm": "on"}).status_code == 302
    assert not Family.objects.filter(pk=family.pk).exists()


def test_a_refused_request_is_recorded_and_the_file_stays(client):
    family, file_coordinator, _words = _world_with_everything()
    client.force_login(file_coordinator)
    response = client.post(
        reverse("families:family_destroy", args=[family.pk]),
        _request(decision="refuse", grounds="Lopend jeugdbeschermingsdossier.", confirm=None),
    )
    assert response.status_code == 302
    assert Family.objects.filter(pk=family.pk).exists()
    record = DestructionRecord.objects.get(family_ref=family.pk)
    assert (record.decision, record.requested_by) == ("refused", "moeder")


def test_a_network_administrator_sets_the_rule_and_dates_follow(
    client, django_capture_on_commit_callbacks
):
    family = _family("NL")
    touch(family)
    admin = make_user(Role.NETWORK_ADMIN)
    RoleGrant.objects.filter(user=admin).update(network=family.network)
    client.force_login(admin)
    rules = client.get(reverse("families:retention_rules"))
    assert "20 jaar na de laatste wijziging" in rules.content.decode()
    url = reverse("families:retention_rule_edit", args=[family.network.pk])
    response = client.post(url, {"basis": "after_last_change", "years": "0"})
    assert response.status_code == 200  # at least one year
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"basis": "after_last_change", "years": "15"})
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.retain_until == retain_until(family)
    assert family.retain_until.year == timezone.localdate().year + 15
    client.force_login(make_user(Role.NETWORK_ADMIN))  # administrator of no network here
    RoleGrant.objects.filter(role=Role.NETWORK_ADMIN).exclude(user=admin).update(
        network=NetworkFactory()
    )
    assert client.get(url).status_code == 404


def test_the_daily_review_clears_verwijsindex_signals_after_two_years():
    from samenspel.families.models import Registration

    old, recent = (
        Registration.objects.create(
            family=(trajectory := TrajectoryFactory()).family,
            network=trajectory.network,
            trajectory=trajectory,
            referrer_kind="school",
            safety_status="in_order",
            verwijsindex_flagged_on=flagged,
        )
        for flagged in (datetime.date(2020, 1, 1), timezone.localdate())
    )
    review_retention.enqueue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.verwijsindex_flagged_on is None
    assert recent.verwijsindex_flagged_on == timezone.localdate()
