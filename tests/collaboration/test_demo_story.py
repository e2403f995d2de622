"""The demo shows the collaboration: four barometer rounds in Beter Thuis with a dip, value
rounds in Zuilen, the Flemish network agreeing, family ratings; loading twice changes nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from samenspel.collaboration.models import (
    CollaborationPhase,
    ComponentRating,
    NetworkPhase,
    Round,
)
from samenspel.collaboration.results import network_results
from samenspel.network.models import Network

pytestmark = pytest.mark.django_db


def test_the_demo_story_shows_the_collaboration(client):
    from samenspel.demo.loader import load_demo

    users = {user.email: user for user in load_demo()}
    counts = (Round.objects.count(), ComponentRating.objects.count())
    load_demo()
    assert (Round.objects.count(), ComponentRating.objects.count()) == counts

    beter_thuis = Network.objects.get(slug="beter-thuis")
    results = network_results(beter_thuis.pk, "samenwerkingsbarometer", today=timezone.localdate())
    assert len(results.rounds) == 4
    assert {d.code for d, _before, _after in results.dips()} >= {
        "tijd-financien",
        "gelijkwaardigheid",
    }
    assert Round.objects.filter(network__slug="extrateam-zuilen").count() >= 2
    flemish = NetworkPhase.objects.get(network__slug="netwerk-oost-vlaanderen")
    assert flemish.phase == CollaborationPhase.AGREEING
    assert ComponentRating.objects.filter(network=beter_thuis).exists()

    client.force_login(users["trekker@demo.samenspel.nl"])
    home = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="nl").text
    assert "Beter Thuis" in home
    page = client.get(reverse("collaboration:results", args=["beter-thuis"])).text
    assert "Tijd" in page or "tijd" in page
    checklist = network_results(
        beter_thuis.pk, "checklist-samenwerking", today=timezone.localdate()
    )
    assert checklist.percent and checklist.latest is not None and checklist.latest.shown
    page = client.get(
        reverse("collaboration:results", args=["beter-thuis"]),
        {"instrument": "checklist-samenwerking"},
        HTTP_ACCEPT_LANGUAGE="nl",
    ).text
    assert 'data-testid="percent-note"' in page
