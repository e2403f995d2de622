"""The phase with its history and deliverables; process reviews on a rhythm with an agenda
and an outcome; the twelve components rated with the family and read only in aggregate."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samenspel.collaboration import actions
from samenspel.collaboration.component_results import component_results
from samenspel.collaboration.models import (
    CollaborationPhase,
    ComponentRating,
    OutcomeKind,
    PhaseChange,
    RatedBy,
    RatingMoment,
    ReviewRhythm,
)
from samenspel.collaboration.tasks import remind_process_reviews
from samenspel.network.models import Agreement, AgreementVersion, ProcessReview, Team
from samenspel.trajectories.models import CareTeamRole, Phase
from tests.factories import TrajectoryFactory, add_to_team

pytestmark = pytest.mark.django_db


def test_the_phase_moves_with_history_and_refuses_a_stale_form(network_setup, client):
    network, _orgs, _people, coordinator = network_setup
    current = actions.phase_of(network)
    actions.change_phase(
        network,
        phase=CollaborationPhase.SHARING,
        note="Ambitie gedeeld",
        expected_version=current.version,
        actor=coordinator,
    )
    with pytest.raises(ValidationError):  # a second tab still at the old version
        actions.change_phase(
            network,
            phase=CollaborationPhase.AGREEING,
            note="",
            expected_version=current.version,
            actor=coordinator,
        )
    assert PhaseChange.objects.filter(network=network).count() == 1
    client.force_login(coordinator)
    body = client.get(
        reverse("collaboration:network_detail", args=[network.slug]), HTTP_ACCEPT_LANGUAGE="nl"
    ).text
    assert "Ambitie gedeeld" in body and "Intentieverklaring" in body


def test_a_deliverable_links_only_to_the_networks_own_agreements(network_setup):
    network, _orgs, _people, coordinator = network_setup
    own = Agreement.objects.create(network=network, category="other")
    foreign = Agreement.objects.create(network=TrajectoryFactory().network, category="other")
    with pytest.raises(ValidationError):
        actions.link_deliverable(
            network, phase=CollaborationPhase.EXPLORING, agreement=foreign, actor=coordinator
        )
    linked = actions.link_deliverable(
        network, phase=CollaborationPhase.EXPLORING, agreement=own, actor=coordinator
    )
    assert linked.agreement == own


def _review(network, coordinator, held_on):
    return ProcessReview.objects.create(
        network=network,
        held_on=held_on,
        participants="Trekker, partners",
        case_summary="Verloop zonder namen",
        findings="Overdracht bij ziekte liep stroef",
        recorded_by=coordinator,
    )


def test_a_review_ends_with_an_outcome_and_moves_the_rhythm_on(network_setup, mailoutbox):
    network, _orgs, _people, coordinator = network_setup
    today = timezone.localdate()  # the deployment's date, which the reminder task reads
    rhythm = actions.set_review_rhythm(
        network, interval_days=28, next_on=today + datetime.timedelta(days=2), actor=coordinator
    )
    assert remind_process_reviews.call(today.isoformat()) == 1
    assert remind_process_reviews.call(today.isoformat()) == 0  # once per review date
    assert len(mailoutbox) == 1
    review = _review(network, coordinator, rhythm.next_on)
    with pytest.raises(ValidationError):
        actions.record_review_outcome(review, kind=OutcomeKind.NO_CHANGE, actor=coordinator)
    with pytest.raises(ValidationError):
        actions.record_review_outcome(review, kind=OutcomeKind.LESSON, actor=coordinator)
    agreement = Agreement.objects.create(network=network, category="other", latest_number=1)
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=1,
        title="Waarneming",
        text="…",
        reason="r",
        created_by=coordinator,
    )
    actions.record_review_outcome(
        review, kind=OutcomeKind.AGREEMENT, agreement_version=version, actor=coordinator
    )
    rhythm.refresh_from_db()
    assert rhythm.next_on == review.held_on + datetime.timedelta(days=28)


def test_the_agenda_counts_overdue_evaluations_without_naming_a_family(network_setup, client):
    network, _orgs, _people, coordinator = network_setup
    today = timezone.localdate()
    trajectory = TrajectoryFactory(
        family__network=network,
        family__name="Oudkerk-Brandsma",  # no generated professional carries it
        phase=Phase.EXECUTION,
        next_evaluation_on=today - datetime.timedelta(days=3),
    )
    ReviewRhythm.objects.create(network=network, next_on=today)
    client.force_login(coordinator)
    body = client.get(
        reverse("collaboration:network_detail", args=[network.slug]), HTTP_ACCEPT_LANGUAGE="nl"
    ).text
    agenda = body.split('data-testid="agenda"')[1].split("</ul>")[0]
    assert "Evaluaties te laat" in agenda
    assert trajectory.family.name not in body


def test_families_rate_what_applies_and_teams_under_three_are_hidden(network_setup):
    network, _orgs, people, coordinator = network_setup
    big, small = (
        Team.objects.create(name="Team Groot", network=network),
        Team.objects.create(name="Team Klein", network=network),
    )
    rater_big, rater_small = people["A"][0], people["B"][0]
    big.members.add(rater_big)
    small.members.add(rater_small)
    for rater, count in ((rater_big, 4), (rater_small, 1)):
        for _ in range(count):
            trajectory = TrajectoryFactory(family__network=network)
            add_to_team(trajectory, rater)
            actions.record_component_rating(
                trajectory,
                moment=RatingMoment.EVALUATION,
                rated_by=RatedBy.FAMILY,
                scores={"heel-gezin": (5, ""), "een-plan": (None, "")},
                actor=rater.user,
            )
    skipped = actions.record_component_rating(
        TrajectoryFactory(family__network=network),
        moment=RatingMoment.CLOSURE,
        rated_by=RatedBy.WITH_FAMILY,
        scores={},
        actor=coordinator,
    )
    assert skipped is None  # skipping everything stores nothing
    assert ComponentRating.objects.count() == 5
    results = component_results(network.pk)
    (row,) = results.rows  # only the rated component; "een plan" was skipped
    assert row.network.n == 5
    figures = dict(zip(results.teams, row.teams, strict=True))
    # Team Klein has one rating: hidden, and Team Groot with it, or Klein could be derived.
    assert figures["Team Klein"] is None
    assert figures["Team Groot"] is None


def test_the_rating_form_is_reached_from_the_plan_and_needs_the_team(network_setup, client):
    network, _orgs, people, _coordinator = network_setup
    trajectory = TrajectoryFactory(family__network=network, phase=Phase.EXECUTION)
    add_to_team(trajectory, people["A"][0], CareTeamRole.COORDINATOR)
    url = reverse("collaboration:component_rating", args=[trajectory.pk])
    client.force_login(people["B"][0].user)  # not on the family's team
    assert client.get(url).status_code in (403, 404)
    client.force_login(people["A"][0].user)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").text
    assert "Er werd naar ons hele gezin gekeken" in page
    response = client.post(
        url,
        {"moment": "evaluation", "rated_by": "family", "value_heel-gezin": "4"},
    )
    assert response.status_code == 302
    assert ComponentRating.objects.get().scores.get().value == 4
    assert timezone.now()
