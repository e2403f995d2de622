"""Deploy checks: the seal keys are configured, and the application's PostgreSQL role can
neither own nor rewrite the access log's tables."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from samenspel.audit.checks import check_audit_grants, check_audit_keys, grant_problems
from samenspel.audit.keys import current_key, key_by_id, parse_keys, seal_keys

pytestmark = pytest.mark.django_db


def test_a_derived_key_is_a_deploy_warning(settings):
    settings.AUDIT_KEYS = []
    settings.DEMO_MODE = False
    assert [m.id for m in check_audit_keys(None)] == ["samenspel.audit.W001"]
    settings.AUDIT_KEYS = ["2026-12:" + "s" * 40]
    assert check_audit_keys(None) == []


def test_keys_are_read_newest_first_and_never_printed(settings):
    settings.AUDIT_KEYS = ["new:" + "n" * 32, "old:" + "o" * 32]

    assert [key.id for key in seal_keys()] == ["new", "old"]
    assert current_key().id == "new"
    assert key_by_id("old").secret == b"o" * 32
    assert "o" * 32 not in repr(seal_keys())


def test_a_derived_key_is_named_after_its_fingerprint(settings):
    settings.AUDIT_KEYS = []
    first = current_key().id
    settings.SECRET_KEY = "another-secret-key-" + "z" * 40
    assert current_key().id != first
    assert first.startswith("derived-")


@pytest.mark.parametrize(
    "entries",
    [
        ["no-separator"],
        ["bad id:" + "x" * 40],
        ["short:tooshort"],
        ["twice:" + "x" * 40, "twice:" + "y" * 40],
    ],
)
def test_bad_keys_are_refused(entries):
    with pytest.raises(ImproperlyConfigured):
        parse_keys(entries)


@pytest.mark.postgres
def test_grants_of_a_superuser_owner_are_refused():
    if connection.vendor != "postgresql":
        pytest.skip("database roles exist on PostgreSQL")
    with connection.cursor() as cursor:
        ids = [message.id for message in grant_problems(cursor)]
    # The test role owns both tables and may do anything with them.
    assert ids == ["samenspel.audit.E001", "samenspel.audit.E002"] * 2
    assert check_audit_grants(None)  # and the check connects and finds the same


@pytest.mark.postgres
def test_grants_as_documented_pass():
    if connection.vendor != "postgresql":
        pytest.skip("database roles exist on PostgreSQL")
    role = f"{connection.settings_dict['NAME']}_app"[:60]
    with connection.cursor() as cursor:
        # Inside the test's transaction: the role is gone again afterwards.
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
        cursor.execute(f'GRANT SELECT, INSERT ON audit_accessevent, audit_seal TO "{role}"')
        cursor.execute(f'SET LOCAL ROLE "{role}"')
        problems = grant_problems(cursor)
        cursor.execute("RESET ROLE")
        cursor.execute(f'GRANT UPDATE ON audit_seal TO "{role}"')
        cursor.execute(f'SET LOCAL ROLE "{role}"')
        too_much = grant_problems(cursor)
        cursor.execute("RESET ROLE")
    assert problems == []
    assert [m.id for m in too_much] == ["samenspel.audit.E002"]
    assert "UPDATE audit_seal" in too_much[0].msg


def test_an_unreachable_database_is_skipped(settings):
    from django.db import connections

    default = connections["default"]
    if default.vendor != "postgresql":
        pytest.skip("the grant check is for PostgreSQL")
    saved = default.settings_dict.copy()
    default.settings_dict.update({"HOST": "127.0.0.1", "PORT": "1"})
    try:
        assert check_audit_grants(None) == []
    finally:
        default.settings_dict.clear()
        default.settings_dict.update(saved)
