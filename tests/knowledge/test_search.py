"""Search across lessons, updates, glossary and methods: "meeloop" and a typo of it find the
lesson about walking along in the family's home, on PostgreSQL (Dutch full text + trigrams)
and on SQLite (prefixes + a similarity ratio); only what the searcher may see."""

import pytest
from django.urls import reverse

from samenspel.knowledge import actions
from samenspel.knowledge.querysets import search_entries
from samenspel.network.models import GlossaryTerm, Intervention, Service
from tests.knowledge.conftest import LESSON

pytestmark = pytest.mark.django_db


@pytest.fixture
def lessons(hub):
    found = actions.write_lesson(
        hub.learning_network,
        actor=hub.member,
        values=actions.LessonValues(
            **{**LESSON, "title": "Meelopen in de thuissituatie", "is_public": True}
        ),
    )
    other = actions.write_lesson(
        hub.learning_network,
        actor=hub.member,
        values=actions.LessonValues(
            title="Schulden eerst",
            context="Geldzorgen nemen alle ruimte in.",
            what_happened="Ouders haakten af.",
            what_we_learned="Rust over geld helpt.",
            what_we_change="Schuldhulp vanaf de start.",
        ),
    )
    return found, other


@pytest.mark.parametrize("typed", ["meeloop", "meelop", "Meelopen", "thuissituatie"])
def test_a_professional_finds_the_lesson_by_a_word_or_a_typo(hub, lessons, login, typed):
    found, _other = lessons
    page = login(hub.colleague).get(reverse("knowledge:search"), {"q": typed}).content.decode()
    assert reverse("knowledge:lesson", args=[found.pk]) in page
    assert "Schulden eerst" not in page


def test_a_lesson_only_for_members_is_not_found_by_others(hub, lessons):
    _found, other = lessons
    assert search_entries(hub.member, "schulden").filter(object_id=other.pk).exists()
    assert not search_entries(hub.colleague, "schulden").exists()
    assert not search_entries(hub.parent, "meelopen").exists()


def test_glossary_words_and_methods_are_found_too(hub, lessons, login):
    GlossaryTerm.objects.create(network=hub.network, term="Meelopen", definition="Samen gaan.")
    service = Service.objects.create(organisation=hub.youth, name="Gezinsbehandeling")
    Intervention.objects.create(
        service=service, name="Multi Systeem Therapie", effectiveness="good"
    )
    page = login(hub.colleague).get(reverse("knowledge:search"), {"q": "systeem"}).content.decode()
    assert "Multi Systeem Therapie" in page
    page = login(hub.colleague).get(reverse("knowledge:search"), {"q": "meelopen"}).content.decode()
    assert "Samen gaan." in page


def test_an_update_is_found_and_links_into_its_feed(hub, login):
    update = actions.post_update(
        hub.learning_network,
        actor=hub.member,
        values=actions.UpdateValues(
            kind="method", title="Huisbezoek", body="We lopen mee.", is_public=True
        ),
    )
    page = (
        login(hub.colleague).get(reverse("knowledge:search"), {"q": "huisbezoek"}).content.decode()
    )
    assert f"#update-{update.pk}" in page


def test_a_frequent_word_is_counted_up_to_a_cap(hub, lessons, login, monkeypatch):
    """The count stops at the cap (a frequent word over 100,000 items would otherwise count
    every match); the page says there are more."""
    from samenspel.knowledge import querysets

    actions.write_lesson(
        hub.learning_network,
        actor=hub.member,
        values=actions.LessonValues(**{**LESSON, "title": "Nog eens meelopen", "is_public": True}),
    )
    client = login(hub.colleague)

    def count_line(q: str) -> str:
        page = client.get(reverse("knowledge:search"), {"q": q}, HTTP_ACCEPT_LANGUAGE="en")
        return page.content.decode().split('data-testid="count">')[1].split("</p>")[0]

    assert count_line("meelopen") == "2 found."
    monkeypatch.setattr(querysets, "SEARCH_COUNT_CAP", 1)
    assert count_line("meelopen").startswith("More than 1 found")


def test_a_typo_is_tried_only_when_the_words_find_nothing(hub, lessons):
    found, other = lessons
    # "schulden" is a word of `other`; no title that merely looks like it joins the result.
    assert {e.object_id for e in search_entries(hub.member, "schulden")} == {other.pk}
    assert {e.object_id for e in search_entries(hub.member, "meeloop")} == {found.pk}
