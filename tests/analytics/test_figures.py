"""Policy advisers see anonymous figures of their own networks, and no small groups."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from samenspel.accounts.models import Role, RoleGrant
from samenspel.analytics.periods import Quarter
from samenspel.trajectories.models import Phase
from samenspel.trajectories.models.closure import INDICATORS, Closure, ClosureReason
from samenspel.trajectories.outcomes import GoalsOutcome
from tests.factories import NetworkFactory, TrajectoryFactory, make_user
from tests.helpers import get_with_query_count

# Mid-quarter, so "the last finished quarter" is the one before; the clock is pinned for
# fixtures and body alike.
TODAY = datetime.date(2026, 11, 18)
LAST_QUARTER_DAY = Quarter.of(TODAY).previous.first_day + datetime.timedelta(days=20)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
URL = reverse("analytics:overview")


def adviser(*networks):
    user = make_user(Role.POLICY_ADVISER)
    RoleGrant.objects.filter(user=user).delete()
    for network in networks:
        RoleGrant.objects.create(user=user, role=Role.POLICY_ADVISER, network=network)
    user.__dict__.pop("_grants", None)
    return user


def close(trajectory, reason, *, on=LAST_QUARTER_DAY):
    trajectory.phase, trajectory.closed_on = Phase.CLOSED, on
    trajectory.save()
    flags = INDICATORS[reason]
    goals = GoalsOutcome.REALISED if reason == ClosureReason.GOALS_REACHED else "not_realised"
    return Closure.objects.create(
        trajectory=trajectory,
        reason=reason,
        closed_on=on,
        dropout=flags["early"],
        continues_without_help=flags["without_help"],
        goals_outcome=goals,
        goals_realised=goals == GoalsOutcome.REALISED,
        follow_up_due_on=on + datetime.timedelta(days=182),
    )


def fill(network, *, walk_alongs=0, reached=0, stopped=0, on=LAST_QUARTER_DAY):
    for _ in range(walk_alongs):
        TrajectoryFactory(family__network=network, phase=Phase.WALK_ALONG)
    for _ in range(reached):
        close(TrajectoryFactory(family__network=network), ClosureReason.GOALS_REACHED, on=on)
    for _ in range(stopped):
        close(TrajectoryFactory(family__network=network), ClosureReason.STOPPED_BY_FAMILY, on=on)


def test_an_adviser_sees_only_their_own_networks_figures(client):
    mine = NetworkFactory(name="Beter Thuis")
    NetworkFactory(name="Ander Netwerk")
    fill(mine, walk_alongs=12)
    client.force_login(adviser(mine))

    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "Beter Thuis" in response.text
    assert "Ander Netwerk" not in response.text
    row = response.text.split("Walk-along")[1][:200]
    assert ">12<" in row


def test_small_groups_are_not_shown(client):
    network = NetworkFactory()
    fill(network, walk_alongs=3)
    client.force_login(adviser(network))

    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")

    row = response.text.split("Walk-along")[1][:200]
    assert "fewer than 10" in row and ">3<" not in row


def test_the_start_page_says_fewer_than_how_many(client):
    network = NetworkFactory(name="Beter Thuis")
    fill(network, walk_alongs=3)
    client.force_login(adviser(network))

    response = client.get(reverse("core:home"))

    panel = response.text.split('id="figures-heading"')[1].split("</section>")[0]
    assert "minder dan 10" in panel
    assert "minder dan <" not in panel and "minder dan\n" not in panel


@override_settings(ANALYTICS_MIN_CELL_SIZE=1)
def test_outcome_indicators_follow_the_closure_reasons(client):
    network = NetworkFactory()
    fill(network, reached=3, stopped=1)
    client.force_login(adviser(network))

    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")

    dropout = response.text.split("1 Drop-out")[1].split("</tr>")[0]
    goals = response.text.split("3.4 Agreed goals realised")[1].split("</tr>")[0]
    assert ">1 (25%)<" in dropout
    assert ">3 (75%)<" in goals


def test_professionals_and_families_do_not_see_figures(client):
    for role in (Role.PROFESSIONAL, Role.FAMILY_MEMBER, Role.COORDINATOR):
        client.force_login(make_user(role))
        assert client.get(URL).status_code == 403


def test_the_page_costs_the_same_queries_for_more_networks_and_data(client):
    first = NetworkFactory()
    fill(first, walk_alongs=2, reached=1, stopped=1)
    user = adviser(first)
    client.force_login(user)
    client.get(URL)  # the first request after login also touches the session
    get_with_query_count(client, URL, expected=QUERIES)

    second = NetworkFactory()
    fill(second, walk_alongs=5, reached=3, stopped=2)
    RoleGrant.objects.create(user=user, role=Role.POLICY_ADVISER, network=second)

    response = get_with_query_count(client, URL, expected=QUERIES)
    assert response.text.count("samenspel-panel") >= 2


# Session, user, roles, networks, and one grouped query each for running work, starts and
# closures: whatever the number of networks.
QUERIES = 7
