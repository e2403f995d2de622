"""Ages move (issue 11, point 2): some weeks before a child's 12th (NL and Flanders) or 16th
(NL) birthday the coordinator gets the task "ask consent again"; once a consent from that
birthday on exists, the task is done."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from samenspel.access.models import ConsentRenewal
from samenspel.access.renewal import RENEWAL_NOTICE, create_renewal_tasks, open_renewals
from samenspel.trajectories.models import CareTeamRole, Phase
from samenspel.trajectories.tasks import run_daily
from tests.factories import (
    FamilyMemberFactory,
    NetworkFactory,
    TrajectoryFactory,
    add_consent,
    add_to_team,
    make_professional,
)

TODAY = datetime.date(2026, 11, 25)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
BIRTHDAY_12 = TODAY + datetime.timedelta(days=20)


def _family(country="NL", born=None):
    network = NetworkFactory(country=country)
    trajectory = TrajectoryFactory(family__network=network, phase=Phase.WALK_ALONG)
    family = trajectory.family
    born = born or BIRTHDAY_12.replace(year=BIRTHDAY_12.year - 12)
    child = FamilyMemberFactory(family=family, given_name="Daan", date_of_birth=born)
    coordinator = make_professional(network=network)
    add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
    consent = add_consent(family, coordinator.home_organisation, valid_from=TODAY.replace(month=1))
    return family, child, coordinator, consent


def test_the_coordinator_gets_a_task_weeks_before_the_twelfth_birthday(client):
    _f, child, coordinator, consent = _family()
    assert run_daily.call(TODAY.isoformat())["consent_renewals"] == 1
    assert run_daily.call(TODAY.isoformat())["consent_renewals"] == 0  # idempotent
    task = ConsentRenewal.objects.get()
    assert (task.consent, task.member, task.crossing_on, task.age) == (
        consent,
        child,
        BIRTHDAY_12,
        12,
    )
    assert [m.to for m in mail.outbox] == [[coordinator.user.email]]
    assert "Daan" not in mail.outbox[0].body  # no family details in mail
    assert list(open_renewals(coordinator.user, on=TODAY)) == [task]
    client.force_login(coordinator.user)
    page = client.get(reverse("access:consent_renewals"))
    assert "Daan" in page.content.decode()
    assert "Opnieuw toestemming vragen" in page.content.decode()


def test_a_new_consent_from_the_birthday_on_closes_the_task():
    family, _child, coordinator, _consent = _family()
    create_renewal_tasks(TODAY)
    add_consent(family, coordinator.home_organisation, valid_from=BIRTHDAY_12)
    assert not open_renewals(coordinator.user, on=TODAY).exists()


def test_sixteen_counts_in_the_netherlands_not_in_flanders():
    born = BIRTHDAY_12.replace(year=BIRTHDAY_12.year - 16)
    _family(country="NL", born=born)
    _family(country="BE", born=born)
    assert create_renewal_tasks(TODAY) == 1
    assert ConsentRenewal.objects.get().age == 16


def test_nothing_is_made_outside_the_notice_window():
    later = TODAY + RENEWAL_NOTICE + datetime.timedelta(days=2)
    _family(born=later.replace(year=later.year - 12))
    assert create_renewal_tasks(TODAY) == 0


def test_another_user_does_not_see_the_task():
    _family()
    create_renewal_tasks(TODAY)
    assert not open_renewals(make_professional().user, on=TODAY).exists()
