"""The policy's shortcuts for a few families (`visible_among`) and for the user's own places
(`visible_team_places`, the home page's "Mijn gezinnen") answer exactly as
`visible_family_ids` and `decide` do, for every persona and ground."""

import pytest
from django.urls import reverse

from samenspel.access.actions import open_break_glass
from samenspel.access.policy import (
    Action,
    decide,
    visible_among,
    visible_family_ids,
    visible_team_places,
)
from samenspel.families.models import Family
from samenspel.trajectories.models import CareTeamMembership, CareTeamRole
from tests.access.test_authorization_matrix import PERSONAS
from tests.factories import TrajectoryFactory, add_to_team, make_professional

pytestmark = pytest.mark.django_db
REASON = "Politie belt: kind alleen thuis aangetroffen, moeder onbereikbaar."


@pytest.mark.parametrize("persona", PERSONAS)
def test_visible_among_is_the_full_policy_restricted(world, persona):
    user = world.users[persona]
    every = set(Family.objects.values_list("pk", flat=True))
    full = set(visible_family_ids(user).values_list("pk", flat=True))

    assert visible_among(user, every) == full
    assert visible_among(user, {world.family.pk}) == full & {world.family.pk}
    assert visible_among(user, set()) == set()
    assert full == {f.pk for f in Family.objects.all() if decide(user, f, Action.VIEW).allowed}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_users_places_are_those_whose_family_they_may_see(world, persona):
    user = world.users[persona]
    places = CareTeamMembership.objects.filter(professional__user=user)
    expected = {
        place.pk
        for place in places.select_related("trajectory__family")
        if decide(user, place.trajectory.family, Action.VIEW).allowed
    }

    assert set(visible_team_places(user)) == expected
    assert bool(expected) == (persona in ("coordinator", "own_organisation", "with_consent"))
    if persona.endswith("_consent"):  # all of them hold a place; some without a ground
        assert places.exists()


def test_a_place_without_ground_counts_when_another_ground_opens_the_family(client):
    trajectory = TrajectoryFactory()
    add_to_team(trajectory, make_professional(network=trajectory.network), CareTeamRole.COORDINATOR)
    outsider = make_professional(network=trajectory.network)  # another organisation
    place = add_to_team(trajectory, outsider)  # no consent names their organisation
    user = outsider.user
    listed = reverse("trajectories:detail", args=[trajectory.pk])

    assert visible_team_places(user) == []
    client.force_login(user)
    assert listed not in client.get(reverse("core:home")).content.decode()

    open_break_glass(trajectory.family, actor=user, reason=REASON)

    assert visible_team_places(user) == [place.pk]
    assert visible_among(user, {trajectory.family_id}) == {trajectory.family_id}
    assert listed in client.get(reverse("core:home")).content.decode()
