import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
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


@pytest.fixture
def clock_on_today(request):
    """Hold the clock at noon, local time, on the test module's pinned `TODAY`, so that what
    the code dates "today" (care-team places, agreements) falls on that day whenever the
    suite runs (`pytestmark = [..., pytest.mark.usefixtures("clock_on_today")]`)."""
    noon = datetime.datetime.combine(
        request.module.TODAY, datetime.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE)
    )
    with time_machine.travel(noon):
        yield
