"""What the story tests (issue 12's "Done when") share: the demo's network loaded through the
demo's own code, a clock pinned for fixtures and pages alike, and one browser context per
person that logs in once through the real pages and is reused until the clock moves on."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from samenspel.demo.accounts import DEMO_PASSWORD
from tests.e2e.conftest import log_in


def story_start() -> datetime.datetime:
    """The next Tuesday, 10:00 local time, after the real date: a working day in a week the
    demo's absences (Monday to Friday) are running, later than any real "now" so the cookies
    the pinned server sets are never already expired for the real browser."""
    today = timezone.localdate()
    tuesday = today + datetime.timedelta(days=(1 - today.weekday()) % 7 or 7)
    return datetime.datetime.combine(
        tuesday, datetime.time(10), tzinfo=ZoneInfo(settings.TIME_ZONE)
    )


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    """Pinned (ticking) from before the demo is loaded; the test moves it on with `shift`."""
    with time_machine.travel(story_start(), tick=True) as traveller:
        yield traveller


@pytest.fixture
def demo_network(clock, transactional_db) -> None:
    """The demo's networks, organisations, professionals and logins (`load_network`, the
    first step of `samenspel demo`), on a database a transactional test may have flushed."""
    from django.db import connection

    from samenspel.demo.loader import load_network
    from tests.factories.plans import ensure_instruments
    from tests.helpers import restore_reference_data

    if connection.vendor != "postgresql":
        # A story plays some forty pages with axe on each: minutes of wall time, against a
        # CI budget of about three per database for both. What it proves (menus, links,
        # phases, Dutch, accessibility) does not depend on the database; the pages' queries
        # run on both databases in the unit and view tests. Played on PostgreSQL, the
        # production database (test_reflow measures on SQLite only, for the same reason).
        pytest.skip("the story tests play on PostgreSQL only (CI budget)")

    restore_reference_data()
    ensure_instruments()
    load_network()


class Desks:
    """One browser context per demo login, logged in once and reused page after page. After
    the clock moves on (`forget`), sessions have expired: the next use logs in again."""

    def __init__(self, browser, live_server) -> None:
        self.browser = browser
        self.url = live_server.url
        self.pages: dict[str, object] = {}
        self.csp_violations: list[str] = []

    def __call__(self, email: str):
        if email not in self.pages:
            context = self.browser.new_context(base_url=self.url, locale="nl-NL")
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.on(
                "console",
                lambda message: (
                    self.csp_violations.append(message.text)
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
            log_in(page, email, DEMO_PASSWORD, secret=_secret(email))
            self.pages[email] = page
        return self.pages[email]

    def forget(self) -> None:
        for page in self.pages.values():
            page.context.close()
        self.pages.clear()


def _secret(email: str) -> str | None:
    from allauth.mfa.models import Authenticator

    from samenspel.core import crypto

    totp = Authenticator.objects.filter(user__email=email, type=Authenticator.Type.TOTP).first()
    return crypto.decrypt(totp.data["secret"]) if totp else None


@pytest.fixture
def desks(browser, live_server, demo_network) -> Iterator[Desks]:
    desks = Desks(browser, live_server)
    yield desks
    desks.forget()
    assert desks.csp_violations == [], "a page broke its own Content-Security-Policy"
