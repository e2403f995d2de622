"""Professionals see their own time and their team's direct/indirect split (issue 15) on
"Mijn tijd": per finished quarter, the team's minutes only when they lie on enough families and
enough colleagues besides the reader booked time, so neither a colleague's nor a family's time
can be worked out by subtracting one's own; and each quarter's team figure is frozen once settled,
so reading it before and after someone joins or leaves (or books late) never tells their time."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from samenspel.analytics.periods import Quarter
from samenspel.insight.figures import SETTLE_DAYS
from samenspel.insight.models import Activity, TeamQuarterTime, TimeEntry
from samenspel.network.models import Team
from tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    TrajectoryFactory,
    make_professional,
)

TODAY = datetime.date(2026, 11, 18)
DAY = Quarter.of(TODAY).previous.first_day + datetime.timedelta(days=10)  # Q3 2026
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
URL = reverse("insight:week")


def book(professional, network, organisation, families, *, direct, indirect):
    for _ in range(families):
        trajectory = TrajectoryFactory(family__network=network, family__name="Zwaluw")
        for minutes, activity in ((direct, Activity.FAMILY_CONTACT), (indirect, Activity.MDO)):
            TimeEntry.objects.create(
                professional=professional,
                trajectory=trajectory,
                organisation=organisation,
                network=network,
                worked_on=DAY,
                minutes=minutes,
                activity=activity,
                direct=activity == Activity.FAMILY_CONTACT,
            )


def team_of(colleagues, *, families=3):
    network = NetworkFactory(name="Beter Thuis")
    organisation = OrganisationFactory()
    me = make_professional(organisation=organisation)
    team = Team.objects.create(name="Wijkteam Noord", network=network)
    team.members.add(me)
    book(me, network, organisation, 2, direct=60, indirect=30)
    for _ in range(colleagues):
        colleague = make_professional(organisation=organisation)
        team.members.add(colleague)
        book(colleague, network, organisation, families, direct=40, indirect=20)
    return me, network, organisation


def rows(body):
    section = body.split('data-testid="team-time"', 1)[1].split("</section>", 1)[0]
    return section.split("K3 2026", 1)[1].split("</tr>", 1)[0]


def test_the_team_split_beside_ones_own(client, django_assert_num_queries):
    me, _network, organisation = team_of(3)
    # Time of a member outside the team's network does not count for the team.
    book(me, NetworkFactory(), organisation, 1, direct=500, indirect=500)
    client.force_login(me.user)
    with django_assert_num_queries(FREEZING_QUERIES):
        response = client.get(URL)
    with django_assert_num_queries(WEEK_QUERIES):
        assert rows(client.get(URL).text) == rows(response.text)
    body = response.text
    assert response.status_code == 200
    assert "De tijd van uw team" in body and "Wijkteam Noord" in body
    assert "<title>Mijn tijd · Samenspel</title>" in body
    q3 = rows(body)
    # Mine: 2 families x (60 + 30); the team's: mine plus 3 x 3 families x (40 + 20).
    assert "120 / 60" in q3
    assert "480 / 240" in q3
    assert "33%" in q3
    assert "Zwaluw" not in body.split('data-testid="team-time"', 1)[1]


@pytest.mark.parametrize(("colleagues", "families"), [(2, 6), (3, 2)])
def test_a_small_team_or_few_families_are_not_shown(client, colleagues, families):
    """Two colleagues: one's own subtracted leaves two people, the smaller one's time
    bounded by the other's; few families: the figure points at them."""
    me, _network, _organisation = team_of(colleagues, families=families)
    client.force_login(me.user)
    q3 = rows(client.get(URL).text)
    assert "120 / 60" in q3  # one's own time is always one's own to see
    assert "te weinig gezinnen of collega&#x27;s" in q3 or "te weinig gezinnen of collega's" in q3
    total = 120 + colleagues * families * 40
    assert f"{total} / " not in q3


def test_no_team_no_section(client):
    professional = make_professional()
    client.force_login(professional.user)
    assert 'data-testid="team-time"' not in client.get(URL).text


