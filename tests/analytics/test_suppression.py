"""Nobody can work out a suppressed figure from the others on the page: not from totals, not
from shares, not from zeros, not from two consecutive periods.

The attacker here is stronger than the audit's own: an integer programme over every atom the
data can hold, knowing every shown figure, that "fewer than N" means 0..N-1, and (for each
hidden small figure) asked for the smallest and largest value it could have."""

import datetime

import numpy as np
import pytest
from django.test import override_settings
from django.urls import reverse
from scipy.optimize import Bounds, LinearConstraint, milp

from samenspel.analytics.periods import Quarter, complete_quarters
from samenspel.analytics.queries import closure_figures, network_figures, possible_closure_atoms
from samenspel.analytics.suppression import Cell, Figure, protect, share
from samenspel.trajectories.models.closure import ClosureReason
from tests.analytics.test_figures import LAST_QUARTER_DAY, TODAY, adviser, close, fill
from tests.factories import NetworkFactory, TrajectoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
N = 10
ATOMS = possible_closure_atoms()
FIGURES = {f.key: f for f in closure_figures()}


def attack(cells: dict[str, Cell], key: str) -> tuple[int, int]:
    """The range of values figure `key` can have, given what the page shows."""
    rows, lower, upper = [], [], []
    for name, shown in cells.items():
        row = [1.0 if FIGURES[name].includes(atom) else 0.0 for atom in ATOMS]
        if shown.value is not None:
            rows.append(row)
            lower.append(shown.value)
            upper.append(shown.value)
        elif shown.small:
            rows.append(row)
            lower.append(0)
            upper.append(N - 1)
    constraint = LinearConstraint(np.array(rows), lower, upper)
    target = np.array([1.0 if FIGURES[key].includes(atom) else 0.0 for atom in ATOMS])
    ends = []
    for sign in (1, -1):
        result = milp(
            sign * target,
            constraints=constraint,
            integrality=np.ones(len(ATOMS)),
            bounds=Bounds(0, 200),
        )
        assert result.status == 0
        ends.append(round(sign * result.fun))
    return ends[0], ends[1]


def page_cells(counts) -> dict[str, Cell]:
    return protect(counts, ATOMS, list(FIGURES.values()), threshold=N)


def atom(reason, follow_up="open"):
    """A closure with this reason: goals realised when reached, no ZRM or satisfaction."""
    goals = "realised" if reason == "goals_reached" else "not_realised"
    return next(
        a
        for a in ATOMS
        if a[0] == reason
        and a[6] == follow_up
        and a[3] == goals
        and a[4] is None
        and a[5] is None
        and a[1] == (reason in ("stopped_by_family", "stopped_by_provider"))
    )


def assert_protected(counts, cells):
    for key, figure in FIGURES.items():
        value = sum(n for a, n in counts.items() if figure.includes(a))
        if 0 < value < N:
            low, high = attack(cells, key)
            assert high - low >= 2, (key, value, low, high)


def test_twelve_closures_with_one_stop_do_not_tell_who_stopped():
    # The case: 11 reached their goals, one family stopped. Before, "3.1 … 11 · 92 %"
    # beside reasons that were 0 gave the one stop away.
    counts = {atom("goals_reached"): 11, atom("stopped_by_family"): 1}

    cells = page_cells(counts)

    assert cells["reason:stopped_by_family"].value is None
    assert not (cells["closed"].value == 12 and cells["without_help"].value == 11)
    assert_protected(counts, cells)


@pytest.mark.parametrize(
    "counts",
    [
        {atom("goals_reached"): 31, atom("referred"): 14, atom("stopped_by_family"): 3},
        {atom("goals_reached"): 20, atom("stopped_by_family"): 2, atom("stopped_by_provider"): 1},
        {atom("referred"): 25, atom("continues_without_help"): 1},
        {atom("goals_reached", "no_restart"): 14, atom("goals_reached", "restarted"): 2},
        {atom("goals_reached", "no_restart"): 9, atom("referred"): 30},
        {atom(r.value): 1 for r in ClosureReason} | {atom("goals_reached"): 40},
    ],
)
def test_no_small_figure_can_be_worked_out_from_totals_shares_and_indicators(counts):
    cells = page_cells(counts)

    assert_protected(counts, cells)


def test_a_zero_inside_a_small_group_is_not_shown():
    # Four closures, all "goals reached": zeros for the other reasons would say so.
    counts = {atom("goals_reached"): 4}

    cells = page_cells(counts)

    for reason in ClosureReason:
        assert cells["reason:" + reason].value is None
        assert cells["reason:" + reason].small
    assert cells["dropout"].value is None


def test_large_groups_are_shown_with_their_zeros():
    counts = {atom("goals_reached"): 30, atom("referred"): 12}

    cells = page_cells(counts)

    assert cells["closed"] == Cell(42, N)
    assert cells["reason:stopped_by_family"] == Cell(0, N)
    assert cells["without_help"] == Cell(30, N)


def test_a_share_is_hidden_when_the_rest_is_small():
    with override_settings(ANALYTICS_MIN_CELL_SIZE=N):
        assert share(11, 12) is None
        assert share(3, 40) is None
        assert share(20, 9) is None
        assert share(30, 40) == 75
        assert share(0, 40) == 0


def test_the_audit_protects_figures_that_are_only_derivable():
    # Only yes/total are published; "no" = 1 is derivable and must be protected.
    figures = [
        Figure("total", lambda a: True),
        Figure("yes", lambda a: a == "yes"),
        Figure("no", lambda a: a == "no", published=False),
    ]

    cells = protect({"yes": 20, "no": 1}, ["yes", "no"], figures, threshold=N)

    assert cells["total"].value is None or cells["yes"].value is None


def test_the_same_quarter_shows_the_same_cells_every_day(client):
    network = NetworkFactory()
    fill(network, reached=11)
    user = adviser(network)
    client.force_login(user)
    before = network_figures([network], today=TODAY)[0]

    # One more family stops "today": a rolling window would now show 12 and one stop.
    close(TrajectoryFactory(family__network=network), ClosureReason.STOPPED_BY_FAMILY, on=TODAY)
    after = network_figures([network], today=TODAY)[0]

    assert before.quarters == after.quarters
    assert client.get(reverse("analytics:overview")).status_code == 200


def test_two_consecutive_quarters_cannot_be_subtracted():
    network = NetworkFactory()
    fill(network, reached=11, stopped=0, on=LAST_QUARTER_DAY)
    fill(network, reached=11, stopped=1, on=TODAY)  # this quarter
    next_quarter = Quarter.of(TODAY).next.first_day + datetime.timedelta(days=3)

    now = network_figures([network], today=TODAY)[0]
    later = network_figures([network], today=next_quarter)[0]

    # The earlier quarter reads the same on both pages; the new one is audited on its own,
    # and no figure adds the two quarters together.
    assert now.quarters[-1] == later.quarters[-2]
    newest = later.quarters[-1]
    assert newest.quarter == Quarter.of(TODAY)
    by_reason = dict(newest.closed_by_reason)
    assert by_reason[str(ClosureReason.STOPPED_BY_FAMILY.label)].value is None
    assert not (newest.closed.value == 12 and newest.indicators[2].count.value == 11)
    assert [q.quarter for q in later.quarters] == complete_quarters(next_quarter)


def test_a_page_with_a_suppressed_cell_says_so_in_dutch(client):
    network = NetworkFactory()
    fill(network, reached=11, stopped=1)
    client.force_login(adviser(network))

    response = client.get(reverse("analytics:overview"))

    assert "minder dan 10" in response.text
    assert "niet getoond" in response.text
