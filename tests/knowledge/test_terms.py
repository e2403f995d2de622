"""Common language: anyone in the hub proposes a word; a network administrator of that
network reviews it, and an accepted word joins the network's glossary (and is then linked in
the hub's texts)."""

import pytest
from django.urls import reverse

from samenspel.knowledge.models import TermProposal
from samenspel.network.models import GlossaryTerm
from tests.factories import make_network_admin

pytestmark = pytest.mark.django_db


def test_a_proposed_word_is_reviewed_and_joins_the_glossary(hub, login):
    client = login(hub.member)
    client.post(
        reverse("knowledge:terms"),
        {"network": hub.network.pk, "term": "Meelopen", "definition": "Samen met het gezin mee."},
    )
    proposal = TermProposal.objects.get()
    admin = make_network_admin(hub.network)
    page = login(admin).get(reverse("knowledge:terms")).content.decode()
    assert "Samen met het gezin mee." in page
    login(admin).post(reverse("knowledge:term_review", args=[proposal.pk]), {"decision": "accept"})

    assert GlossaryTerm.objects.get(network=hub.network).term == "Meelopen"
    assert TermProposal.objects.get().status == "accepted"
    mine = login(hub.member).get(reverse("knowledge:terms")).content.decode()
    assert "Meelopen" in mine


def test_an_administrator_of_another_network_may_not_review(hub, login):
    from tests.factories import NetworkFactory

    proposal = TermProposal.objects.create(
        network=hub.network, term="MDO", definition="Overleg.", proposed_by=hub.member
    )
    stranger = make_network_admin(NetworkFactory())
    login(stranger).post(
        reverse("knowledge:term_review", args=[proposal.pk]), {"decision": "accept"}
    )
    assert not GlossaryTerm.objects.exists()
    assert TermProposal.objects.get().status == "proposed"
