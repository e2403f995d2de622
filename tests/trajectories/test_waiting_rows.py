"""The network view's waiting registrations (issue 12): a registration has a date, not a
time, so one of today reads "vandaag ontvangen", never "0 minuten geleden"."""

import datetime

from django.utils import translation

from samenspel.trajectories.models import Trajectory
from samenspel.trajectories.views.dashboards import _waiting_rows

TODAY = datetime.date(2026, 12, 8)


def test_a_registration_of_today_was_received_today_and_older_ones_say_how_long_ago():
    items = [
        Trajectory(pk=5, opened_on=TODAY),
        Trajectory(pk=6, opened_on=TODAY - datetime.timedelta(days=3)),
    ]
    with translation.override("nl"):
        rows = _waiting_rows(items, TODAY)

    assert rows[0].text == "Aanmelding 5, vandaag ontvangen"
    assert rows[1].text.replace("\xa0", " ") == (
        "Aanmelding 6, ontvangen 5 december 2026 (3 dagen geleden)"
    )
    assert "minuten" not in rows[0].text
