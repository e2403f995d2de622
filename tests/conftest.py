import pytest
from django.test import Client

from samenspel.accounts.models import Role
from tests.factories import make_user


@pytest.fixture
def professional(db):
    return make_user(Role.PROFESSIONAL)


@pytest.fixture
def security_officer(db):
    return make_user(Role.SECURITY_OFFICER)


@pytest.fixture
def login(client: Client):
    """Log a user in as if they passed both steps: `login(user)` returns the client."""

    def _login(user) -> Client:
        client.force_login(user)
        return client

    return _login
