"""The evaluation rhythm: reminders go out a configurable number of days before, once per
date; overdue evaluations are flagged; the follow-up check after closure is asked for."""

import datetime

import pytest
import time_machine

from samenspel.trajectories import actions
from samenspel.trajectories.models import (
    EvaluationReminder,
    MeetingKind,
    Trajectory,
    TrajectorySettings,
)
from samenspel.trajectories.tasks import run_daily, send_evaluation_reminders
from tests.trajectories.conftest import in_walk_along

# The stories below travel forward from the day the world was made: the world is made on
# TODAY (the clock is pinned before any fixture), never after the days the test travels to.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
TODAY = datetime.date(2026, 1, 2)


@pytest.fixture
def running(world):
    with time_machine.travel(datetime.date(2026, 1, 5)):
        trajectory = in_walk_along(world)
        Trajectory.objects.filter(pk=trajectory.pk).update(
            phase="execution", next_evaluation_on=datetime.date(2026, 2, 16)
        )
    TrajectorySettings.objects.create(network=world.network, reminder_days_before=5)
    return world


def test_the_reminder_goes_out_in_the_window_and_only_once(running, mailoutbox):
    assert send_evaluation_reminders.call("2026-02-10") == 0
    assert send_evaluation_reminders.call("2026-02-11") == 1
    assert send_evaluation_reminders.call("2026-02-12") == 0
    assert EvaluationReminder.objects.get().due_on == datetime.date(2026, 2, 16)
    assert len(mailoutbox) == 1
    assert set(mailoutbox[0].to) == {running.coordinator.user.email, running.colleague.user.email}
    assert "16" in mailoutbox[0].body and "Bakker" not in mailoutbox[0].subject


def test_holding_an_evaluation_sets_the_next_date_and_flags_no_longer_overdue(running):
    trajectory = Trajectory.objects.get(pk=running.trajectory.pk)
    assert trajectory.evaluation_overdue(datetime.date(2026, 2, 17))
    assert list(Trajectory.objects.evaluation_overdue(datetime.date(2026, 2, 17))) == [trajectory]
    with time_machine.travel(datetime.date(2026, 2, 17)):
        meeting = actions.plan_meeting(
            trajectory,
            kind=MeetingKind.EVALUATION,
            starts_at=datetime.datetime(2026, 2, 17, 9, tzinfo=datetime.UTC),
            actor=running.coordinator.user,
        )
        actions.record_meeting(
            meeting,
            actor=running.coordinator.user,
            present=[],
            integrated_analysis="",
            decisions="",
        )
    trajectory.refresh_from_db()
    assert trajectory.next_evaluation_on == datetime.date(2026, 3, 31)
    assert not trajectory.evaluation_overdue(datetime.date(2026, 2, 18))


def test_the_daily_run_asks_for_the_follow_up_check(running, mailoutbox):
    with time_machine.travel(datetime.date(2026, 3, 1)):
        actions.close_trajectory(
            running.trajectory, reason="goals_reached", actor=running.coordinator.user
        )
    assert run_daily.call("2026-08-31")["follow_up_reminders"] == 0
    assert run_daily.call("2026-09-01")["follow_up_reminders"] == 1
    assert run_daily.call("2026-09-02")["follow_up_reminders"] == 0
    assert [m.to for m in mailoutbox][-1] == [running.coordinator.user.email]


def test_the_daily_command_queues_the_run(running, mailoutbox):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("send_trajectory_reminders", "--date", "2026-02-12", stdout=out)
    assert out.getvalue().startswith("queued")
    assert EvaluationReminder.objects.get().due_on == datetime.date(2026, 2, 16)
    assert len(mailoutbox) == 1


def test_a_date_that_passes_gets_te_laat_then_weekly_to_the_coordinator(running, mailoutbox):
    from samenspel.trajectories.models import ReminderStage

    team = {running.coordinator.user.email, running.colleague.user.email}
    assert send_evaluation_reminders.call("2026-02-11") == 1  # komt eraan
    assert "komt eraan" in mailoutbox[-1].subject.lower()
    assert send_evaluation_reminders.call("2026-02-16") == 0  # the day itself: not late yet
    assert send_evaluation_reminders.call("2026-02-17") == 1
    late = mailoutbox[-1]
    assert set(late.to) == team
    assert "te laat" in late.subject.lower()
    assert "16 februari 2026" in late.body
    assert send_evaluation_reminders.call("2026-02-22") == 0  # less than a week late
    assert send_evaluation_reminders.call("2026-02-23") == 1
    escalated = mailoutbox[-1]
    assert escalated.to == [running.coordinator.user.email]
    assert "1 week te laat" in escalated.subject
    assert send_evaluation_reminders.call("2026-02-24") == 0  # weekly, not daily
    assert send_evaluation_reminders.call("2026-03-02") == 1
    assert "2 weken te laat" in mailoutbox[-1].subject
    stages = list(EvaluationReminder.objects.order_by("sent_at", "id").values_list("stage", "week"))
    assert stages == [
        (ReminderStage.COMING, 0),
        (ReminderStage.OVERDUE, 0),
        (ReminderStage.ESCALATED, 1),
        (ReminderStage.ESCALATED, 2),
    ]


def test_each_recipient_reads_the_mail_in_their_own_language(running, mailoutbox):
    from samenspel.accounts.models import User

    User.objects.filter(pk=running.colleague.user.pk).update(language="en")
    assert send_evaluation_reminders.call("2026-02-11") == 1
    by_recipient = {tuple(m.to): m for m in mailoutbox}
    assert "Evaluatie komt eraan" in by_recipient[(running.coordinator.user.email,)].subject
    english = by_recipient[(running.colleague.user.email,)]
    assert "Evaluation coming up" in english.subject
    assert "16 February 2026" in english.body


def test_switching_the_language_is_remembered_for_mails(world, client):
    client.force_login(world.coordinator.user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    world.coordinator.user.refresh_from_db()
    assert world.coordinator.user.language == "en"
