"""What works, for whom, at what cost (issue 15): cost against outcome per profile with
intervals and n, suppressed so that no small group can be worked out from the totals or from
two periods; the pre-aggregated rows give the same figures as the raw records."""

import csv
import datetime
import io
import itertools
import re
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command, get_commands
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenspel.accounts.models import Role, RoleGrant
from samenspel.analytics.periods import complete_quarters
from samenspel.analytics.queries import INDICATOR_ROWS, network_figures
from samenspel.analytics.suppression import protection_width
from samenspel.insight import aggregates, effect
from samenspel.insight.models import (
    Activity,
    AuditedCells,
    QuarterTime,
    Tariff,
    TimeEntry,
    TrajectoryProfile,
    TrajectoryResult,
)
from samenspel.insight.profiles import current_set, newest_profiles
from samenspel.insight.tasks import refresh_insight_figures
from samenspel.trajectories.models import ClosureReason, Phase
from samenspel.trajectories.models.closure import Closure
from samenspel.trajectories.outcomes import GoalsOutcome
from tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    TrajectoryFactory,
    make_professional,
    make_user,
)

TODAY = datetime.date(2026, 11, 18)
CLOSED_ON = datetime.date(2026, 8, 10)  # Q3 2026, the last finished quarter
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
URL = reverse("insight:effect")
# Trajectories closed per profile: two large groups and one small one.
GROUPS = {"opvoeden": 12, "psychisch": 11, "lvb": 3}


def _world():
    network = NetworkFactory(name="Beter Thuis")
    organisation = OrganisationFactory(name="Jeugdhulp West")
    Tariff.objects.create(
        organisation=organisation,
        hourly_rate=90,
        indirect_hourly_rate=60,
        valid_from=datetime.date(2026, 1, 1),
    )
    professional = make_professional(organisation=organisation)
    profiles = {p.code: p for p in current_set(network.pk).profiles.all()}
    number = 0
    for code, count in GROUPS.items():
        for i in range(count):
            number += 1
            trajectory = TrajectoryFactory(
                family__network=network,
                family__name=f"Gezin{number:03d}",
                phase=Phase.CLOSED,
                opened_on=CLOSED_ON - datetime.timedelta(days=100 + 5 * i),
                closed_on=CLOSED_ON,
            )
            TrajectoryProfile.objects.create(trajectory=trajectory, profile=profiles[code])
            Closure.objects.create(
                trajectory=trajectory,
                reason=ClosureReason.GOALS_REACHED,
                closed_on=CLOSED_ON,
                dropout=False,
                continues_without_help=True,
                goals_realised=True,
                goals_outcome=GoalsOutcome.REALISED,
                satisfaction=4,
                first_t_score=40.0,
                final_t_score=45.0 + i,
                evaluations=2,
                follow_up_due_on=CLOSED_ON + datetime.timedelta(days=180),
            )
            for minutes, activity in ((60 + 10 * i, Activity.FAMILY_CONTACT), (30, Activity.MDO)):
                TimeEntry.objects.create(
                    professional=professional,
                    trajectory=trajectory,
                    organisation=organisation,
                    network=network,
                    worked_on=CLOSED_ON - datetime.timedelta(days=3),
                    minutes=minutes,
                    activity=activity,
                    direct=activity == Activity.FAMILY_CONTACT,
                )
    return network


def _reader(network, role=Role.POLICY_ADVISER):
    user = make_user(role)
    RoleGrant.objects.filter(user=user).delete()
    RoleGrant.objects.create(user=user, role=role, network=network)
    return user


def _figures(network):
    return effect.network_effect(
        network.pk, network.name, today=TODAY, profiles=[(c, c) for c in GROUPS]
    )


def test_cost_is_time_times_the_tariff_valid_that_day():
    network = _world()
    results = {r.trajectory_id: r for r in aggregates.compute_results([network.pk])}
    first = results[min(results)]
    # 60 minutes direct at 90 an hour, 30 minutes MDO at the indirect rate of 60.
    assert (first.direct_cost, first.indirect_cost) == (90.0, 30.0)
    assert first.t_score_change == 5.0
    assert first.duration_days == 100
    Tariff.objects.update(valid_from=datetime.date(2026, 9, 1))
    later = aggregates.compute_results([network.pk])[0]
    assert (later.direct_cost, later.indirect_cost) == (0.0, 0.0)  # no tariff valid then


