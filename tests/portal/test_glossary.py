"""The family's word list (issue 13): the professional words that stay on family pages, each
with a plain explanation at its own anchor, reachable from the family's menu; the first
mention of each word on a family page links there (`{% explain_words %}` in base.html)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from samenspel.portal.glossary import JARGON, WORDS, anchor_url
from samenspel.portal.templatetags.glossary import link_words
from tests.factories import NetworkFactory, OrganisationFactory, make_professional
from tests.portal.b1 import b1_problems

pytestmark = pytest.mark.django_db

URL = "/portal/words/"


def test_the_word_list_is_b1_with_an_anchor_per_word_and_in_the_family_menu(family, client_for):
    assert reverse("portal:glossary") == URL
    parent = client_for(family.parent_user)
    page = parent.get(URL, headers={"accept-language": "nl"})
    assert page.status_code == 200
    html = page.text
    assert "<h1" in html and "Woordenlijst" in html
    for word in WORDS:
        assert f'id="{word.slug}"' in html
    assert b1_problems(html) == []
    assert "utrecht-link samenspel-word" not in html  # the list does not link to itself
    home = parent.get(reverse("portal:home")).text
    assert f'href="{URL}"' in home  # the menu


def test_the_word_list_in_english(family, client_for):
    parent = client_for(family.parent_user)
    parent.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = parent.get(URL).text
    assert "Word list" in html and "Your coordinator is the professional" in html


def test_the_word_list_needs_a_login():
    response = Client().get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_flemish_readers_read_trajectbegeleider(client):
    network = NetworkFactory(country="BE")
    professional = make_professional(
        network=network, organisation=OrganisationFactory(country="BE")
    )
    client.force_login(professional.user)
    html = client.get(URL).text
    assert 'id="coordinator">Trajectbegeleider</dt>' in html
    assert "Je trajectbegeleider is de hulpverlener die het overzicht houdt." in html


def test_family_pages_link_the_first_mention_and_professional_pages_do_not(family, client_for):
    parent = client_for(family.parent_user)
    page = parent.get(reverse("portal:messages", args=[family.trajectory.pk])).text
    coordinator = next(word for word in WORDS if word.slug == "coordinator")
    assert f'href="{anchor_url(coordinator)}"' in page
    team = client_for(family.coordinator.user)
    plan = team.get(reverse("plans:plan_detail", args=[family.trajectory.pk])).text
    assert "utrecht-link samenspel-word" not in plan


def test_links_go_in_running_text_only():
    with translation.override("nl"):
        html = link_words(
            '<h1>Ons plan</h1><p>Je regisseur <a href="/x">plan</a> maakt het plan met '
            '<span title="doel">je</span>.</p><button>doel</button><p>Regisseur en doelen.</p>'
        )
    assert html.count("samenspel-word") == 3
    assert "<h1>Ons plan</h1>" in html and "<button>doel</button>" in html
    assert 'href="/portal/words/#coordinator">regisseur</a>' in html
    assert 'href="/portal/words/#plan">plan</a> met' in html
    assert 'href="/portal/words/#goal">doelen</a>' in html
    assert "Regisseur en" in html  # only the first mention


def test_the_words_and_the_jargon_do_not_overlap():
    with translation.override("nl"):
        forms = {form.casefold() for word in WORDS for form in str(word.forms).split("|")}
    assert forms.isdisjoint(word.casefold() for word in JARGON)
