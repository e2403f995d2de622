"""The security officer's access-log page: filters, paging, and it logs its own use."""

import pytest
from django.urls import reverse

from samenspel import audit
from samenspel.accounts.models import Role
from samenspel.audit.models import AccessEvent, EventType
from samenspel.audit.views import PAGE_SIZE
from tests.factories import make_user
from tests.helpers import get_with_query_count

pytestmark = pytest.mark.django_db
URL = reverse("audit:event_list")


def _events(n, **kwargs):
    actor = make_user()
    for i in range(n):
        audit.record(
            EventType.READ, "families.family.read", actor=actor, family_id=i % 3 + 1, **kwargs
        )
    return actor


def test_security_officer_sees_the_log_and_the_viewing_is_logged(login, security_officer):
    _events(3)

    response = login(security_officer).get(URL)

    assert response.status_code == 200
    assert response.text.count("families.family.read") == 3
    logged = AccessEvent.objects.filter(event_type=EventType.LOG_ACCESS, user=security_officer)
    assert logged.count() == 1


@pytest.mark.parametrize(
    "role", [Role.PROFESSIONAL, Role.COORDINATOR, Role.POLICY_ADVISER, Role.NETWORK_ADMIN]
)
def test_other_roles_may_not_read_the_log(login, role):
    response = login(make_user(role)).get(URL)
    assert response.status_code == 403
    assert "Geen toegang" in response.text


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_filters_by_family_and_type(login, security_officer):
    _events(6)
    audit.record(EventType.EXPORT, "plans.plan.print", actor=security_officer, family_id=2)

    response = login(security_officer).get(URL, {"family": 2, "event_type": "read"})

    assert response.text.count("families.family.read") == 2
    assert "plans.plan.print" not in response.text
    filters = AccessEvent.objects.filter(event_type=EventType.LOG_ACCESS).get().detail["filters"]
    assert filters == {"family": "2", "event_type": "read"}


def test_an_impossible_period_gets_a_dutch_message(login, security_officer):
    response = login(security_officer).get(
        URL, {"date_from": "2026-11-10", "date_to": "2026-11-01"}
    )
    assert response.status_code == 200
    assert "De einddatum ligt voor de begindatum." in response.text


def test_older_events_continue_on_the_next_page(login, security_officer):
    _events(PAGE_SIZE + 5)
    client = login(security_officer)

    first = client.get(URL)
    oldest_shown = first.context["events"][-1].pk
    second = client.get(URL, {"before": first.context["older_before"]})

    assert len(first.context["events"]) == PAGE_SIZE
    assert all(event.pk < oldest_shown for event in second.context["events"])


def test_htmx_filter_returns_only_the_list(login, security_officer):
    _events(2)
    response = login(security_officer).get(URL, {"family": 1}, headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<div id="event-list">')
    assert response["Vary"] == "HX-Request" or "HX-Request" in response["Vary"]


@pytest.mark.parametrize("events", [5, PAGE_SIZE + 20])
def test_query_count_does_not_grow_with_the_log(login, security_officer, events):
    _events(events)
    client = login(security_officer)
    client.get(URL)  # warm the session
    # session, user, roles, one page of events; then the log-access event: one INSERT, no
    # lock (the sealer chains it later).
    get_with_query_count(client, URL, expected=5)