def test_stored_rows_give_the_same_figures_as_the_raw_records():
    network = _world()
    live = _figures(network)
    assert refresh_insight_figures.call(network.pk) == 1  # what the nightly task runs
    assert QuarterTime.objects.filter(network=network).exists()
    assert TrajectoryResult.objects.filter(network=network).count() == sum(GROUPS.values())

    def fields(rows, names):
        return sorted(tuple(getattr(r, n) for n in names) for r in rows)

    time_fields = ["quarter", "organisation_id", "profile_code", "trajectories"]
    time_fields += ["direct_minutes", "indirect_minutes", "direct_cost", "indirect_cost"]
    assert fields(QuarterTime.objects.all(), time_fields) == fields(
        aggregates.compute_quarter_times([network.pk]), time_fields
    )
    result_fields = [f.attname for f in TrajectoryResult._meta.concrete_fields if f.attname != "id"]
    assert fields(TrajectoryResult.objects.all(), result_fields) == fields(
        aggregates.compute_results([network.pk]), result_fields
    )
    # Whichever path the page reads (stored on PostgreSQL, computed on SQLite): same figures.
    assert _figures(network) == live


def test_a_small_profile_cannot_be_recovered_from_the_total_and_the_other_profiles():
    network = _world()
    figures = _figures(network)
    cells = {row.code: row.n for row in figures.rows}
    assert cells["lvb"].small
    total = figures.total.n.value
    assert total == sum(GROUPS.values())  # the figures page's total, shown there too
    # The strongest simple attacker: the total, every shown profile count, a hidden small
    # count is 1..9 and a hidden linked one anything. Enumerate what the small one can be.
    hidden = [code for code, c in cells.items() if c.suppressed]
    shown = sum(c.value for c in cells.values() if not c.suppressed)
    possible = set()
    for values in itertools.product(range(total + 1), repeat=len(hidden)):
        counts = dict(zip(hidden, values, strict=True))
        if sum(values) + shown != total:
            continue
        if all(1 <= counts[c] <= 9 for c in hidden if cells[c].small):
            possible.add(counts["lvb"])
    assert max(possible) - min(possible) >= protection_width(10)
    # No mean, spread or interval of a hidden group either.
    lvb = next(row for row in figures.rows if row.code == "lvb")
    assert lvb.cost is None and lvb.spread is None and lvb.t_change is None


def test_shown_profiles_carry_intervals_and_the_n_behind_them():
    network = _world()
    # Without the small group every profile is shown, with its interval.
    Closure.objects.filter(trajectory__profile__profile__code="lvb").delete()
    figures = _figures(network)
    opvoeden = next(row for row in figures.rows if row.code == "opvoeden")
    assert opvoeden.n.value == 12
    assert opvoeden.cost is not None and opvoeden.cost.n == 12
    assert opvoeden.cost.low < opvoeden.cost.mean < opvoeden.cost.high
    assert opvoeden.spread is not None
    assert opvoeden.t_change is not None and opvoeden.t_change.n == 12
    keys = [row[0] for row in INDICATOR_ROWS]
    realised = opvoeden.indicators[keys.index("goals")]
    assert realised.count.value == 12 and realised.whole.value == 12
    # Clopper-Pearson for 12 of 12: from 0.025 ** (1 / 12) to 100 %.
    assert round(realised.low, 1) == 73.5 and realised.high == 100.0


def test_the_same_quarter_shows_the_same_cells_on_every_day_and_on_the_figures_page():
    """Differencing over periods: no window moves with the day, and the insight page's
    whole-network count of a quarter is the figures page's own cell for that quarter."""
    network = _world()
    before = _figures(network)
    figures_page = network_figures([network], today=TODAY)[0]
    assert figures_page.latest.closed == before.total.n == before.series[-1].closed
    for later in (datetime.date(2026, 12, 20), datetime.date(2027, 2, 3)):
        with time_machine.travel(datetime.datetime.combine(later, datetime.time(12))):
            again = effect.network_effect(
                network.pk,
                network.name,
                today=later,
                quarter=before.quarter,
                profiles=[(c, c) for c in GROUPS],
            )
        assert again.quarter == before.quarter
        assert [r.n for r in again.rows] == [r.n for r in before.rows]
        assert again.total.n == before.total.n


def test_the_policy_adviser_sees_the_page_without_names(client, django_assert_num_queries):
    network = _world()
    client.force_login(_reader(network))
    with django_assert_num_queries(EXPECTED_QUERIES):
        response = client.get(URL)
    body = response.text
    assert response.status_code == 200
    assert "Wat werkt" in body and "<svg" in body
    assert "minder dan 10" in body
    assert "Gezin0" not in body
    assert f"/trajectories/{Closure.objects.first().trajectory_id}" not in body


