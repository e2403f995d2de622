"""Markdown rendered safely: stored XSS payloads reach no page as markup; glossary terms are
linked at their first occurrence with the B1 explanation on hover/focus and as a footnote."""

import re

import pytest
from django.urls import reverse

from samenspel.knowledge import actions
from samenspel.knowledge.richtext import GlossaryLinker, Term
from samenspel.network.models import GlossaryTerm
from tests.knowledge.conftest import LESSON

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert(1)>",
    "[klik](javascript:alert(1))",
    '<a href="javascript:alert(1)">klik</a>',
    "<svg/onload=alert(1)>",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<iframe src=//evil.example></iframe>",
    '"><style>body{display:none}</style>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_stored_payload_reaches_no_page_as_markup(hub, login, payload):
    lesson = actions.write_lesson(
        hub.learning_network,
        actor=hub.member,
        values=actions.LessonValues(
            **{**LESSON, "title": "Les", "what_happened": payload, "is_public": True}
        ),
    )
    actions.post_update(
        hub.learning_network,
        actor=hub.member,
        values=actions.UpdateValues(kind="other", title="Bericht", body=payload, is_public=True),
    )
    client = login(hub.member)
    pages = [
        client.get(reverse("knowledge:lesson", args=[lesson.pk])).content.decode(),
        client.get(
            reverse("knowledge:learning_network", args=[hub.learning_network.slug])
        ).content.decode(),
        client.get(reverse("knowledge:index")).content.decode(),
    ]
    for page in pages:
        lowered = page.lower()
        assert "<script>alert" not in lowered
        assert "<img src=x" not in lowered
        assert not re.search(r"<a[^>]+href=\"(javascript|data):", lowered)
        assert "<iframe" not in lowered
        assert "<svg" not in lowered
        assert "<style>body" not in lowered


def test_a_glossary_term_is_linked_once_with_its_explanation_and_footnote(hub, login):
    term = GlossaryTerm.objects.create(
        network=hub.network, term="Regisseur", definition="De vaste contactpersoon van het gezin."
    )
    lesson = actions.write_lesson(
        hub.learning_network,
        actor=hub.member,
        values=actions.LessonValues(
            **{
                **LESSON,
                "context": "De regisseur belt. Daarna belt de regisseur weer.",
                "what_we_learned": "Een [regisseur](https://example.org) helpt.",
            }
        ),
    )
    page = login(hub.member).get(reverse("knowledge:lesson", args=[lesson.pk])).content.decode()
    link = (
        f'<a class="samenspel-term" href="#term-{term.pk}" aria-describedby="tip-{term.pk}" '
        'rel="noopener noreferrer">regisseur</a>'
    )
    assert page.count(link) == 1
    assert f'id="tip-{term.pk}">De vaste contactpersoon van het gezin.</span>' in page
    assert f'<dt id="term-{term.pk}">Regisseur</dt>' in page  # the footnote, without JavaScript


def test_a_term_inside_a_link_or_in_another_word_is_left_alone():
    linker = GlossaryLinker([Term(1, "MDO", "Overleg <met> iedereen")])
    html = linker.render("Het MDO-verslag en [het MDO](https://example.org)")
    assert html.count('samenspel-term"') == 1
    assert "Overleg &lt;met&gt; iedereen" in html
    assert GlossaryLinker([Term(1, "MDO", "x")]).render("MDOs en xMDO").count("samenspel-term") == 0
