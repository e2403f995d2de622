"""The one pager (`core.paging`, `core/pager.html`) and the one page-or-partial answer
(`core.http.render_page`)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django_htmx.middleware import HtmxDetails

from samenspel.core.http import render_page
from samenspel.core.paging import paginate


def _request(query: str, *, htmx: bool = False) -> HttpRequest:
    headers = {"HX-Request": "true"} if htmx else {}
    request = RequestFactory().get(f"/list/?{query}", headers=headers)
    request.htmx = HtmxDetails(request)  # type: ignore[attr-defined]
    request.user = AnonymousUser()
    return request


def test_the_links_keep_the_other_parameters_and_replace_only_the_page():
    request = _request("q=jeugd&journal=2&page=9")

    pager = paginate(request, list(range(60)), per_page=25, param="journal")

    assert pager.number == 2
    assert pager.object_list == list(range(25, 50))
    assert pager.previous_url == "?q=jeugd&journal=1&page=9"
    assert pager.next_url == "?q=jeugd&journal=3&page=9"


def test_a_known_count_saves_the_count_and_the_last_page_has_no_next_link():
    pager = paginate(_request("page=99"), list(range(30)), per_page=25, count=30)

    assert pager.number == 2
    assert pager.object_list == list(range(25, 30))
    assert pager.next_url == ""
    assert pager.previous_url == "?page=1"


def test_the_template_shows_the_page_in_dutch_with_htmx_only_when_asked():
    pager = paginate(_request("page=2"), list(range(80)), per_page=25)

    with translation.override("nl"):
        plain = render_to_string("core/pager.html", {"pager": pager})
        swapping = render_to_string("core/pager.html", {"pager": pager, "target": "plan-list"})

    assert "Pagina 2 van 4" in plain
    assert 'href="?page=1"' in plain and 'href="?page=3"' in plain
    assert "hx-get" not in plain
    assert 'hx-get="?page=3" hx-target="#plan-list"' in swapping


def test_one_page_shows_no_pager():
    pager = paginate(_request(""), [1, 2, 3])

    assert render_to_string("core/pager.html", {"pager": pager}).strip() == ""


def test_render_page_answers_the_partial_to_htmx_and_varies_on_it(tmp_path, settings):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [tmp_path, *settings.TEMPLATES[0].get("DIRS", [])],
        }
    ]
    (tmp_path / "page.html").write_text(
        "<h1>Page</h1>{% partialdef rows inline %}<p>rows</p>{% endpartialdef %}"
    )

    full = render_page(_request(""), "page.html", {}, partial="rows")
    part = render_page(_request("", htmx=True), "page.html", {}, partial="rows")

    assert full.content.decode() == "<h1>Page</h1><p>rows</p>"
    assert part.content.decode() == "<p>rows</p>"
    assert full["Vary"] == part["Vary"] == "HX-Request"
