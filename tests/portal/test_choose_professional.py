"""Choosing between proposed professionals (issue 17, "Choose"; keuzevrijheid, seed 002): the
coordinator offers some of the team page's proposals, the family sees who they are and says
whom they prefer (why, when it is not the advice), and the coordinator sees the choice next
to the advised route on the team page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from samenspel.audit.models import AccessEvent
from samenspel.portal.models import FamilyChoice, ProfessionalOffer
from tests.factories import make_professional
from tests.helpers import get_with_query_count
from tests.portal.b1 import b1_problems

pytestmark = pytest.mark.django_db

CHOOSE_PAGE = 14


@pytest.fixture
def offered(family, client_for):
    network = family.trajectory.network
    first = make_professional(network=network)
    second = make_professional(network=network)
    for person, intro in ((first, "Ik help gezinnen met geld."), (second, "Ik werk met jongeren.")):
        person.introduction = intro
        person.save(update_fields=["introduction"])
    coordinator = client_for(family.coordinator.user)
    url = reverse("portal:offer_create", args=[family.trajectory.pk])
    for person in (first, second):
        response = coordinator.post(url, {"professional": person.pk})
        assert response.status_code == 302
    return coordinator, first, second


def test_the_parent_sees_who_is_proposed_and_chooses_with_a_reason(family, client_for, offered):
    coordinator, first, second = offered
    offers = list(ProfessionalOffer.objects.order_by("-score", "id"))
    assert {o.professional_id for o in offers} == {first.pk, second.pk}
    assert AccessEvent.objects.filter(action="portal.offer.create").count() >= 2
    advised, other = offers[0], offers[1]
    parent = client_for(family.parent_user)
    url = reverse("portal:choose", args=[family.trajectory.pk])
    page = get_with_query_count(parent, url, expected=CHOOSE_PAGE)
    assert first.user.full_name in page.text and second.user.full_name in page.text
    assert "Ik help gezinnen met geld." in page.text and "Ik werk met jongeren." in page.text
    assert page.text.count("Het team raadt deze persoon aan.") == 1
    assert b1_problems(page.text) == []
    # Another than the advice, without a reason: asked why, in plain words; nothing stored.
    refused = parent.post(url, {"offer": other.pk, "reason": ""})
    assert refused.status_code == 200
    assert "Schrijf waarom je deze persoon kiest." in refused.text
    assert not FamilyChoice.objects.exists()
    chosen = parent.post(url, {"offer": other.pk, "reason": "Zij spreekt Turks met oma."})
    assert chosen.status_code == 302
    choice = FamilyChoice.objects.get()
    assert (choice.member, choice.offer) == (family.parent, other)
    event = AccessEvent.objects.get(action="portal.choice.save")
    assert event.user == family.parent_user and event.detail == {"advised": False}
    # The coordinator sees the advised route next to the family's choice and its reason.
    team = coordinator.get(reverse("trajectories:compose", args=[family.trajectory.pk])).text
    section = team.split('data-testid="family-choice"')[1].split("</section>")[0]
    assert "geadviseerde route" in section
    assert "Marieke heeft een voorkeur voor deze professional" in section
    assert "Zij spreekt Turks met oma." in section
    assert section.index(advised.professional.user.full_name) < section.index("geadviseerde route")


def test_the_youth_does_not_read_the_parents_reason(family, client_for, offered):
    _coordinator, _first, _second = offered
    offer = ProfessionalOffer.objects.order_by("-score", "id").last()
    parent = client_for(family.parent_user)
    url = reverse("portal:choose", args=[family.trajectory.pk])
    parent.post(url, {"offer": offer.pk, "reason": "Privé reden van mama"})
    youth = client_for(family.youth_user).get(url)
    assert youth.status_code == 200 and "Privé reden van mama" not in youth.text
    assert "Marieke koos" not in youth.text


def test_a_withdrawn_offer_leaves_the_family_page_and_a_professional_cannot_choose(
    family, client_for, offered
):
    coordinator, first, _second = offered
    offer = ProfessionalOffer.objects.get(professional=first)
    coordinator.post(reverse("portal:offer_withdraw", args=[family.trajectory.pk, offer.pk]))
    parent = client_for(family.parent_user)
    page = parent.get(reverse("portal:choose", args=[family.trajectory.pk]))
    assert first.user.full_name not in page.text
    # Choosing is the family's own voice: the coordinator gets 403.
    assert coordinator.get(reverse("portal:choose", args=[family.trajectory.pk])).status_code == 403
    # And only the coordinator offers: the parent gets 403.
    response = parent.post(
        reverse("portal:offer_create", args=[family.trajectory.pk]), {"professional": first.pk}
    )
    assert response.status_code == 403


def test_a_choice_of_a_withdrawn_offer_stays_on_the_team_page(family, client_for, offered):
    """The team page reads the choices only when an offer was ever made: one taken back
    still counts, and the family's earlier preference for it stays visible."""
    coordinator, first, _second = offered
    offer = ProfessionalOffer.objects.get(professional=first)
    client_for(family.parent_user).post(
        reverse("portal:choose", args=[family.trajectory.pk]), {"offer": offer.pk, "reason": ""}
    )
    coordinator.post(reverse("portal:offer_withdraw", args=[family.trajectory.pk, offer.pk]))
    ProfessionalOffer.objects.exclude(pk=offer.pk).delete()
    team = coordinator.get(reverse("trajectories:compose", args=[family.trajectory.pk])).text
    name = escape(first.user.full_name)
    assert f"Marieke had een voorkeur voor {name}; dat voorstel is ingetrokken." in team
