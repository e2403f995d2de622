"""The demo gives "Wat werkt" and the national overview real figures (issue 15): Beter Thuis
has an earlier cohort closed in the last finished quarter, with imported time, so the policy
adviser sees the network's count, cost with its interval and indicators, not only "minder dan
10"; the small profiles stay hidden."""

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone

from samenspel.analytics.periods import complete_quarters
from samenspel.insight import effect
from samenspel.insight.models import AuditedCells, TimeEntry
from samenspel.insight.profiles import newest_profiles
from samenspel.network.models import Network
from samenspel.trajectories.models.closure import Closure

pytestmark = pytest.mark.django_db


def test_the_demo_shows_real_figures_on_what_works_and_the_overview(client, monkeypatch):
    from samenspel.demo.loader import load_demo

    users = {user.email: user for user in load_demo()}
    quarter = complete_quarters(timezone.localdate())[-1]
    network = Network.objects.get(slug="beter-thuis")
    closures = Closure.objects.filter(
        trajectory__network=network,
        closed_on__gte=quarter.first_day,
        closed_on__lte=quarter.last_day,
    )
    counts = (closures.count(), TimeEntry.objects.count())
    load_demo()  # idempotent: no second cohort, no time booked twice
    assert (closures.count(), TimeEntry.objects.count()) == counts
    # The demo (SQLite, no worker) stored each network's audits at load: no page audits.
    assert AuditedCells.objects.filter(network=network).count() == 4

    def no_audit(*args, **kwargs):
        raise AssertionError("a page audited although the demo stored the audits")

    monkeypatch.setattr(effect, "_audit", no_audit)

    figures = effect.network_effect(
        network.pk,
        network.name,
        today=timezone.localdate(),
        profiles=newest_profiles([network.pk])[network.pk],
    )
    assert figures.quarter == quarter
    assert figures.total.n.value == closures.count() >= 20
    assert figures.total.cost is not None and figures.total.cost.n == figures.total.n.value
    assert figures.total.cost.low < figures.total.cost.mean < figures.total.cost.high
    assert figures.total.indirect_share is not None
    assert any(p.percentage is not None for p in figures.total.indicators)
    assert any(row.n.suppressed for row in figures.rows)  # small profiles stay hidden

    client.force_login(users["beleid@demo.samenspel.nl"])
    page = client.get(reverse("insight:effect"))
    body = page.text
    assert page.status_code == 200 and network.name in body
    assert f"€ {floatformat(figures.total.cost.mean, 0)} (" in body  # the mean and interval
    assert f">{figures.total.n.value}<" in body
    overview = client.get(reverse("insight:effect_overview")).text
    assert f">{figures.total.n.value}<" in overview
    row = overview.split(network.name, 1)[1].split("</tr>", 1)[0]
    assert "€" in row and "niet getoond" not in row.split("</td>", 3)[1]

    # "Mijn tijd": a demo professional sees their team's time beside their own.
    shown = []
    for email in ("hulpverlener@demo.samenspel.nl", "regisseur@demo.samenspel.nl"):
        client.force_login(users[email])
        if 'data-testid="team-time"' in client.get(reverse("insight:week")).text:
            shown.append(email)
    assert shown, "no demo professional sees the team's time"
