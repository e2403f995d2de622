"""The team page's professional pickers: a search (htmx, or a plain GET without JavaScript)
offers at most SEARCH_LIMIT professionals of the network instead of listing all of them;
the search goes through the page's permission checks; the forms still refuse anyone outside
the network."""

import re

import pytest
from django.utils.html import escape

from samenspel.audit.models import AccessEvent
from samenspel.network.models import Organisation, ProfessionalExpertise
from samenspel.trajectories.models import CareTeamMembership, DirectRequest, TeamRequest
from samenspel.trajectories.picker import SEARCH_LIMIT
from tests.factories import NetworkFactory, make_professional
from tests.helpers import get_with_query_count
from tests.trajectories.conftest import login

pytestmark = pytest.mark.django_db

# Session, user; the trajectory, the policy's decision (family, team place, roles) and its
# event (2); the trajectory; the chosen professionals and their expertise; the matches and
# their expertise. A longer list of matches adds no query.
SEARCH_QUERIES = 10


def search_url(world, field, text="", **extra):
    url = f"/trajectories/{world.trajectory.pk}/team/professionals/"
    return url, {"field": field, f"{field}-q": text, **extra}


def offered(body: str, name: str) -> list[str]:
    """The values of the radio buttons / check boxes named `name` in the HTML."""
    return re.findall(rf'name="{re.escape(name)}" value="(\d+)"', body)


def test_the_page_lists_no_professionals_until_one_searches(walking, client):
    for i in range(5):
        make_professional(network=walking.network, full_name=f"Zoë Zoekbaar {i}")
    login(client, walking.coordinator.user)
    body = client.get(f"/trajectories/{walking.trajectory.pk}/team/").content.decode()
    # They may be proposed (the ranking), but no picker offers them before a search.
    assert "Zoë Zoekbaar" not in "".join(body.split('id="add-heading"')[1:])
    for name in ("add-professional", "ask-professional", "preferred"):
        assert f'<select name="{name}"' not in body
    assert 'form="add-search"' in body and 'id="add-search"' in body
    assert offered(body, "add-professional") == offered(body, "ask-professional") == []


def test_the_search_finds_by_name_organisation_and_expertise_in_the_network_only(walking, client):
    home = Organisation.objects.create(
        name="Buurtteam Overvecht", sector=walking.coordinator.home_organisation.sector
    )
    by_name = make_professional(network=walking.network, full_name="Ilse Zandvoort")
    by_org = make_professional(network=walking.network, organisation=home, full_name="Piet Bos")
    by_skill = make_professional(network=walking.network, full_name="Karin Smit")
    ProfessionalExpertise.objects.create(professional=by_skill, expertise=walking.ggz)
    outsider = make_professional(network=NetworkFactory(), full_name="Ilse Zandberg")
    login(client, walking.coordinator.user)

    url, params = search_url(walking, "add", "zand")
    body = client.get(url, params).content.decode()
    assert offered(body, "add-professional") == [str(by_name.pk)]
    assert str(outsider) not in body
    assert 'type="radio"' in body
    assert 'id="add-status" hx-swap-oob="innerHTML"' in body
    assert escape("1 professional komt overeen met “zand”.") in body

    url, params = search_url(walking, "ask", "overvecht")
    assert offered(client.get(url, params).content.decode(), "ask-professional") == [str(by_org.pk)]
    url, params = search_url(walking, "preferred", "GGZ")
    body = client.get(url, params).content.decode()
    found = offered(body, "preferred")
    assert str(by_skill.pk) in found and str(walking.other.pk) in found
    assert 'type="checkbox"' in body
    assert AccessEvent.objects.filter(action="trajectories.team.search").count() == 3


def test_the_search_keeps_what_is_chosen_and_shows_at_most_the_limit(walking, client):
    for i in range(SEARCH_LIMIT + 3):
        make_professional(network=walking.network, full_name=f"Jansen nr{i:02d}")
    login(client, walking.coordinator.user)
    url, params = search_url(walking, "preferred", "jansen", preferred=[walking.colleague.pk])
    body = get_with_query_count(client, f"{url}", expected=SEARCH_QUERIES, data=params)
    html = body.content.decode()
    values = offered(html, "preferred")
    assert values[0] == str(walking.colleague.pk)  # chosen first, and checked
    assert re.search(rf'value="{walking.colleague.pk}"[^>]*checked', html)
    assert len(values) == 1 + SEARCH_LIMIT
    assert "Typ meer om de lijst te verkleinen" in html
    url, params = search_url(walking, "preferred", "jansen nr07", preferred=[walking.colleague.pk])
    html = get_with_query_count(client, url, expected=SEARCH_QUERIES, data=params)
    assert len(offered(html.content.decode(), "preferred")) == 2
    url, params = search_url(walking, "add", "j")
    html = client.get(url, params).content.decode()
    assert offered(html, "add-professional") == []
    assert "Typ minstens 2 letters om te zoeken." in html


def test_without_javascript_the_search_reloads_the_page_with_the_matches(walking, client):
    wanted = make_professional(network=walking.network, full_name="Noor Vermeulen")
    login(client, walking.coordinator.user)
    response = client.get(f"/trajectories/{walking.trajectory.pk}/team/", {"ask-q": "vermeulen"})
    body = response.content.decode()
    assert offered(body, "ask-professional") == [str(wanted.pk)]
    assert offered(body, "add-professional") == []
    assert 'value="vermeulen"' in body


def test_the_search_has_the_pages_permission_checks(walking, client):
    url, params = search_url(walking, "add", "ilse")
    login(client, walking.colleague.user)  # on the team, but not the coordinator
    assert client.get(url, params).status_code == 403
    outsider = make_professional(network=NetworkFactory())
    login(client, outsider.user)
    assert client.get(url, params).status_code == 404
    login(client, walking.coordinator.user)
    assert client.get(url, {"field": "cover", "cover-q": "ilse"}).status_code == 404
    assert client.get(url, params).status_code == 200


def test_the_forms_still_refuse_a_professional_outside_the_network(walking, client):
    outsider = make_professional(network=NetworkFactory(), full_name="Buiten Netwerk")
    login(client, walking.coordinator.user)
    base = f"/trajectories/{walking.trajectory.pk}/team/"
    client.post(
        f"{base}add/",
        {"add-professional": outsider.pk, "add-role": "specialist", "add-selection": "proposal"},
    )
    assert not CareTeamMembership.objects.filter(professional=outsider).exists()
    client.post(
        f"{base}ask/",
        {"ask-professional": outsider.pk, "ask-role": "specialist", "ask-message": "Graag"},
    )
    assert not DirectRequest.objects.filter(professional=outsider).exists()
    response = client.post(base, {"needed_expertise": [walking.ggz.pk], "preferred": [outsider.pk]})
    assert response.status_code == 200  # the form comes back with its error
    assert not TeamRequest.objects.filter(preferred=outsider).exists()


def test_the_chosen_preferred_professionals_stay_ticked_on_the_page(walking, client):
    login(client, walking.coordinator.user)
    base = f"/trajectories/{walking.trajectory.pk}/team/"
    client.post(base, {"needed_expertise": [walking.ggz.pk], "preferred": [walking.other.pk]})
    body = client.get(base).content.decode()
    assert offered(body, "preferred") == [str(walking.other.pk)]
    assert re.search(rf'name="preferred" value="{walking.other.pk}"[^>]*checked', body)
