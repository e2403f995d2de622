"""/healthz is liveness (no database), /readyz is readiness (database, cache, migrations)."""

import pytest
from django.db import OperationalError

from samenspel.core import health


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any query, from the view or a middleware, raises here.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_reports_every_check(client, monkeypatch):
    monkeypatch.setattr(health, "_migrations_ready", False)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "migrations": "ok"},
    }


@pytest.mark.django_db
def test_readyz_is_unavailable_when_the_database_is_not(client, monkeypatch):
    def broken() -> str:
        raise OperationalError("connection to server at 10.0.0.1 failed: password=secret")

    monkeypatch.setattr(health, "_database", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error"
    assert "secret" not in response.text  # the error's text never reaches the prober


@pytest.mark.django_db
def test_readyz_is_unavailable_when_the_cache_is_not(client, monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda key: None)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"


@pytest.mark.django_db
def test_readyz_waits_for_unapplied_migrations(client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(health, "_migrations_ready", False)
    real_plan = MigrationExecutor.migration_plan

    def one_pending(self, targets, clean_start=False):  # type: ignore[no-untyped-def]
        assert real_plan(self, targets, clean_start) == []  # the test database is complete
        migration = self.loader.graph.nodes[("audit", "0001_initial")]
        return [(migration, False)]

    monkeypatch.setattr(MigrationExecutor, "migration_plan", one_pending)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "pending"
    assert health._migrations_ready is False
