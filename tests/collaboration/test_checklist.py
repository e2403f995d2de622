"""The NJi/STENT checklist answered per network in rounds: the coordinator opens a checklist
round from the network page, the partners answer yes or no (every question skippable), and
the results show the share of "yes" per question, small groups hidden as for the barometer."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samenspel.collaboration.models import Instrument, Invitation, Round
from samenspel.collaboration.results import network_results

pytestmark = pytest.mark.django_db
CHECKLIST = "checklist-samenwerking"


def test_a_checklist_round_is_opened_answered_and_shown_as_a_share_of_yes(network_setup, client):
    network, orgs, people, coordinator = network_setup
    checklist = Instrument.objects.get(code=CHECKLIST, is_current=True)
    items = list(checklist.items.all())
    client.force_login(coordinator)
    page = client.get(reverse("collaboration:network_detail", args=[network.slug])).text
    assert f"?instrument={CHECKLIST}" in page  # its results are linked from the network page
    form = client.get(reverse("collaboration:round_new", args=[network.slug])).text
    assert "Checklist starten en volhouden" in form
    response = client.post(
        reverse("collaboration:round_new", args=[network.slug]),
        {
            "instrument": checklist.pk,
            "title": "Checklist najaar",
            "deadline": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
            "organisations": [orgs["A"].pk, orgs["B"].pk],
        },
    )
    round_ = Round.objects.get(title="Checklist najaar")
    assert response.status_code == 302
    # Three of A say yes to everything; of B two say no to the first question, one skips it.
    for n, person in enumerate([*people["A"], *people["B"]]):
        invitation = Invitation.objects.get(round=round_, professional=person)
        client.force_login(person.user)
        answer_url = reverse("collaboration:answer", args=[round_.pk])
        assert "Hebben we een gezamenlijk doel?" in client.get(answer_url).text
        data = {f"value_{item.code}": "1" for item in items}
        if person in people["B"]:
            data[f"value_{items[0].code}"] = "0" if n < 5 else ""
        response = client.post(answer_url, data)
        assert response.status_code == 302, response.text
        assert Invitation.objects.get(pk=invitation.pk).response.answers.count() == (
            len(items) - (1 if n == 5 else 0)
        )
    client.force_login(coordinator)
    client.post(reverse("collaboration:round_close", args=[round_.pk]))
    results = network_results(network.pk, CHECKLIST, today=timezone.localdate())
    assert results.percent and results.scale == (0, 100)
    latest = results.latest
    first, second = items[0].code, items[1].code
    assert latest.respondent[second].mean == 100  # everyone said yes
    assert latest.respondent[first].n == 5 and latest.respondent[first].mean == 60
    b = next(u for u in latest.units if u.name == "Organisatie B")
    assert b.stats[first] is None  # two answers of B on this question: hidden
    body = client.get(
        reverse("collaboration:results", args=[network.slug]),
        {"instrument": CHECKLIST},
        HTTP_ACCEPT_LANGUAGE="nl",
    ).text
    assert 'data-testid="percent-note"' in body
    assert "Prof A0" not in body and "Prof B0" not in body
