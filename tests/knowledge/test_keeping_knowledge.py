"""Keeping knowledge when people leave: what they wrote stays, with their organisation named;
the learning networks they facilitate and the lessons they own move to a colleague."""

import pytest
from django.urls import reverse

from samenspel.audit.models import AccessEvent
from samenspel.knowledge import actions
from samenspel.knowledge.models import LearningNetwork, Lesson, Membership
from tests.knowledge.conftest import LESSON

pytestmark = pytest.mark.django_db


def test_leaving_hands_over_ownership_and_keeps_what_was_written(hub, login):
    lesson = actions.write_lesson(
        hub.learning_network, actor=hub.facilitator, values=actions.LessonValues(**LESSON)
    )
    actions.post_update(
        hub.learning_network,
        actor=hub.facilitator,
        values=actions.UpdateValues(kind="result", title="Resultaat", body="Goed nieuws."),
    )
    client = login(hub.facilitator)
    response = client.post(reverse("knowledge:leaving"), {"successor": hub.member.email})
    assert response.status_code == 302

    assert LearningNetwork.objects.get().facilitator == hub.member
    assert Lesson.objects.get().owner == hub.member
    assert not Membership.objects.filter(user=hub.facilitator, left_on__isnull=True).exists()
    hub.facilitator.is_active = False
    hub.facilitator.save()
    page = login(hub.member).get(reverse("knowledge:lesson", args=[lesson.pk])).content.decode()
    assert "Fatima el Amrani (Jeugdhulp Hofstad)" in page
    feed = (
        login(hub.member)
        .get(reverse("knowledge:learning_network", args=[hub.learning_network.slug]))
        .content.decode()
    )
    assert "Fatima el Amrani (Jeugdhulp Hofstad)" in feed
    assert AccessEvent.objects.filter(action="knowledge.person.hand_over").exists()


def test_the_successor_must_be_someone_else_who_stays(hub, login):
    response = login(hub.facilitator).post(
        reverse("knowledge:leaving"), {"successor": hub.facilitator.email}
    )
    assert response.status_code == 200
    assert LearningNetwork.objects.get().facilitator == hub.facilitator
