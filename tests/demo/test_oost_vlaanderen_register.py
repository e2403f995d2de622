"""Issue 12: the Flemish demo network has its own glossary and agreements. Bart Willaert
(vlaanderen@) opens them from the menu and finds his network's Flemish words, searches by a
synonym, and sees none of the Dutch networks' terms or agreements."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from samenspel.demo.loader import load_demo
from samenspel.demo.story import network_data
from samenspel.network.models import AgreementVersion, GlossaryTerm
from tests.demo.logins import log_in_as

pytestmark = pytest.mark.django_db

FLEMISH = "netwerk-oost-vlaanderen"
TERM_LINK = re.compile(r'<dt><a class="utrecht-link" href="[^"]+">([^<]+)</a>')


def _results(client, slug, q):
    """The glossary's search results only (the fragment htmx swaps in), not the page's menu."""
    url = reverse("network:glossary", args=[slug])
    return client.get(url, {"q": q}, headers={"HX-Request": "true"}).text


def test_the_flemish_login_finds_its_own_glossary_and_agreements(client, settings):
    settings.DEMO_MODE = True
    load_demo()
    data = network_data.read()
    terms = network_data.glossary_of(data, FLEMISH)
    agreements = network_data.agreements_of(data, FLEMISH)
    log_in_as(client, "vlaanderen@demo.samenspel.nl")

    # From the menu: "Wie is wie" leads to the network's pages, their subnav to the glossary.
    home = client.get(reverse("core:home")).text
    assert f'href="{reverse("network:index")}"' in home
    directory = client.get(reverse("network:index"), follow=True)
    assert directory.redirect_chain[-1][0] == reverse("network:directory", args=[FLEMISH])
    glossary_url = reverse("network:glossary", args=[FLEMISH])
    assert f'href="{glossary_url}"' in directory.text
    glossary = client.get(glossary_url).text

    for term in terms:
        assert escape(term.term) in glossary
        assert escape(term.definition) in glossary
        for synonym in term.synonyms:
            assert escape(synonym.text) in glossary
    others = GlossaryTerm.objects.exclude(network__slug=FLEMISH)
    assert others.exists()
    for definition in others.values_list("definition", flat=True):
        assert escape(definition) not in glossary

    # A synonym finds its term, and only the terms whose name or synonyms contain it.
    for term in terms:
        for synonym in term.synonyms:
            words = synonym.text.lower()
            expected = {
                escape(other.term)
                for other in terms
                if words in other.term.lower()
                or any(words in s.text.lower() for s in other.synonyms)
            }
            found = _results(client, FLEMISH, synonym.text)
            assert set(TERM_LINK.findall(found)) == expected, synonym.text
            assert escape(term.term) in expected

    agreement_url = reverse("network:agreement_list", args=[FLEMISH])
    assert f'href="{agreement_url}"' in glossary
    page = client.get(agreement_url).text
    for agreement in agreements:
        assert escape(agreement.title) in page
    dutch = AgreementVersion.objects.exclude(agreement__network__slug=FLEMISH)
    assert dutch.exists()  # Beter Thuis's and Zuilen's, and the one a lesson changed
    for title in set(dutch.values_list("title", flat=True)):
        assert escape(title) not in page
