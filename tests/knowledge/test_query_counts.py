"""The hub's main pages take a fixed number of queries, however much is in them."""

import pytest
from django.urls import reverse

from samenspel.knowledge import actions
from samenspel.network.models import GlossaryTerm, Intervention, Service
from tests.helpers import get_with_query_count
from tests.knowledge.conftest import LESSON

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(hub):
    GlossaryTerm.objects.create(network=hub.network, term="Regisseur", definition="Vaste persoon.")
    service = Service.objects.create(organisation=hub.youth, name="Gezinsbehandeling")
    for number in range(3):
        intervention = Intervention.objects.create(service=service, name=f"Methode {number}")
        lesson = actions.write_lesson(
            hub.learning_network,
            actor=hub.member,
            values=actions.LessonValues(
                **{**LESSON, "title": f"Meelopen {number}", "intervention": intervention}
            ),
        )
        actions.post_update(
            hub.learning_network,
            actor=hub.member,
            values=actions.UpdateValues(
                kind="result", title=f"Bericht {number}", body="De regisseur belt."
            ),
        )
    return lesson


@pytest.mark.parametrize(
    ("name", "args", "query", "expected"),
    [
        ("knowledge:index", [], {}, 8),
        ("knowledge:theme", ["integraal-werken"], {}, 9),
        ("knowledge:learning_network", ["samen-aan-tafel"], {}, 12),
        # Whether the words match (the typo fallback runs only when not), the capped count,
        # the page: the same on PostgreSQL and SQLite.
        ("knowledge:search", [], {"q": "meelopen"}, 10),
        ("knowledge:methods", [], {}, 6),
        ("knowledge:digests", [], {}, 5),
    ],
)
def test_main_pages_have_pinned_query_counts(hub, filled, login, name, args, query, expected):
    client = login(hub.member)
    url = reverse(name, args=args)
    client.get(url, query)  # warm-up: session and per-process caches
    get_with_query_count(client, url, expected=expected, data=query)


def test_the_lesson_page_has_a_pinned_query_count(hub, filled, login):
    client = login(hub.member)
    url = reverse("knowledge:lesson", args=[filled.pk])
    client.get(url)
    get_with_query_count(client, url, expected=7)
