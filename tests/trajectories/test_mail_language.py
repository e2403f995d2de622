"""A mail goes out in each recipient's own language (the language they last chose), with its
dates written in that language and its times in the Netherlands' clock: an MDO invitation to a
Dutch, an English and a not-yet-chosen colleague is one Dutch mail and one English mail."""

import datetime

import pytest

from samenspel.trajectories import actions
from samenspel.trajectories.models import MeetingKind

pytestmark = pytest.mark.django_db


def test_an_invitation_is_written_in_each_recipients_language(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    world.coordinator.user.language = "nl"
    world.colleague.user.language = "en"
    world.other.user.language = ""  # never chose: the site's language (Dutch)
    for professional in (world.coordinator, world.colleague, world.other):
        professional.user.save(update_fields=["language"])
    # 08:00 UTC on a summer day is 10:00 in the Netherlands.
    starts_at = datetime.datetime(2026, 5, 16, 8, 0, tzinfo=datetime.UTC)

    with django_capture_on_commit_callbacks(execute=True):
        actions.plan_meeting(
            world.trajectory,
            kind=MeetingKind.MDO,
            starts_at=starts_at,
            actor=world.coordinator.user,
            professionals=[world.coordinator, world.colleague, world.other],
        )

    by_recipients = {tuple(sorted(message.to)): message for message in mailoutbox}
    dutch = by_recipients[tuple(sorted([world.coordinator.user.email, world.other.user.email]))]
    english = by_recipients[(world.colleague.user.email,)]
    assert len(mailoutbox) == 2
    assert dutch.subject == "Uitnodiging: Multidisciplinair overleg (MDO) op 16 mei 2026, 10:00"
    assert "U bent uitgenodigd" in dutch.body
    assert english.subject == ("Invitation: Multidisciplinary meeting (MDO) on 16 May 2026, 10:00")
    assert "You are invited" in english.body
    # No family details in mail.
    for message in mailoutbox:
        assert world.trajectory.family.name not in message.subject + message.body


def test_a_request_to_join_is_mailed_in_the_asked_professionals_language(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    world.colleague.user.language = "en"
    world.colleague.user.save(update_fields=["language"])
    actions.take_on_registration(
        world.trajectory, coordinator=world.coordinator, actor=world.coordinator.user
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.ask_professional(
            world.trajectory,
            professional=world.colleague,
            message="Jij kent LVB goed",
            actor=world.coordinator.user,
        )
    assert [message.subject for message in mailoutbox] == [
        "You have been asked to join a family team"
    ]
