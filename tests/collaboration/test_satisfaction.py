"""The twelve components feed Jeugdwet indicator 2 (client satisfaction) where the network
coordinator maps them so: per ended quarter, the share of families whose closure rating of
the chosen components averages 4 or more, small groups hidden by the figures page's rules."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse

from samenspel.audit.models import AccessEvent
from samenspel.collaboration.component_results import satisfaction_from_components
from samenspel.collaboration.models import (
    ComponentRating,
    ComponentScore,
    Instrument,
    SatisfactionComponent,
)
from tests.factories import TrajectoryFactory

TODAY = datetime.date(2026, 11, 25)  # Q4 2026: Q3 is the last ended quarter
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
CHOSEN = ["heel-gezin", "op-tijd"]


def _rate(network, coordinator, scores, *, on, moment="closure"):
    instrument = Instrument.objects.get(code="twaalf-componenten-gezin", is_current=True)
    items = {item.code: item for item in instrument.items.all()}
    rating = ComponentRating.objects.create(
        trajectory=TrajectoryFactory(network=network, family__network=network),
        network=network,
        instrument=instrument,
        moment=moment,
        rated_by="family",
        recorded_by=coordinator,
        recorded_at=datetime.datetime.combine(on, datetime.time(10), ZoneInfo(settings.TIME_ZONE)),
    )
    for code, value in scores.items():
        ComponentScore.objects.create(rating=rating, network=network, item=items[code], value=value)


def test_the_coordinator_maps_components_and_the_network_sees_indicator_2(network_setup, client):
    network, _orgs, _people, coordinator = network_setup
    client.force_login(coordinator)
    page = client.get(reverse("collaboration:network_detail", args=[network.slug])).text
    assert reverse("collaboration:satisfaction_map", args=[network.slug]) in page
    response = client.post(
        reverse("collaboration:satisfaction_map", args=[network.slug]), {"codes": CHOSEN}
    )
    assert response.status_code == 302
    assert sorted(SatisfactionComponent.objects.values_list("code", flat=True)) == CHOSEN
    assert AccessEvent.objects.filter(action="collaboration.satisfaction.map").exists()
    july = datetime.date(2026, 7, 15)
    for n in range(25):  # 15 of 25 families average 4 or more on the chosen components
        high = n < 15
        _rate(network, coordinator, {"heel-gezin": 5 if high else 2, "op-tijd": 4 if high else 3,
                                     "alle-leefgebieden": 1}, on=july)  # fmt: skip
    _rate(network, coordinator, {"heel-gezin": 5}, on=july, moment="evaluation")  # not closure
    _rate(network, coordinator, {"heel-gezin": 1}, on=TODAY)  # this quarter has not ended
    rows = {row.quarter: row for row in satisfaction_from_components(network.pk, today=TODAY)}
    q3 = next(row for key, row in rows.items() if "3" in key and "2026" in key)
    assert (q3.families.value, q3.satisfied) == (25, 60)
    body = client.get(
        reverse("collaboration:network_detail", args=[network.slug]), HTTP_ACCEPT_LANGUAGE="nl"
    ).text
    table = body.split('data-testid="satisfaction-table"')[1].split("</table>")[0]
    assert ">25<" in table and "60%" in table


def test_a_small_quarter_shows_no_share_and_nothing_without_a_mapping(network_setup):
    network, _orgs, _people, coordinator = network_setup
    for _n in range(3):
        _rate(network, coordinator, {"heel-gezin": 5}, on=datetime.date(2026, 8, 1))
    rows = satisfaction_from_components(network.pk, today=TODAY)
    assert all(row.families.value == 0 for row in rows)  # nothing mapped: no figure
    SatisfactionComponent.objects.create(network=network, code="heel-gezin")
    q3 = satisfaction_from_components(network.pk, today=TODAY)[-1]
    assert q3.families.suppressed and q3.satisfied is None  # 3 families: fewer than 10
