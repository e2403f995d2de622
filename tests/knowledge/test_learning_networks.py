"""Learning networks: created by a professional who becomes the facilitator, members from
several organisations (experience experts and family representatives by invitation),
meetings in iCalendar, and a page that shows what the network works on, to members only
unless it is public."""

import pytest
from django.urls import reverse

from samenspel.audit.models import AccessEvent
from samenspel.knowledge import actions
from samenspel.knowledge.models import LearningNetwork, Membership
from tests.knowledge.conftest import theme

pytestmark = pytest.mark.django_db


def test_a_professional_starts_a_learning_network_and_facilitates_it(hub, login):
    client = login(hub.member)
    response = client.post(
        reverse("knowledge:learning_network_new"),
        {
            "name": "Gewoon opvoeden",
            "theme": theme("normaliseren").pk,
            "purpose": "Opvoedvragen **gewoon** houden.",
            "networks": [hub.network.pk],
        },
    )
    learning_network = LearningNetwork.objects.get(name="Gewoon opvoeden")
    assert response.url == reverse("knowledge:learning_network", args=[learning_network.slug])
    assert learning_network.facilitator == hub.member
    page = client.get(response.url).content.decode()
    assert "<strong>gewoon</strong>" in page
    assert "Steunpunt LVB" in page  # the member's organisation is named
    assert AccessEvent.objects.filter(action="knowledge.learning_network.create").exists()


def test_the_facilitator_invites_an_experience_expert_and_a_family_representative(hub, login):
    client = login(hub.facilitator)
    for user, kind in ((hub.colleague, "experience_expert"), (hub.parent, "family_representative")):
        response = client.post(
            reverse("knowledge:member_add", args=[hub.learning_network.slug]),
            {"email": user.email, "kind": kind},
        )
        assert response.status_code == 302
    kinds = dict(
        Membership.objects.filter(learning_network=hub.learning_network).values_list(
            "user__email", "kind"
        )
    )
    assert kinds[hub.parent.email] == "family_representative"
    # The invited family representative now sees the learning network (and nothing else).
    page = login(hub.parent).get(
        reverse("knowledge:learning_network", args=[hub.learning_network.slug])
    )
    assert page.status_code == 200


def test_a_member_may_not_add_members(hub, login):
    url = reverse("knowledge:member_add", args=[hub.learning_network.slug])
    assert login(hub.member).get(url).status_code == 403


def test_a_private_learning_network_is_not_found_by_outsiders(hub, login):
    url = reverse("knowledge:learning_network", args=[hub.learning_network.slug])
    assert login(hub.outsider).get(url).status_code == 404
    LearningNetwork.objects.filter(pk=hub.learning_network.pk).update(is_public=True)
    body = login(hub.outsider).get(url).content.decode()
    assert "meelopen in de thuissituatie" in body
    assert "Post an update" not in body and "Bericht plaatsen" not in body


def test_a_meeting_comes_as_icalendar_and_typed_line_breaks_cannot_add_properties(hub, login):
    import datetime

    from django.utils import timezone

    starts = timezone.now() + datetime.timedelta(days=7)
    meeting = actions.plan_meeting(
        hub.learning_network,
        actor=hub.facilitator,
        title="Bijeenkomst\r\nATTENDEE:mailto:evil@example.org",
        starts_at=starts,
        duration_minutes=90,
        location="Zaal 3;\rX-EVIL:1",
        agenda="Eén\nTwee",
    )
    response = login(hub.member).get(reverse("knowledge:meeting_ics", args=[meeting.pk]))
    text = response.content.decode()
    assert response["Content-Type"] == "text/calendar"
    unfolded = text.replace("\r\n ", "")
    lines = unfolded.split("\r\n")
    assert not any(line.startswith(("ATTENDEE", "X-EVIL")) for line in lines)
    assert "SUMMARY:Bijeenkomst\\nATTENDEE:mailto:evil@example.org" in unfolded
    assert "LOCATION:Zaal 3\\;\\nX-EVIL:1" in unfolded
    assert f"UID:{meeting.uid}@samenspel" in unfolded
    assert (
        login(hub.outsider).get(reverse("knowledge:meeting_ics", args=[meeting.pk])).status_code
        == 404
    )
