"""Lessons learned: written by members, drafted from a process review (linked to the agreement
version it produced) or from a closed trajectory, anonymised: no family data travels into
the hub."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from samenspel.audit.models import AccessEvent
from samenspel.knowledge import actions
from samenspel.knowledge.models import Lesson, SearchEntry
from samenspel.network import actions as network_actions
from samenspel.network.values import AgreementValues, ReviewValues
from samenspel.trajectories.models import Closure, ClosureReason, Phase
from tests.factories import FamilyMemberFactory, TrajectoryFactory, add_consent, add_to_team
from tests.knowledge.conftest import LESSON

pytestmark = pytest.mark.django_db


def _agreement_version(hub):
    values = AgreementValues(
        category="consultation",
        title="Meelopen in de thuissituatie",
        text="Twee professionals lopen mee.",
        parties=[hub.youth],
        status="active",
        valid_from=datetime.date(2025, 1, 1),
        reason="Start",
        expected_number=0,
    )
    return network_actions.save_agreement_version(
        hub.network, None, actor=hub.facilitator, values=values
    )


def test_a_lesson_from_a_process_review_links_the_agreement_version_it_changed(hub, login):
    version = _agreement_version(hub)
    review = network_actions.record_process_review(
        hub.network,
        actor=hub.facilitator,
        values=ReviewValues(
            held_on=datetime.date(2025, 10, 14),
            participants="Het team",
            case_summary="Drie hulpverleners stelden dezelfde vragen.",
            findings="Vooraf afspreken wie wat vraagt.",
            produced_versions=[version],
        ),
    )
    client = login(hub.member)
    url = reverse("knowledge:lesson_new", args=[hub.learning_network.slug]) + f"?review={review.pk}"
    form_page = client.get(url).content.decode()
    assert "Vooraf afspreken wie wat vraagt." in form_page
    response = client.post(url, {**LESSON, "agreement_version": version.pk, "intervention": ""})
    lesson = Lesson.objects.get()
    assert response.url == reverse("knowledge:lesson", args=[lesson.pk])
    assert (lesson.source_kind, lesson.source_id) == ("process_review", review.pk)
    page = client.get(response.url).content.decode()
    agreement_url = reverse(
        "network:agreement_detail", args=[hub.network.slug, version.agreement_id]
    )
    assert agreement_url in page
    assert "Meelopen in de thuissituatie" in page
    assert "Steunpunt LVB" in page  # the writer's organisation


def test_a_lesson_from_a_closed_trajectory_carries_no_family_data(hub, login):
    family_member = FamilyMemberFactory(
        family__network=hub.network, family__name="Kwakernaat", given_name="Zoë"
    )
    family_member.bsn = "111222333"
    family_member.save()
    family = family_member.family
    add_consent(family, hub.lvb)
    trajectory = TrajectoryFactory(family=family, network=hub.network)
    add_to_team(trajectory, hub.member.professional)
    today = timezone.localdate()
    trajectory.phase, trajectory.closed_on = Phase.CLOSED, today
    trajectory.save()
    Closure.objects.create(
        trajectory=trajectory,
        reason=ClosureReason.GOALS_REACHED,
        note="Zoë Kwakernaat (BSN 111222333) woont weer thuis.",
        closed_on=today,
        dropout=False,
        continues_without_help=True,
        goals_realised=True,
        evaluations=3,
        follow_up_due_on=today + datetime.timedelta(days=182),
    )
    client = login(hub.member)
    url = reverse("knowledge:lesson_new", args=[hub.learning_network.slug])
    listing = client.get(url).content.decode()
    assert f"?trajectory={trajectory.pk}" in listing
    draft_url = f"{url}?trajectory={trajectory.pk}"
    draft = client.get(draft_url).content.decode()
    assert "Evaluations held: 3" in draft or "Evaluaties gehouden: 3" in draft
    response = client.post(draft_url, {**LESSON, "context": "Een traject werd afgesloten."})
    lesson = Lesson.objects.get()
    assert (lesson.source_kind, lesson.source_id) == ("closed_trajectory", None)

    withheld = ("Kwakernaat", "Zoë", "111222333", family_member.given_name)
    stored = " ".join(
        str(value) for value in Lesson.objects.values_list().get() if value is not None
    ) + " ".join(SearchEntry.objects.values_list("document", flat=True))
    pages = [
        draft,
        listing,
        client.get(response.url).content.decode(),
        client.get(reverse("knowledge:index")).content.decode(),
        client.get(reverse("knowledge:search"), {"q": "traject"}).content.decode(),
        client.get(
            reverse("knowledge:learning_network", args=[hub.learning_network.slug])
        ).content.decode(),
    ]
    for text in (stored, *pages):
        for secret in withheld:
            assert secret not in text
    # The care-team member's read of the trajectory is in the access log, with the family
    # and the access policy's ground.
    events = AccessEvent.objects.filter(action="knowledge.lesson.from_trajectory")
    assert {(e.family_id, e.purpose, e.outcome) for e in events} == {
        (family.pk, "former_care_team", "allowed")
    }


def test_only_who_carried_the_help_to_its_end_turns_it_into_a_lesson(hub, login):
    """The ground is the access policy's (`lesson_trajectories`): on the care team on the day
    the help closed. Someone who left the team before, or never was on it, does not see the
    trajectory offered, gets a 404 for its address, and the refusal is logged with the
    family."""
    today = timezone.localdate()
    family = FamilyMemberFactory(family__network=hub.network, family__name="Verhoeven").family
    left_before = TrajectoryFactory(family=family, network=hub.network, closed=True)
    add_to_team(
        left_before,
        hub.member.professional,
        valid_from=today - datetime.timedelta(days=90),
        valid_until=today - datetime.timedelta(days=30),
    )
    never = TrajectoryFactory(family__network=hub.network, network=hub.network, closed=True)
    still_open = TrajectoryFactory(family=family, network=hub.network)
    add_to_team(still_open, hub.member.professional)
    carried = TrajectoryFactory(family=family, network=hub.network, closed=True)
    add_to_team(carried, hub.member.professional)
    client = login(hub.member)
    url = reverse("knowledge:lesson_new", args=[hub.learning_network.slug])
    listing = client.get(url).content.decode()
    assert f"?trajectory={carried.pk}" in listing
    for trajectory in (left_before, never, still_open):
        assert f"?trajectory={trajectory.pk}" not in listing
        response = client.get(f"{url}?trajectory={trajectory.pk}")
        assert response.status_code == 404
        assert "Verhoeven" not in response.content.decode()
        refused = AccessEvent.objects.filter(
            action="knowledge.lesson.from_trajectory", family_id=trajectory.family_id
        ).latest("pk")
        assert (refused.outcome, refused.purpose) == ("denied", "")
    assert "Verhoeven" not in listing
    # A professional outside the network is refused the same way, even for `carried`.
    outsider = login(hub.outsider).get(f"{url}?trajectory={carried.pk}")
    assert outsider.status_code == 404


def test_a_non_member_cannot_write_a_lesson(hub, login):
    url = reverse("knowledge:lesson_new", args=[hub.learning_network.slug])
    assert login(hub.colleague).get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        actions.write_lesson(
            hub.learning_network, actor=hub.colleague, values=actions.LessonValues(**LESSON)
        )


def test_an_edit_made_in_between_is_refused_not_overwritten(hub, login):
    lesson = actions.write_lesson(
        hub.learning_network, actor=hub.member, values=actions.LessonValues(**LESSON)
    )
    client = login(hub.member)
    url = reverse("knowledge:lesson_edit", args=[lesson.pk])
    actions.edit_lesson(
        lesson,
        actor=hub.member,
        values=actions.LessonValues(**{**LESSON, "title": "Eerst"}),
        expected_version=1,
    )
    response = client.post(url, {**LESSON, "title": "Tweede", "version": 1})
    assert response.status_code == 200
    assert Lesson.objects.get().title == "Eerst"