def test_leaving_joining_or_booking_late_does_not_change_a_past_quarter(client):
    """The differencing attack: read the team's Q3, a colleague leaves, another joins and
    books Q3 time, a third books late; read again. Computed from today's members, the two
    readings would differ by exactly the leaver's (or the newcomer's) time."""
    me, network, organisation = team_of(4)
    team = Team.objects.get(name="Wijkteam Noord")
    client.force_login(me.user)
    before = rows(client.get(URL).text)
    # Mine: 120 / 60; four colleagues x 3 families x (40 + 20).
    assert "600 / 300" in before
    leaver = team.members.exclude(pk=me.pk).first()
    team.members.remove(leaver)
    newcomer = make_professional(organisation=organisation)
    team.members.add(newcomer)
    book(newcomer, network, organisation, 3, direct=70, indirect=35)
    late = team.members.exclude(pk__in=[me.pk, newcomer.pk]).first()
    book(late, network, organisation, 1, direct=15, indirect=5)
    after = rows(client.get(URL).text)
    assert after == before
    assert "480 / 240" not in after  # the figure without the leaver: 600 - 480 is their time
    # The newcomer reads the same frozen figure as everyone else.
    client.force_login(newcomer.user)
    assert "600 / 300" in rows(client.get(URL).text)
    assert TeamQuarterTime.objects.filter(team=team).count() == 4


def test_a_hidden_quarter_stays_hidden_when_the_team_grows(client):
    """Two colleagues: hidden. A third joins and books Q3 time: computed again, the figure
    would appear, and with it the sum the earlier reading kept hidden."""
    me, network, organisation = team_of(2, families=6)
    client.force_login(me.user)
    assert "te weinig gezinnen" in rows(client.get(URL).text)
    team = Team.objects.get(name="Wijkteam Noord")
    newcomer = make_professional(organisation=organisation)
    team.members.add(newcomer)
    book(newcomer, network, organisation, 3, direct=40, indirect=20)
    q3 = rows(client.get(URL).text)
    assert "te weinig gezinnen" in q3
    assert "720 / 360" not in q3  # 120 + 2 x 6 x 40 + 3 x 40 = 720 direct


@pytest.mark.parametrize(
    ("colleagues", "families", "mine", "shown"),
    [
        (4, 2, 2, True),  # exactly 10 trajectories and 5 professionals
        (7, 1, 2, False),  # 9 trajectories
        (3, 4, 2, True),  # exactly four professionals: three besides the reader
        (3, 4, 0, False),  # three professionals booked, the reader none: the same rule for all
    ],
)
def test_the_thresholds_are_the_same_for_every_reader(client, colleagues, families, mine, shown):
    network = NetworkFactory(name="Beter Thuis")
    organisation = OrganisationFactory()
    me = make_professional(organisation=organisation)
    team = Team.objects.create(name="Wijkteam Noord", network=network)
    team.members.add(me)
    book(me, network, organisation, mine, direct=60, indirect=30)
    for _ in range(colleagues):
        colleague = make_professional(organisation=organisation)
        team.members.add(colleague)
        book(colleague, network, organisation, families, direct=40, indirect=20)
    client.force_login(me.user)
    q3 = rows(client.get(URL).text)
    total = mine * 60 + colleagues * families * 40
    assert (f"{total} / " in q3) is shown
    assert ("te weinig gezinnen" in q3) is not shown


def test_a_quarter_not_yet_settled_shows_no_team_figure(client):
    """Just after a quarter ends its bookings still come in: no team figure, and nothing
    frozen, until SETTLE_DAYS have passed."""
    early = datetime.datetime(2026, 10, 3, 12, tzinfo=datetime.UTC)
    with time_machine.travel(early, tick=False):
        me, _network, _organisation = team_of(3)
        client.force_login(me.user)
        q3 = rows(client.get(URL).text)
        assert "120 / 60" in q3
        assert "nog niet vastgelegd" in q3
        assert "480 / 240" not in q3
        assert not TeamQuarterTime.objects.filter(quarter=datetime.date(2026, 7, 1)).exists()
    settled = datetime.date(2026, 9, 30) + datetime.timedelta(days=SETTLE_DAYS + 1)
    with time_machine.travel(datetime.datetime.combine(settled, datetime.time(12)), tick=False):
        client.force_login(me.user)  # the session of twelve days ago has timed out
        assert "480 / 240" in rows(client.get(URL).text)


# The first read in a session: the session, user, roles, second factor, the professional, the
# week's entries, the trajectories for proposals, the teams, their members, the frozen team
# figures and one's own time, and, the first time a settled quarter is read, the members'
# entries, storing the figures and reading them back. A second read (roles and second factor
# known to the session, every quarter frozen): the session, user, professional, week, proposals,
# teams, members, frozen figures, own time and the role grants.
FREEZING_QUERIES = 17
WEEK_QUERIES = 10
