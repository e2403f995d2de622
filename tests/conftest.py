import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from samenspel.accounts.models import Role
from tests.factories import make_user

_CLOCK_OFFSET = pytest.StashKey["time_machine.travel"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock-offset-days",
        type=int,
        default=0,
        help=(
            "Run the whole suite with the clock moved this many days ahead (time-machine, "
            "ticking), started before any fixture: proves that no test depends on the day it "
            "runs. CI runs at the real date; `scripts/test --clock-offset-days 400` the year ahead."
        ),
    )


def pytest_configure(config: pytest.Config) -> None:
    # Started here, before the database is created and before any fixture, so that fixtures
    # and test bodies see the same moved "today". Tests that pin a date of their own travel
    # from there as usual (time-machine nests).
    days = config.getoption("--clock-offset-days", default=0)
    if days:
        moved = timezone.now() + datetime.timedelta(days=days)
        config.stash[_CLOCK_OFFSET] = time_machine.travel(moved, tick=True)
        config.stash[_CLOCK_OFFSET].start()


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = config.stash.get(_CLOCK_OFFSET, None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config: pytest.Config) -> str | None:
    days = config.getoption("--clock-offset-days", default=0)
    if not days:
        return None
    return f"clock moved {days} days ahead: today is {timezone.localdate()}"


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