def test_exports_carry_the_same_suppression(client):
    network = _world()
    client.force_login(_reader(network, Role.STEERING_GROUP))
    response = client.get(reverse("insight:effect_csv"), {"network": network.pk})
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    lvb = [line for line in lines if line[2] == "LVB in het gezin"]
    assert lvb and lvb[0][4] == "minder dan 10"
    assert not [cell for line in lines for cell in line if "Gezin0" in cell]
    xlsx = client.get(reverse("insight:effect_xlsx"), {"network": network.pk})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = client.get(reverse("insight:effect_pdf"), {"network": network.pk})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_another_network_and_professionals_are_refused(client):
    network = _world()
    other = NetworkFactory()
    client.force_login(_reader(network))
    assert client.get(URL, {"network": other.pk}).status_code == 404
    client.force_login(make_user(Role.PROFESSIONAL))
    assert client.get(URL).status_code == 403


def test_the_overview_hides_the_total_when_a_network_is_hidden(client):
    network = _world()
    small = NetworkFactory(name="Klein Verband")
    trajectory = TrajectoryFactory(family__network=small, phase=Phase.CLOSED, closed_on=CLOSED_ON)
    Closure.objects.create(
        trajectory=trajectory,
        reason=ClosureReason.REFERRED,
        closed_on=CLOSED_ON,
        dropout=False,
        continues_without_help=False,
        goals_realised=False,
        follow_up_due_on=CLOSED_ON,
    )
    result = effect.overview([(network.pk, "a"), (small.pk, "b")], today=TODAY)
    assert [n.total.n.value for n in result.networks] == [26, None]
    assert result.closed is None and result.cost is None


# Session, user, roles, second factor, networks, profiles, the closures (cost, ZRM), the
# time per quarter and the stored audits; on PostgreSQL three more: which networks have
# stored rows (twice) and when they were refreshed.
EXPECTED_QUERIES = 14 if connection.vendor == "sqlite" else 17


def test_the_nightly_command_stores_the_audit_the_pages_then_use(monkeypatch):
    """`samenspel manage refresh_insight` (cron, nightly) enqueues the refresh; the worker (here
    the tests' immediate backend) rebuilds the rows and stores each finished quarter's audit,
    which the page then uses instead of auditing itself, but only for the very same counts."""
    network = _world()

    def page_figures():  # as the page asks: the network's own profile set
        profiles = newest_profiles([network.pk])[network.pk]
        return effect.network_effect(network.pk, network.name, today=TODAY, profiles=profiles)

    live = page_figures()
    out = io.StringIO()
    call_command("refresh_insight", stdout=out)
    assert out.getvalue().startswith("enqueued ")
    stored = AuditedCells.objects.filter(network=network)
    assert sorted(a.quarter for a in stored) == [q.first_day for q in complete_quarters(TODAY)]
    effect._audit.cache_clear()

    def no_audit(*args, **kwargs):
        raise AssertionError("the page audited although the task had")

    monkeypatch.setattr(effect, "_audit", no_audit)
    assert page_figures() == live
    # Other closures in the quarter: the stored cells no longer fit and are not used.
    Closure.objects.filter(trajectory__profile__profile__code="lvb").delete()
    TrajectoryResult.objects.filter(profile_code="lvb").delete()
    with pytest.raises(AssertionError, match="audited although"):
        page_figures()


def test_the_scheduled_work_in_the_readme_exists():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    paragraph = readme.split("Scheduled work in production", 1)[1].split("\n\n", 1)[0]
    scheduled = re.findall(r"samenspel manage\s+(\w+)", paragraph)
    assert "refresh_insight" in scheduled
    assert set(scheduled) <= set(get_commands())


def test_the_overview_reads_any_number_of_networks_in_the_same_queries(client):
    _world()
    others = [NetworkFactory(name=f"Verband {i}") for i in range(3)]
    refresh_insight_figures.call()
    user = make_user(Role.POLICY_ADVISER)
    RoleGrant.objects.filter(user=user).delete()
    RoleGrant.objects.create(user=user, role=Role.POLICY_ADVISER, network=None)
    client.force_login(user)
    client.get(reverse("insight:effect_overview"))  # the session's first write is not the page's
    with CaptureQueriesContext(connection) as four:
        response = client.get(reverse("insight:effect_overview"))
    body = response.text
    assert response.status_code == 200
    assert "Beter Thuis" in body and "Verband 2" in body
    assert ">26<" in body  # the whole network's count, as on its own page
    assert "Gezin0" not in body
    for other in others:
        other.delete()
    with CaptureQueriesContext(connection) as one:
        assert "Verband 2" not in client.get(reverse("insight:effect_overview")).text
    assert len(four) == len(one) == OVERVIEW_QUERIES, [q["sql"][:120] for q in four]


# The session, user, roles and second factor, the networks and their profile sets, the chosen
# quarter's closures of every network at once (PostgreSQL: the stored rows, after asking which
# networks have them; SQLite, the demo: computed for all networks together, one query more) and
# the stored audits: the same for one network and four (also with 200 in bench/insight.py).
OVERVIEW_QUERIES = 9 if connection.vendor == "sqlite" else 8
