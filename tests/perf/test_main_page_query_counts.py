"""Query-count guards for the main pages (issue 7): each page takes the same, pinned number of
queries with a little data and with more of everything, so an N+1 cannot land unnoticed.

One world, grown through the apps' own factories and actions: the coordinator's caseload,
the family's members, goals and actions, observations and evaluations, the network's
professionals with expertise, registrations waiting and overdue evaluations. Each page is
counted after one growth step and again after four more; the counts must be equal and match
the pin. The pages are the ones the benchmark suite times (bench/pages.py).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.helpers import get_with_query_count
from tests.perf.world import SMALL_GROWTH, World, build_world, grow

pytestmark = pytest.mark.django_db

# Pinned per page, on (SQLite, PostgreSQL). The session, user, roles and second-factor check
# are paid on the first request (not counted); pages about one family add the access decision
# and its access-log event (trajectory and plan pages read the family with the trajectory).
# The directory's name search and the matching's ranking are shaped differently per database
# (trigram search; the ranking's SQL).
PINNED = {
    # + the plan's open actions due (trajectories.queries); + the user's own places decided
    # once (access.policy.visible_team_places) so the list and its count skip the policy;
    # their number known, the pager needs no COUNT; the week's changes in one UNION ALL.
    "my_families": (12, 12),  # + questionnaires waiting (collaboration)
    "family_file": (13, 13),  # confidential sections: no member list for the care team
    "plan": (19, 19),  # the newest version, its agreements and the plan from the version list;
    # + the family's own words, proposed goals and messages (portal)
    "directory_search": (15, 14),
    "team_matching": (15, 15),  # the type-ahead picker; the trajectory and team request read
    # once; + the professionals offered to the family (portal; their choices only when any
    # offer was ever made)
    "timeline": (14, 14),
    "network_view": (10, 10),  # the waiting registrations counted with the phases
}
MORE = 4


PAGES: dict[str, Callable[[World], str]] = {
    "my_families": lambda w: reverse("core:home"),
    "family_file": lambda w: reverse("families:family_detail", args=[w.trajectory.family_id]),
    "plan": lambda w: reverse("plans:plan_detail", args=[w.trajectory.pk]),
    "directory_search": lambda w: reverse("network:directory", args=[w.network.slug]) + "?q=Jans",
    "team_matching": lambda w: reverse("trajectories:compose", args=[w.trajectory.pk]),
    "timeline": lambda w: reverse("trajectories:timeline", args=[w.trajectory.family_id]),
    "network_view": lambda w: reverse("trajectories:network_overview") + f"?network={w.network.pk}",
}


@pytest.mark.parametrize("page", PAGES)
def test_a_main_page_takes_the_same_number_of_queries_with_more_data(page):
    world = build_world()
    grow(world, SMALL_GROWTH)
    client = Client()
    client.force_login(world.coordinator.user)
    url = PAGES[page](world)
    first = client.get(url)  # saves the session and checks the second factor once
    assert first.status_code == 200, first

    expected = PINNED[page][connection.vendor == "postgresql"]
    small = get_with_query_count(client, url, expected=expected)
    grow(world, MORE)
    larger = get_with_query_count(client, url, expected=expected)

    assert small.status_code == larger.status_code == 200
    if page == "directory_search":  # the guard counts a page that lists the grown data
        assert f"Jansen {SMALL_GROWTH + MORE}".encode() in larger.content
