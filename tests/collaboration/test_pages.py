"""Who sees which collaboration page; every page reachable and in Dutch; the results page's
queries pinned; exports neutralise formulas."""

import datetime

import pytest
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from samenspel.accounts.models import Role
from samenspel.collaboration import actions
from samenspel.collaboration.models import Instrument, Invitation
from samenspel.collaboration.results import network_results
from samenspel.collaboration.views.results import export_rows, neutralise
from tests.collaboration.conftest import grant
from tests.factories import NetworkFactory, make_user
from tests.helpers import get_with_query_count

pytestmark = pytest.mark.django_db


def _closed_round(network, orgs, people, coordinator, title, score):
    instrument = Instrument.objects.get(code="samenwerkingsbarometer", is_current=True)
    round_ = actions.open_round(
        network,
        instrument=instrument,
        title=title,
        deadline=timezone.localdate() + datetime.timedelta(days=7),
        organisations=[orgs["A"], orgs["B"]],
        actor=coordinator,
    )
    for person in people["A"] + people["B"]:
        invitation = Invitation.objects.get(round=round_, professional=person)
        answers = {item.code: (score, '=HYPERLINK("x")') for item in instrument.items.all()}
        actions.submit_response(
            invitation, answers=answers, expected_version=None, actor=person.user
        )
    actions.close_round(round_, actor=coordinator)
    return round_


def test_every_collaboration_page_needs_a_login(client):
    """Walks the URL conf, so a new page cannot slip past."""
    (namespace,) = [
        p for p in get_resolver().url_patterns if getattr(p, "namespace", "") == "collaboration"
    ]
    values = {"slug": "x", "round_id": 1, "trajectory_id": 1, "review_id": 1, "fmt": "csv"}
    patterns = [p for p in namespace.url_patterns if isinstance(p, URLPattern)]
    assert len(patterns) >= 14
    for pattern in patterns:
        kwargs = {key: values[key] for key in pattern.pattern.converters}
        url = reverse(f"collaboration:{pattern.name}", kwargs=kwargs)
        response = client.get(url)
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"], url


def test_a_network_not_yours_is_not_found_and_steering_may_not_steer(client, network_setup):
    network, _orgs, people, _coordinator = network_setup
    other = grant(Role.NETWORK_COORDINATOR, NetworkFactory())
    client.force_login(other)
    assert (
        client.get(reverse("collaboration:network_detail", args=[network.slug])).status_code == 404
    )
    assert client.get(reverse("collaboration:results", args=[network.slug])).status_code == 404
    steering = grant(Role.STEERING_GROUP, network)
    client.force_login(steering)
    assert client.get(reverse("collaboration:results", args=[network.slug])).status_code == 200
    assert client.get(reverse("collaboration:round_new", args=[network.slug])).status_code == 403
    client.force_login(people["A"][0].user)
    assert client.get(reverse("collaboration:results", args=[network.slug])).status_code == 403


def test_the_results_page_reads_a_fixed_number_of_queries(client, network_setup):
    network, orgs, people, coordinator = network_setup
    client.force_login(coordinator)
    url = reverse("collaboration:results", args=[network.slug])
    client.get(url)
    _closed_round(network, orgs, people, coordinator, "Ronde 1", 4)
    first = get_with_query_count(client, url, expected=PINNED, HTTP_ACCEPT_LANGUAGE="nl")
    _closed_round(network, orgs, people, coordinator, "Ronde 2", 2)
    body = get_with_query_count(client, url, expected=PINNED, HTTP_ACCEPT_LANGUAGE="nl").text
    assert "Uitkomsten van Beter Thuis" in body and "Ronde 2" in body
    assert "Prof A0" not in body and "Prof B1" not in body
    assert first.status_code == 200


PINNED = 8  # 4 of them the results: rounds, items, frozen figures, instruments


def test_a_dip_between_two_rounds_is_a_signal(network_setup):
    network, orgs, people, coordinator = network_setup
    _closed_round(network, orgs, people, coordinator, "Ronde 1", 4)
    _closed_round(network, orgs, people, coordinator, "Ronde 2", 2)
    results = network_results(network.pk, "samenwerkingsbarometer", today=timezone.localdate())
    assert len(results.dips()) == 14


def test_exports_neutralise_formulas_and_hold_no_comment(client, network_setup):
    network, orgs, people, coordinator = network_setup
    _closed_round(network, orgs, people, coordinator, "=cmd|' /C calc'!A0", 3)
    results = network_results(network.pk, "samenwerkingsbarometer", today=timezone.localdate())
    rows = export_rows(results)
    assert all(not str(cell).startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    client.force_login(coordinator)
    csv_body = client.get(reverse("collaboration:results_export", args=[network.slug, "csv"]))
    assert csv_body["Content-Type"].startswith("text/csv")
    assert "HYPERLINK" not in csv_body.content.decode()
    xlsx = client.get(reverse("collaboration:results_export", args=[network.slug, "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    pdf = client.get(reverse("collaboration:results_pdf", args=[network.slug]))
    assert pdf.content.startswith(b"%PDF")


def test_invitees_see_the_round_on_their_start_page(client, network_setup):
    network, orgs, people, coordinator = network_setup
    instrument = Instrument.objects.get(code="samenwerkingsbarometer", is_current=True)
    actions.open_round(
        network,
        instrument=instrument,
        title="Barometer voorjaar",
        deadline=timezone.localdate() + datetime.timedelta(days=7),
        organisations=[orgs["A"]],
        actor=coordinator,
    )
    client.force_login(people["A"][0].user)
    assert "Barometer voorjaar" in client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="nl").text
    client.force_login(people["B"][0].user)
    assert "Barometer voorjaar" not in client.get(reverse("core:home")).text
    client.force_login(coordinator)
    assert "Beter Thuis" in client.get(reverse("core:home")).text


def test_a_coordinator_without_networks_sees_an_empty_overview(client):
    client.force_login(make_user(Role.NETWORK_COORDINATOR))
    response = client.get(reverse("collaboration:overview"), HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
