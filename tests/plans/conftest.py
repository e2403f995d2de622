import pytest
from django.test import Client

from tests.factories import make_team


@pytest.fixture
def team(db):
    """A trajectory with its coordinator; the coordinator may see and agree the plan."""
    return make_team()


@pytest.fixture
def client_for():
    """A fresh logged-in client per user, so two people can work at the same time."""

    def _client(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _client
