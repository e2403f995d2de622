"""Drafts kept on the server (issue 17: "a draft is kept while they type ... so a dropped
connection loses nothing"): "Keep as draft" without JavaScript, put back when the member
comes back, only for that member's own login, removed when sent."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from samenspel.audit.models import AccessEvent
from samenspel.portal.models import FamilyMessage, FamilyView, PortalDraft

pytestmark = pytest.mark.django_db


def test_a_message_draft_comes_back_only_for_its_writer_and_goes_when_sent(family, client_for):
    parent = client_for(family.parent_user)
    url = reverse("portal:messages", args=[family.trajectory.pk])
    kept = parent.post(url, {"text": "Kunnen we dinsdag", "_draft": "1"})
    assert kept.status_code == 302 and not FamilyMessage.objects.exists()
    assert AccessEvent.objects.filter(action="portal.draft.save", user=family.parent_user).exists()
    back = parent.get(url).text
    assert "Kunnen we dinsdag</textarea>" in back
    assert "Hier staat wat je schreef op" in back and "Het is nog niet verstuurd." in back
    # The 14-year-old's login in the same family never sees it.
    youth = client_for(family.youth_user).get(url).text
    assert "Kunnen we dinsdag" not in youth and "Hier staat wat je schreef" not in youth
    # Sent: the message is there and the draft is gone.
    assert parent.post(url, {"text": "Kunnen we dinsdag later beginnen?"}).status_code == 302
    assert FamilyMessage.objects.get().text == "Kunnen we dinsdag later beginnen?"
    assert not PortalDraft.objects.exists()
    assert "Hier staat wat je schreef" not in parent.get(url).text


def test_a_half_written_disagreement_is_kept_without_its_reason_being_checked(family, client_for):
    parent = client_for(family.parent_user)
    goal = family.goals["money"]
    url = reverse("portal:view_edit", args=[family.trajectory.pk]) + f"?goal={goal.key}"
    # Not agreeing without a reason yet: as a draft that is fine, nothing is checked or sent.
    kept = parent.post(
        url, {"goal": str(goal.key), "stance": "disagree", "words": "Te snel", "_draft": "1"}
    )
    assert kept.status_code == 302 and not FamilyView.objects.exists()
    back = parent.get(url).text
    assert "Te snel</textarea>" in back
    assert re.search(r'value="disagree"[^>]*checked', back)
    # Another goal's form is its own draft.
    other = reverse("portal:view_edit", args=[family.trajectory.pk]) + (
        f"?goal={family.goals['home'].key}"
    )
    assert "Te snel" not in parent.get(other).text
    sent = parent.post(
        url,
        {"goal": str(goal.key), "stance": "disagree", "words": "Te snel", "reason": "Eerst rust"},
    )
    assert sent.status_code == 302
    assert FamilyView.objects.get().reason == "Eerst rust"
    assert not PortalDraft.objects.exists()


def test_evaluation_answers_and_an_own_goal_keep_their_drafts(family, client_for):
    youth = client_for(family.youth_user)
    goal_url = reverse("portal:goal_propose", args=[family.trajectory.pk])
    youth.post(goal_url, {"words": "Ik wil op ju", "_draft": "1"})
    assert 'value="Ik wil op ju"' in youth.get(goal_url).text
    parent = client_for(family.parent_user)
    eval_url = reverse("portal:evaluation", args=[family.trajectory.pk])
    parent.post(eval_url, {"goes_well": "Samen eten lukt", "_draft": "1"})
    assert "Samen eten lukt</textarea>" in parent.get(eval_url).text
    assert PortalDraft.objects.count() == 2
