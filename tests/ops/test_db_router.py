"""The replica router: figures may read a replica; family files, writes and transactions never."""

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from samenspel.accounts.models import Role, RoleGrant
from samenspel.core import db_router
from samenspel.core.db_router import ReplicaRouter, replica_reads
from samenspel.families.models import Family
from tests.factories import NetworkFactory, make_user
from tests.factories.families import FamilyFactory

# Decided before any database fixture: on SQLite a second connection to the shared in-memory
# test database locks its tables, so the two-alias tests run on PostgreSQL only.
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="two live connections need PostgreSQL")

# Apps whose pages show or guard a family's file: never read from a replica.
PRIMARY_ONLY_APPS = ("families", "trajectories", "plans", "access", "audit", "accounts")


@pytest.fixture(autouse=True)
def _fresh_lag_check(monkeypatch):
    """A caught-up replica unless a test says otherwise; the lag query has its own test."""
    db_router.reset_replica_state()
    monkeypatch.setattr(db_router, "_replica_lag", lambda: 0.0)
    yield
    db_router.reset_replica_state()


def _db_inside_replica_view() -> str:
    @replica_reads
    def view() -> str:
        return Family.objects.all().db

    return view()


def test_without_a_replica_everything_reads_the_primary():
    assert _db_inside_replica_view() == "default"


@override_settings(REPLICA_READS=True)
def test_a_replica_view_reads_the_replica_and_writes_the_primary():
    assert _db_inside_replica_view() == "replica"
    assert ReplicaRouter().db_for_write(Family) == "default"
    assert Family.objects.all().db == "default"  # outside the decorated view


@override_settings(REPLICA_READS=True)
@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary():
    with transaction.atomic():
        assert _db_inside_replica_view() == "default"


@override_settings(REPLICA_READS=True, REPLICA_MAX_LAG_SECONDS=30)
def test_a_lagging_replica_sends_reads_to_the_primary(monkeypatch):
    monkeypatch.setattr(db_router, "_replica_lag", lambda: 31.0)
    assert _db_inside_replica_view() == "default"
    monkeypatch.setattr(db_router, "_replica_lag", lambda: 29.0)
    assert _db_inside_replica_view() == "default"  # the verdict holds for a few seconds
    db_router.reset_replica_state()
    assert _db_inside_replica_view() == "replica"


@override_settings(REPLICA_READS=True)
def test_an_unreachable_replica_sends_reads_to_the_primary(monkeypatch):
    def refuse() -> float:
        raise OperationalError("replica down")

    monkeypatch.setattr(db_router, "_replica_lag", refuse)
    assert _db_inside_replica_view() == "default"


@override_settings(REPLICA_READS=True)
@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_figures_page_reads_the_replica_and_the_family_file_the_primary(client):
    # Two connections to one database, the second seeing only committed rows: like a real
    # replica.
    network = NetworkFactory()
    adviser = make_user(Role.POLICY_ADVISER)
    RoleGrant.objects.filter(user=adviser).update(network=network)
    professional = make_user(Role.PROFESSIONAL)
    family = FamilyFactory(network=network)
    client.force_login(adviser)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get(reverse("analytics:overview"))
    assert response.status_code == 200
    assert network.name in response.text
    assert len(on_replica) > 0

    client.force_login(professional)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        client.get(reverse("families:family_detail", args=[family.pk]))
        client.get(reverse("families:family_list"))
    assert len(on_replica) == 0


def _views(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern, prefix + (pattern.namespace or "") + ":")
        elif isinstance(pattern, URLPattern):
            yield prefix + (pattern.name or ""), pattern.callback


def test_no_page_of_a_family_file_reads_a_replica():
    """Enumerated from the URL conf, so a new page cannot slip onto the replica unseen."""
    on_replica = {
        name
        for name, callback in _views(get_resolver())
        if getattr(callback, "reads_replica", False)
    }
    assert "analytics:overview" in on_replica
    for name in on_replica:
        module = next(c for n, c in _views(get_resolver()) if n == name).__module__
        assert not module.startswith(tuple(f"samenspel.{app}" for app in PRIMARY_ONLY_APPS))


@pytest.mark.postgres
@pytest.mark.django_db
def test_lag_query_reads_zero_on_a_primary():
    if connection.vendor != "postgresql":
        pytest.skip("replication functions exist on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute(db_router._LAG_SQL)
        assert float(cursor.fetchone()[0]) == 0


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db(databases=["default", "replica"])
def test_the_real_lag_check_reads_the_replica_alias(monkeypatch):
    monkeypatch.undo()  # the real _replica_lag
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert db_router._replica_lag() == 0
    assert "pg_is_in_recovery" in on_replica[0]["sql"]
