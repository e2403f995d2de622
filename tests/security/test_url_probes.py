"""Probes an attacker sends to every URL of the URL conf: numbers no column can hold give a
clean 404 and a denied event (never a 500), and no response may be kept by a browser."""

import pytest
from django.test import Client

from samenspel.accounts.models import Role
from samenspel.audit.models import AccessEvent, Outcome
from tests.factories import make_user
from tests.security.urlconf import routes

pytestmark = pytest.mark.django_db

ROUTES = list(routes())
WITH_IDS = [route for route in ROUTES if route.int_params]


def test_the_url_conf_has_numbered_pages():
    assert len(WITH_IDS) > 40, "the enumeration finds the family, plan and meeting pages"


@pytest.mark.parametrize("number", [2**63, 2**64 + 7, 10**30])
def test_ids_no_column_can_hold_are_a_logged_404_on_every_url(number):
    client = Client(raise_request_exception=False)
    client.force_login(make_user(Role.COORDINATOR, Role.NETWORK_ADMIN, Role.SECURITY_OFFICER))
    for route in WITH_IDS:
        before = AccessEvent.objects.filter(action="core.url_id_out_of_range").count()
        path = route.path(number=number)
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            assert response.status_code == 404, (path, method, response.status_code)
        after = AccessEvent.objects.filter(
            action="core.url_id_out_of_range", outcome=Outcome.DENIED
        ).count()
        assert after == before + 2, f"{path}: the probe is in the access log"


def test_no_page_may_be_kept_by_a_browser_or_proxy(admin_of_everything=None):
    client = Client(raise_request_exception=False)
    client.force_login(make_user(Role.COORDINATOR, Role.NETWORK_ADMIN, Role.SECURITY_OFFICER))
    for route in ROUTES:
        if route.name.startswith("network:professional_photo"):
            continue  # a colleague's photo: private, cached a day on purpose
        response = client.get(route.path(number=1))
        if response.status_code == 500:
            continue  # not this test's concern; the fuzz suite reports server errors
        cache_control = response.get("Cache-Control", "")
        assert "no-store" in cache_control and "private" in cache_control, (
            route.name,
            response.status_code,
            cache_control,
        )
