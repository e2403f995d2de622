"""Before an evaluation the family answers a few questions in B1 (a face per goal with words,
satisfaction, what goes well and what must change); the team reads them, and the family's
words on the plan, on the evaluation form (issue 17, points 1 and 5)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samenspel.audit.models import AccessEvent
from samenspel.portal.models import EvaluationAnswer
from samenspel.trajectories.models import Phase, Trajectory
from tests.portal.b1 import b1_problems
from tests.portal.conftest import PARENT_GOAL

pytestmark = pytest.mark.django_db


def _answers(family, **extra):
    school, home = family.goals["school"], family.goals["home"]
    return {
        f"goal_{school.key}": "2",
        f"words_{school.key}": "Hij gaat nog niet graag.",
        f"goal_{home.key}": "4",
        "satisfaction": "4",
        "goes_well": "We eten weer samen.",
        "must_change": "De ochtenden.",
    } | extra


def test_the_parent_answers_and_the_team_reads_it_at_the_evaluation(family, client_for):
    parent = client_for(family.parent_user)
    url = reverse("portal:evaluation", args=[family.trajectory.pk])
    form = parent.get(url)
    assert form.status_code == 200 and "😐" in form.text and "Heel goed" in form.text
    assert b1_problems(form.text) == []
    assert parent.post(url, _answers(family)).status_code == 302
    answer = EvaluationAnswer.objects.get()
    assert answer.round == 0 and answer.satisfaction == 4
    assert answer.goals[str(family.goals["school"].key)] == {
        "feeling": 2,
        "words": "Hij gaat nog niet graag.",
    }
    parent.post(
        reverse("portal:view_edit", args=[family.trajectory.pk]),
        {"stance": "agree", "words": "We doen mee.", "goal": str(family.goals["home"].key)},
    )

    # The evaluation belongs to the phase after the plan (trajectories/phases.py).
    Trajectory.objects.filter(pk=family.trajectory.pk).update(phase=Phase.EXECUTION)
    team = client_for(family.coordinator.user)
    page = team.get(reverse("plans:evaluation_new", args=[family.trajectory.pk])).text
    assert "Hij gaat nog niet graag." in page and "We eten weer samen." in page
    assert "De ochtenden." in page and "4/5" in page
    assert AccessEvent.objects.filter(
        action="portal.evaluation_answer.save", user=family.parent_user
    ).exists()


def test_a_second_answer_in_the_same_round_replaces_the_first(family, client_for):
    parent = client_for(family.parent_user)
    url = reverse("portal:evaluation", args=[family.trajectory.pk])
    parent.post(url, _answers(family))
    parent.post(url, _answers(family, satisfaction="2", goes_well="Minder dan gedacht."))
    answer = EvaluationAnswer.objects.get()
    assert answer.satisfaction == 2 and answer.revision == 2
    assert "Minder dan gedacht." in parent.get(url).text


def test_satisfaction_is_asked_in_plain_words(family, client_for):
    parent = client_for(family.parent_user)
    response = parent.post(
        reverse("portal:evaluation", args=[family.trajectory.pk]),
        _answers(family, satisfaction=""),
    )
    assert response.status_code == 200 and "Kies een antwoord." in response.text
    assert not EvaluationAnswer.objects.exists()


def test_the_youth_answers_about_his_goals_only(family, client_for):
    youth = client_for(family.youth_user)
    form = youth.get(reverse("portal:evaluation", args=[family.trajectory.pk]))
    assert form.status_code == 200
    assert PARENT_GOAL not in form.text and b1_problems(form.text) == []
