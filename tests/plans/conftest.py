import pytest
from django.test import Client

from tests.factories import make_team


@pytest.fixture
def team(db):
    """A trajectory with its coordinator, in the phase Plan (the phase guard): the
    coordinator may see, write and agree the plan."""
    from samenspel.trajectories.models import Phase, Trajectory

    trajectory, coordinator = make_team()
    Trajectory.objects.filter(pk=trajectory.pk).update(phase=Phase.PLAN)
    trajectory.refresh_from_db()
    return trajectory, coordinator


@pytest.fixture
def client_for():
    """A fresh logged-in client per user, so two people can work at the same time."""

    def _client(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _client
