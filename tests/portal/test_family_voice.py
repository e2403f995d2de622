"""The family's own voice in the plan (issue 17, points 1 to 3): their view per goal and on the
whole plan, agreeing or not with a reason, and their own goals; shown to the team on the
plan page; a 14-year-old's login sees their own part and the shared plan only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samenspel.audit.models import AccessEvent
from samenspel.plans import actions as plan_actions
from samenspel.plans.models import AssentMethod, Goal, Occasion, PlanAssent
from samenspel.portal.models import FamilyView, GoalProposal
from tests.portal.b1 import b1_problems
from tests.portal.conftest import PARENT_GOAL, SCHOOL_GOAL

pytestmark = pytest.mark.django_db


def _view_url(family, goal=None):
    url = reverse("portal:view_edit", args=[family.trajectory.pk])
    return f"{url}?goal={goal.key}" if goal is not None else url


def _save(client, family, goal=None, **data):
    body = {"stance": "agree", "words": "", "reason": ""} | data
    if goal is not None:
        body["goal"] = str(goal.key)
    return client.post(reverse("portal:view_edit", args=[family.trajectory.pk]), body)


def test_the_parent_writes_a_view_and_disagrees_with_a_reason_and_the_team_reads_both(
    family, client_for
):
    parent = client_for(family.parent_user)
    page = parent.get(reverse("portal:plan", args=[family.trajectory.pk]))
    assert page.status_code == 200
    assert SCHOOL_GOAL in page.text and PARENT_GOAL in page.text
    response = _save(
        parent, family, family.goals["home"], stance="agree", words="Ja, dit willen we echt."
    )
    assert response.status_code == 302
    _save(
        parent,
        family,
        family.goals["money"],
        stance="disagree",
        reason="Ik wil eerst de post samen openen.",
    )
    views = FamilyView.objects.filter(member=family.parent)
    assert {(v.goal_key, v.stance) for v in views} == {
        (family.goals["home"].key, "agree"),
        (family.goals["money"].key, "disagree"),
    }
    mine = parent.get(reverse("portal:plan", args=[family.trajectory.pk])).text
    assert "Ja, dit willen we echt." in mine and "Ik wil eerst de post samen openen." in mine

    team = client_for(family.coordinator.user)
    plan_page = team.get(reverse("plans:plan_detail", args=[family.trajectory.pk])).text
    assert "Ja, dit willen we echt." in plan_page
    assert "Ik wil eerst de post samen openen." in plan_page and "Niet eens" in plan_page
    assert (
        AccessEvent.objects.filter(
            action="portal.view.save", user=family.parent_user, purpose="family_member"
        ).count()
        == 2
    )


def test_disagreeing_without_a_reason_is_refused_in_plain_words(family, client_for):
    parent = client_for(family.parent_user)
    response = _save(parent, family, family.goals["money"], stance="disagree", reason="  ")
    assert response.status_code == 200
    assert "Schrijf waarom je het niet eens bent." in response.text
    assert not FamilyView.objects.exists()


def test_agreeing_with_the_whole_plan_records_the_agreement_and_a_later_no_is_refused(
    family, client_for
):
    parent = client_for(family.parent_user)
    _save(parent, family, stance="agree", words="Goed plan.")
    agreement = PlanAssent.objects.get(version=family.version, member=family.parent)
    assert agreement.method == AssentMethod.PORTAL
    response = _save(parent, family, stance="disagree", reason="Toch niet.")
    assert response.status_code == 200
    assert "Je bent al akkoord met dit plan." in response.text
    assert FamilyView.objects.get(member=family.parent, goal_key=None).stance == "agree"


def test_two_saves_of_the_same_view_do_not_overwrite_each_other(family, client_for):
    phone, laptop = client_for(family.parent_user), client_for(family.parent_user)
    goal = family.goals["home"]
    _save(phone, family, goal, words="Eerste keer.")
    revision = FamilyView.objects.get().revision
    _save(phone, family, goal, words="Op de telefoon.", _revision=str(revision))
    response = _save(laptop, family, goal, words="Op de laptop.", _revision=str(revision))
    assert response.status_code == 200
    assert "Iemand heeft dit net opgeslagen." in response.text
    assert "Op de telefoon." in response.text and "Op de laptop." in response.text
    assert FamilyView.objects.get().words == "Op de telefoon."


def test_the_youth_sees_their_own_part_and_the_shared_plan_not_the_parents(family, client_for):
    parent = client_for(family.parent_user)
    _save(parent, family, family.goals["home"], words="Mama vindt dit privé genoeg.")
    youth = client_for(family.youth_user)
    page = youth.get(reverse("portal:plan", args=[family.trajectory.pk]))
    assert page.status_code == 200
    assert SCHOOL_GOAL in page.text and PARENT_GOAL not in page.text
    assert "Mama vindt dit privé genoeg." not in page.text
    # The parent's goal is not theirs to answer: it is not found.
    assert youth.get(_view_url(family, family.goals["money"])).status_code == 404


def test_words_only_for_the_team_stay_from_the_parent(family, client_for):
    youth = client_for(family.youth_user)
    _save(
        youth,
        family,
        family.goals["school"],
        stance="unsure",
        words="Ik word gepest in de pauze.",
        team_only="on",
    )
    parent_page = client_for(family.parent_user).get(
        reverse("plans:plan_detail", args=[family.trajectory.pk])
    )
    assert SCHOOL_GOAL in parent_page.text
    assert "Ik word gepest in de pauze." not in parent_page.text
    team_page = client_for(family.coordinator.user).get(
        reverse("plans:plan_detail", args=[family.trajectory.pk])
    )
    assert "Ik word gepest in de pauze." in team_page.text


def test_the_youth_proposes_a_goal_and_the_team_makes_it_a_goal_keeping_the_words(
    family, client_for
):
    youth = client_for(family.youth_user)
    response = youth.post(
        reverse("portal:goal_propose", args=[family.trajectory.pk]),
        {"words": "Ik wil op judo.", "why": "Daar voel ik me sterk."},
    )
    assert response.status_code == 302
    proposal = GoalProposal.objects.get()
    assert proposal.member == family.youth

    team = client_for(family.coordinator.user)
    page = team.get(reverse("plans:plan_detail", args=[family.trajectory.pk])).text
    assert "Ik wil op judo." in page
    plan_actions.start_new_version(
        family.version.plan,
        occasion=Occasion.MDO,
        reason="Judo erbij",
        actor=family.coordinator.user,
    )
    adopt = reverse("portal:proposal_adopt", args=[family.trajectory.pk, proposal.pk])
    form = team.get(adopt)
    assert form.status_code == 200 and "Ik wil op judo." in form.text
    response = team.post(
        adopt,
        {
            "title": "Emir gaat elke week naar judo",
            "domain": Goal.objects.first().domain_id,
            "members": [family.youth.pk],
            "level_0": "Emir gaat elke week naar judo.",
            "weight": 1,
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    goal = Goal.objects.get(key=proposal.goal_key)
    assert goal.version.is_draft and goal.title == "Emir gaat elke week naar judo"
    page = team.get(reverse("plans:plan_detail", args=[family.trajectory.pk])).text
    assert "in their own words" in page or "in eigen woorden" in page
    assert "Ik wil op judo." in page
    youth_page = youth.get(reverse("portal:plan", args=[family.trajectory.pk])).text
    assert "Emir gaat elke week naar judo" in youth_page and "Ik wil op judo." in youth_page
    assert AccessEvent.objects.filter(action="portal.goal_proposal.adopt").exists()


def test_an_empty_goal_is_refused_in_plain_words(family, client_for):
    youth = client_for(family.youth_user)
    response = youth.post(
        reverse("portal:goal_propose", args=[family.trajectory.pk]), {"words": ""}
    )
    assert response.status_code == 200
    assert "Schrijf je doel op." in response.text
    assert not GoalProposal.objects.exists()


def test_professionals_do_not_write_in_the_familys_name(family, client_for):
    team = client_for(family.coordinator.user)
    assert team.get(reverse("portal:plan", args=[family.trajectory.pk])).status_code == 403
    assert _save(team, family, family.goals["home"]).status_code == 403
    assert not FamilyView.objects.exists()


@pytest.mark.parametrize("who", ["parent_user", "youth_user"])
def test_every_family_page_is_b1(family, client_for, who):
    client = client_for(getattr(family, who))
    pages = [
        reverse("portal:home"),
        reverse("portal:plan", args=[family.trajectory.pk]),
        _view_url(family),
        _view_url(family, family.goals["school"]),
        reverse("portal:goal_propose", args=[family.trajectory.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'lang="nl"' in response.text
        assert b1_problems(response.text) == [], url
    # And the error messages of a refused form.
    response = _save(client, family, family.goals["school"], stance="disagree")
    assert b1_problems(response.text) == []
