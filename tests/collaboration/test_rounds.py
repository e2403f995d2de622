"""A coordinator opens a round; each invited person answers once; results stay aggregate."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from samenspel.collaboration import actions
from samenspel.collaboration.models import Instrument, Invitation, Response, Round
from samenspel.collaboration.results import network_results

pytestmark = pytest.mark.django_db


def barometer():
    return Instrument.objects.get(code="samenwerkingsbarometer", is_current=True)


def open_for(network, coordinator, orgs, title="Barometer"):
    return actions.open_round(
        network,
        instrument=barometer(),
        title=title,
        deadline=timezone.localdate() + datetime.timedelta(days=7),
        organisations=orgs,
        actor=coordinator,
    )


def answer_all(round_, professional, score, **overrides):
    invitation = Invitation.objects.get(round=round_, professional=professional)
    answers = {item.code: (overrides.get(item.code, score), "") for item in barometer().items.all()}
    return actions.submit_response(
        invitation, answers=answers, expected_version=None, actor=professional.user
    )


def test_opening_invites_everyone_of_the_chosen_organisations(
    network_setup, mailoutbox, django_capture_on_commit_callbacks
):
    network, orgs, _people, coordinator = network_setup
    with django_capture_on_commit_callbacks(execute=True):
        round_ = open_for(network, coordinator, [orgs["A"], orgs["C"]])
    assert round_.invitations.count() == 4
    assert len(mailoutbox) == 1 and len(mailoutbox[0].to) == 4


DUTCH_MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def test_the_invitation_is_written_in_each_invited_persons_language(
    network_setup, mailoutbox, django_capture_on_commit_callbacks
):
    network, orgs, people, coordinator = network_setup
    english = people["A"][0].user
    english.language = "en"
    english.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        round_ = open_for(network, coordinator, [orgs["A"], orgs["C"]])

    (in_english,) = [message for message in mailoutbox if message.to == [english.email]]
    (in_dutch,) = [message for message in mailoutbox if message.to != [english.email]]
    assert len(in_dutch.to) == 3
    deadline = round_.deadline
    assert in_english.subject == f"Your view on the collaboration in {network.name}"
    assert f"Answer before {deadline.day} {deadline:%B} {deadline.year};" in in_english.body
    assert in_dutch.subject == f"Uw kijk op de samenwerking in {network.name}"
    month = DUTCH_MONTHS[deadline.month - 1]
    assert f"{deadline.day} {month} {deadline.year}" in in_dutch.body


def test_one_answer_per_person_per_round_and_a_stale_form_is_refused(network_setup):
    network, orgs, people, coordinator = network_setup
    round_ = open_for(network, coordinator, [orgs["A"]])
    person = people["A"][0]
    answer_all(round_, person, 4)
    with pytest.raises(ValidationError):  # a second "new" answer from another tab
        answer_all(round_, person, 2)
    invitation = Invitation.objects.get(round=round_, professional=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(round=round_, invitation=invitation, organisation=orgs["A"])
    answers = {item.code: (3, "") for item in barometer().items.all()}
    actions.submit_response(invitation, answers=answers, expected_version=1, actor=person.user)
    with pytest.raises(ValidationError):
        actions.submit_response(invitation, answers=answers, expected_version=1, actor=person.user)


def test_only_the_invited_person_can_answer(network_setup):
    network, orgs, people, coordinator = network_setup
    round_ = open_for(network, coordinator, [orgs["A"]])
    invitation = Invitation.objects.get(round=round_, professional=people["A"][0])
    with pytest.raises(ValidationError):
        actions.submit_response(
            invitation, answers={}, expected_version=None, actor=people["A"][1].user
        )


def test_two_rounds_of_one_instrument_cannot_be_open_side_by_side(network_setup):
    network, orgs, _people, coordinator = network_setup
    open_for(network, coordinator, [orgs["A"], orgs["B"]])
    with pytest.raises(ValidationError):
        open_for(network, coordinator, [orgs["A"], orgs["B"], orgs["C"]])


def test_a_round_with_two_respondents_shows_no_figure(network_setup):
    network, orgs, people, coordinator = network_setup
    round_ = open_for(network, coordinator, [orgs["A"]])
    answer_all(round_, people["A"][0], 5)
    answer_all(round_, people["A"][1], 1)
    actions.close_round(round_, actor=coordinator)
    results = network_results(network.pk, "samenwerkingsbarometer", today=timezone.localdate())
    latest = results.latest
    assert latest.responded == 2
    assert all(stat is None for stat in latest.respondent.values())
    assert all(value is None for value in latest.equal_voice.values())


def test_results_of_an_open_round_are_not_shown(network_setup):
    network, orgs, people, coordinator = network_setup
    round_ = open_for(network, coordinator, [orgs["A"]])
    for person in people["A"]:
        answer_all(round_, person, 4)
    results = network_results(network.pk, "samenwerkingsbarometer", today=timezone.localdate())
    assert results.rounds == []


def test_an_organisation_with_one_respondent_cannot_be_worked_out(network_setup, client):
    """C has one respondent. Its figure is not shown, and the pool it is in is large enough
    that the network figure minus the shown organisations does not reveal it."""
    network, orgs, people, coordinator = network_setup
    round_ = open_for(network, coordinator, list(orgs.values()))
    for person in people["A"]:
        answer_all(round_, person, 4)
    for person in people["B"]:
        answer_all(round_, person, 2)
    answer_all(round_, people["C"][0], 1, gelijkwaardigheid=5)
    actions.close_round(round_, actor=coordinator)
    latest = network_results(
        network.pk, "samenwerkingsbarometer", today=timezone.localdate()
    ).latest
    names = [unit.name for unit in latest.units]
    assert "Organisatie C" not in names
    pool = next(unit for unit in latest.units if unit.key == "pool")
    assert pool.responded >= 3  # B joined the pool with C
    shown = [unit for unit in latest.units if unit.key != "pool"]
    assert len(shown) == 1  # one of the two equal organisations joined the pool
    assert pool.stats["gelijkwaardigheid"].n == 4
    # The per-organisation view in the page: no column or figure for C alone.
    client.force_login(coordinator)
    url = reverse("collaboration:results", args=[network.slug])
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").text
    assert ">Organisatie C</th>\n" not in body.split("comparison-table")[1].split("</table>")[0]


def test_the_network_figure_counts_every_organisation_once(network_setup):
    network, orgs, people, coordinator = network_setup
    extra = [people["A"][0].home_organisation]
    round_ = open_for(network, coordinator, [orgs["A"], orgs["B"]])
    for person in people["A"]:
        answer_all(round_, person, 5)
    for person in people["B"]:
        answer_all(round_, person, 1)
    actions.close_round(round_, actor=coordinator)
    latest = network_results(
        network.pk, "samenwerkingsbarometer", today=timezone.localdate()
    ).latest
    assert latest.equal_voice["urgentie"] == pytest.approx(3.0)
    assert latest.respondent["urgentie"].mean == pytest.approx(3.0)
    assert latest.respondent["urgentie"].sd > 0
    assert extra


def test_the_coordinator_sees_rates_not_answers(network_setup, client):
    network, orgs, people, coordinator = network_setup
    round_ = open_for(network, coordinator, [orgs["A"]])
    answer_all(round_, people["A"][0], 5)
    client.force_login(coordinator)
    body = client.get(reverse("collaboration:round_detail", args=[round_.pk])).text
    assert "Prof A0" not in body
    assert "1 van 3" in body or "1 of 3" in body


def test_nobody_else_reads_an_invitation(network_setup, client):
    network, orgs, people, coordinator = network_setup
    round_ = open_for(network, coordinator, [orgs["A"]])
    client.force_login(people["B"][0].user)
    assert client.get(reverse("collaboration:answer", args=[round_.pk])).status_code == 404
    client.force_login(people["A"][0].user)
    assert client.get(reverse("collaboration:round_detail", args=[round_.pk])).status_code == 403


def test_rounds_order_by_opening(network_setup):
    network, orgs, _people, coordinator = network_setup
    round_ = open_for(network, coordinator, [orgs["A"]])
    assert list(Round.objects.filter(network=network)) == [round_]
