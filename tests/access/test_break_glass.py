"""Break-the-glass: a professional outside the team opens a file only after stating a reason,
for a limited time, read-only, flagged for review by the security officer and coordinator."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from samenspel.access.models import BreakGlassAccess
from samenspel.accounts.models import Role, RoleGrant
from samenspel.audit.models import AccessEvent, EventType
from tests.factories import (
    FamilyMemberFactory,
    NetworkFactory,
    TrajectoryFactory,
    make_professional,
    make_user,
)

pytestmark = pytest.mark.django_db
REASON = "Politie belt: kind alleen thuis aangetroffen, moeder onbereikbaar."


@pytest.fixture
def outsider_and_family():
    trajectory = TrajectoryFactory()
    FamilyMemberFactory(family=trajectory.family)
    outsider = make_professional(network=trajectory.network)
    return outsider.user, trajectory.family


def test_an_outsider_must_state_a_reason_first(client, outsider_and_family):
    user, family = outsider_and_family
    client.force_login(user)
    detail = reverse("families:family_detail", args=[family.pk])
    assert client.get(detail).status_code == 404
    form = reverse("access:break_glass", args=[family.pk])
    assert client.get(form).status_code == 200
    response = client.post(form, {"reason": "nood"})
    assert response.status_code == 200
    assert "minstens 20 tekens" in response.content.decode()
    assert not BreakGlassAccess.objects.exists()

    response = client.post(form, {"reason": REASON})
    assert response.status_code == 302
    page = client.get(detail)
    assert page.status_code == 200
    assert 'data-testid="break-glass-banner"' in page.content.decode()
    # Read-only, and not for export.
    assert client.get(reverse("families:family_edit", args=[family.pk])).status_code == 403
    assert client.get(reverse("families:export_json", args=[family.pk])).status_code == 403
    events = AccessEvent.objects.filter(family_id=family.pk, user=user)
    assert events.filter(event_type=EventType.EMERGENCY_ACCESS, reason=REASON).exists()
    assert events.filter(
        event_type=EventType.EMERGENCY_ACCESS, action="families.family.read"
    ).exists()


def test_the_access_ends_by_itself(client, outsider_and_family):
    user, family = outsider_and_family
    client.force_login(user)
    opened = timezone.now()
    client.post(reverse("access:break_glass", args=[family.pk]), {"reason": REASON})
    detail = reverse("families:family_detail", args=[family.pk])
    with time_machine.travel(opened + datetime.timedelta(hours=3, minutes=59)):
        client.force_login(user)
        assert client.get(detail).status_code == 200
    with time_machine.travel(opened + datetime.timedelta(hours=4, minutes=1)):
        client.force_login(user)
        assert client.get(detail).status_code == 404


def test_only_professionals_in_the_network_may_break_the_glass(client, outsider_and_family):
    _user, family = outsider_and_family
    url = reverse("access:break_glass", args=[family.pk])
    for stranger in (
        make_professional().user,  # another network
        make_user(Role.POLICY_ADVISER),
        make_user(Role.SECURITY_OFFICER),
    ):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": REASON}).status_code == 404
    assert not BreakGlassAccess.objects.exists()


def test_the_security_officer_and_coordinator_review_it(client, outsider_and_family):
    user, family = outsider_and_family
    client.force_login(user)
    client.post(reverse("access:break_glass", args=[family.pk]), {"reason": REASON})
    access = BreakGlassAccess.objects.get()

    coordinator = make_user(Role.COORDINATOR)
    RoleGrant.objects.filter(user=coordinator).update(network=family.network)
    officer = make_user(Role.SECURITY_OFFICER)
    for reviewer in (coordinator, officer):
        client.force_login(reviewer)
        listing = client.get(reverse("access:break_glass_review_list"))
        assert access in listing.context["page"].object_list

    # The professional cannot review their own access.
    client.force_login(user)
    assert client.get(reverse("access:break_glass_review_list")).status_code == 403

    client.force_login(officer)
    review = reverse("access:break_glass_review", args=[access.pk])
    response = client.post(review, {"outcome": "unjustified", "note": "Geen noodsituatie."})
    assert response.status_code == 302
    access.refresh_from_db()
    assert (access.review_outcome, access.reviewed_by) == ("unjustified", officer)
    # An unjustified access is closed at once.
    client.force_login(user)
    assert client.get(reverse("families:family_detail", args=[family.pk])).status_code == 404
    # And nobody reviews it twice.
    client.force_login(coordinator)
    response = client.post(review, {"outcome": "justified", "note": ""})
    assert "al beoordeeld" in response.content.decode()


def test_a_coordinator_in_another_network_does_not_see_it(client, outsider_and_family):
    user, family = outsider_and_family
    client.force_login(user)
    client.post(reverse("access:break_glass", args=[family.pk]), {"reason": REASON})
    elsewhere = make_professional(roles=(Role.COORDINATOR,))
    RoleGrant.objects.filter(user=elsewhere.user).update(network=TrajectoryFactory().network)
    client.force_login(elsewhere.user)
    listing = client.get(reverse("access:break_glass_review_list"))
    assert list(listing.context["page"].object_list) == []


def test_the_coordinator_of_the_team_reviews_it_too(client, outsider_and_family):
    from samenspel.trajectories.models import CareTeamRole
    from tests.factories import add_to_team

    user, family = outsider_and_family
    client.force_login(user)
    client.post(reverse("access:break_glass", args=[family.pk]), {"reason": REASON})
    team_coordinator = make_professional(roles=(Role.PROFESSIONAL, Role.COORDINATOR))
    RoleGrant.objects.filter(user=team_coordinator.user, role=Role.COORDINATOR).update(
        network=NetworkFactory()  # coordinator elsewhere, but of this family's team
    )
    add_to_team(family.trajectories.get(), team_coordinator, CareTeamRole.COORDINATOR)
    client.force_login(team_coordinator.user)
    access = BreakGlassAccess.objects.get()
    assert access in client.get(reverse("access:break_glass_review_list")).context["page"]
    review = reverse("access:break_glass_review", args=[access.pk])
    assert client.post(review, {"outcome": "justified", "note": ""}).status_code == 302
