"""Policy advisers see anonymous figures of their own networks, and no small groups."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from samenspel.accounts.models import Role, RoleGrant
from samenspel.analytics.suppression import Cell, breakdown, share
from samenspel.trajectories.models import Phase
from samenspel.trajectories.models.closure import INDICATORS, Closure, ClosureReason
from tests.factories import NetworkFactory, TrajectoryFactory, make_user
from tests.helpers import get_with_query_count

pytestmark = pytest.mark.django_db
URL = reverse("analytics:overview")
TODAY = datetime.date.today()  # noqa: DTZ011 - dates relative to the test run only


def _adviser(*networks):
    user = make_user(Role.POLICY_ADVISER)
    RoleGrant.objects.filter(user=user).delete()
    for network in networks:
        RoleGrant.objects.create(user=user, role=Role.POLICY_ADVISER, network=network)
    user.__dict__.pop("_grants", None)
    return user


def _close(trajectory, reason):
    trajectory.phase, trajectory.closed_on = Phase.CLOSED, TODAY
    trajectory.save()
    flags = INDICATORS[reason]
    return Closure.objects.create(
        trajectory=trajectory,
        reason=reason,
        closed_on=TODAY,
        dropout=flags["dropout"],
        continues_without_help=flags["without_help"],
        goals_realised=flags["goals"],
        follow_up_due_on=TODAY + datetime.timedelta(days=182),
    )


def _fill(network, *, walk_alongs, reached, stopped):
    for _ in range(walk_alongs):
        TrajectoryFactory(family__network=network, phase=Phase.WALK_ALONG)
    for _ in range(reached):
        _close(TrajectoryFactory(family__network=network), ClosureReason.GOALS_REACHED)
    for _ in range(stopped):
        _close(TrajectoryFactory(family__network=network), ClosureReason.STOPPED_BY_FAMILY)


def test_an_adviser_sees_only_their_own_networks_figures(client):
    mine = NetworkFactory(name="Beter Thuis")
    NetworkFactory(name="Ander Netwerk")
    _fill(mine, walk_alongs=12, reached=0, stopped=0)
    client.force_login(_adviser(mine))

    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "Beter Thuis" in response.text
    assert "Ander Netwerk" not in response.text
    row = response.text.split("Walk-along")[1][:200]
    assert ">12<" in row


def test_small_groups_are_not_shown(client):
    network = NetworkFactory()
    _fill(network, walk_alongs=3, reached=0, stopped=0)
    client.force_login(_adviser(network))

    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")

    row = response.text.split("Walk-along")[1][:200]
    assert "fewer than 10" in row and ">3<" not in row


@override_settings(ANALYTICS_MIN_CELL_SIZE=1)
def test_outcome_indicators_follow_the_closure_reasons(client):
    network = NetworkFactory()
    _fill(network, walk_alongs=0, reached=3, stopped=1)
    client.force_login(_adviser(network))

    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")

    dropout = response.text.split("1 Drop-out")[1][:300]
    goals = response.text.split("3.4 Agreed goals realised")[1][:300]
    assert ">1<" in dropout and "25%" in dropout
    assert ">3<" in goals and "75%" in goals


def test_one_hidden_cell_cannot_be_worked_out_from_the_total():
    with override_settings(ANALYTICS_MIN_CELL_SIZE=10):
        cells = breakdown({"a": 40, "b": 3, "c": 25}, with_total=True)
        assert cells == {"a": Cell(40), "b": Cell(None), "c": Cell(None)}
        assert breakdown({"a": 40, "b": 3}, with_total=False)["a"] == Cell(40)
        assert breakdown({"a": 40, "b": 0}, with_total=True)["b"] == Cell(0)
        assert share(3, 40) is None and share(20, 9) is None and share(20, 40) == 50


def test_professionals_and_families_do_not_see_figures(client):
    for role in (Role.PROFESSIONAL, Role.FAMILY_MEMBER, Role.COORDINATOR):
        client.force_login(make_user(role))
        assert client.get(URL).status_code == 403


def test_the_page_costs_the_same_queries_for_more_networks_and_data(client):
    first = NetworkFactory()
    _fill(first, walk_alongs=2, reached=1, stopped=1)
    adviser = _adviser(first)
    client.force_login(adviser)
    client.get(URL)  # the first request after login also touches the session
    get_with_query_count(client, URL, expected=QUERIES)

    second = NetworkFactory()
    _fill(second, walk_alongs=5, reached=3, stopped=2)
    RoleGrant.objects.create(user=adviser, role=Role.POLICY_ADVISER, network=second)

    response = get_with_query_count(client, URL, expected=QUERIES)
    assert response.text.count("samenspel-panel") >= 2


# Session, user, roles, networks, and one grouped query each for running work, activity
# and closures: whatever the number of networks.
QUERIES = 7
