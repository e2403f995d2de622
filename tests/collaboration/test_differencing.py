"""Figures never reveal one person's answer by subtraction: not within a round (an item
someone skipped), and not across two looks at the same round (a person who left)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samenspel.collaboration import actions
from samenspel.collaboration.models import InstrumentItem, RoundFigure
from samenspel.collaboration.results import network_results
from tests.collaboration.test_rounds import answer_all, open_for

pytestmark = pytest.mark.django_db
CODE = "gelijkwaardigheid"


def _latest(network):
    return network_results(network.pk, "samenwerkingsbarometer", today=timezone.localdate()).latest


def _recoverable(latest, code):
    """What an attacker works out for `code`: the network's count and sum minus those of the
    shown organisations, i.e. the hidden ones together. None when nothing can be subtracted."""
    network = latest.respondent.get(code)
    if network is None:
        return None
    shown = [s for u in latest.units if (s := u.stats.get(code)) is not None]
    n = network.n - sum(s.n for s in shown)
    total = network.n * network.mean - sum(s.n * s.mean for s in shown)
    return n, round(total, 6)


def test_a_skipped_item_cannot_be_worked_out_from_the_network_figure(network_setup, client):
    """A and B each have three respondents, so both organisations are shown; but two people of
    B skip one item, leaving one score of B on it. The network figure minus A's figure would
    be that person's score: the audit of the figures page hides what it takes."""
    network, orgs, people, coordinator = network_setup
    InstrumentItem.objects.filter(code=CODE).update(required=False)
    round_ = open_for(network, coordinator, [orgs["A"], orgs["B"]])
    for person in people["A"]:
        answer_all(round_, person, 4)
    answer_all(round_, people["B"][0], 3, **{CODE: 1})  # the one score to protect
    for person in people["B"][1:]:
        answer_all(round_, person, 3, **{CODE: None})
    actions.close_round(round_, actor=coordinator)
    latest = _latest(network)
    assert {u.name for u in latest.units} == {"Organisatie A", "Organisatie B"}
    b = next(u for u in latest.units if u.name == "Organisatie B")
    assert b.stats[CODE] is None  # too few scores on this item
    recovered = _recoverable(latest, CODE)
    assert recovered is None or recovered[0] == 0 or recovered[0] >= 3
    # The other items are not touched: every organisation and the network are shown.
    assert latest.respondent["tijd-financien"] is not None
    assert all(u.stats["tijd-financien"] is not None for u in latest.units)
    # And the page shows no figure that gives the single score (1,0) away.
    client.force_login(coordinator)
    body = client.get(
        reverse("collaboration:results", args=[network.slug]) + f"?dimension={CODE}",
        HTTP_ACCEPT_LANGUAGE="nl",
    ).text
    assert "n=4" not in body  # the network figure of this item (A and B together)


def test_figures_shown_once_do_not_move_when_a_person_leaves(network_setup):
    """Comparing the page before and after someone leaves (their answers are deleted with
    them) would give that person's scores; the figures are frozen when the round closes."""
    network, orgs, people, coordinator = network_setup
    round_ = open_for(network, coordinator, [orgs["A"], orgs["B"]])
    for person in people["A"]:
        answer_all(round_, person, 4)
    for person in people["B"][:2]:
        answer_all(round_, person, 2)
    answer_all(round_, people["B"][2], 5)
    actions.close_round(round_, actor=coordinator)
    assert RoundFigure.objects.filter(round=round_).exists()
    before = _latest(network)
    people["B"][2].delete()  # the person leaves; their invitation and answers go with them
    after = _latest(network)
    assert after.respondent == before.respondent
    assert [(u.name, u.stats) for u in after.units] == [(u.name, u.stats) for u in before.units]


def test_a_round_past_its_deadline_is_frozen_on_its_first_read(network_setup):
    network, orgs, people, coordinator = network_setup
    round_ = open_for(network, coordinator, [orgs["A"]])
    for person in people["A"]:
        answer_all(round_, person, 4)
    type(round_).objects.filter(pk=round_.pk).update(
        opens_on=timezone.localdate() - datetime.timedelta(days=20),
        deadline=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert not RoundFigure.objects.filter(round=round_).exists()
    latest = _latest(network)
    assert latest.respondent[CODE].n == 3
    round_.refresh_from_db()
    assert round_.figures_at is not None
    assert RoundFigure.objects.filter(round=round_, item__isnull=True).get().responded == 3
