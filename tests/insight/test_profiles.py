"""Profiles: versioned per network, derived at the start of help, kept by each trajectory."""

import datetime

import pytest

from samenspel.insight import actions, profiles
from samenspel.insight.models import ProfileSet, TrajectoryProfile
from samenspel.network.models import ProfessionalExpertise
from samenspel.trajectories.models import Phase
from tests.factories import TrajectoryFactory
from tests.factories.network import expertise
from tests.factories.plans import make_team

TODAY = datetime.date(2026, 11, 18)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]


def basis(domains=(), skills=(), safety=False):
    return {"life_domains": list(domains), "expertise": list(skills), "safety_concern": safety}


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        (basis(safety=True, skills=["schuldhulp"]), "veiligheid"),
        (basis(domains=["financien"]), "bestaanszekerheid"),
        (basis(skills=["schuldhulp", "lvb"]), "bestaanszekerheid"),
        (basis(domains=["geestelijke-gezondheid"]), "psychisch"),
        (basis(skills=["lvb-zorg"]), "lvb"),
        (basis(domains=["huiselijke-relaties"]), "opvoeden"),
        (basis(domains=["justitie"]), "breed"),
        (basis(), "breed"),
    ],
)
def test_the_default_set_follows_life_domains_expertise_and_safety(inputs, expected):
    trajectory = TrajectoryFactory()
    candidates = list(profiles.current_set(trajectory.network_id).profiles.all())

    assert profiles.choose(candidates, inputs).code == expected


def test_the_start_of_help_classifies_and_the_trajectory_keeps_its_version():
    trajectory, coordinator = make_team(TrajectoryFactory(phase=Phase.TEAM_COMPOSITION))
    ProfessionalExpertise.objects.create(
        professional=coordinator, expertise=expertise("schuldhulp"), level=2
    )

    actions.classify_trajectory(trajectory, actor=coordinator.user)

    first = TrajectoryProfile.objects.get(trajectory=trajectory)
    assert first.profile.code == "bestaanszekerheid"
    assert first.profile.profile_set.number == 1
    assert first.basis["expertise"] == ["schuldhulp"]

    revised = actions.revise_profiles(
        trajectory.network_id,
        definitions=[{"code": "alles", "name": "Alles"}],
        note="Eén profiel",
        actor=coordinator.user,
    )
    again = actions.classify_trajectory(trajectory, actor=coordinator.user)

    assert revised.number == 2
    assert again.profile.profile_set.number == 1  # kept, not re-classified
    assert ProfileSet.objects.filter(network_id=trajectory.network_id).count() == 2
    other = TrajectoryFactory(family__network=trajectory.network)
    assert actions.classify_trajectory(other, actor=None).profile.code == "alles"
