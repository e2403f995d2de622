"""Appends do not wait for each other, and the sealer seals only what is committed for good:
PostgreSQL hands out ids before commit and commits in any order."""

import threading

import pytest
from django.db import connection

from samenspel.audit.models import AccessEvent, Seal
from samenspel.audit.seal import seal_pending
from samenspel.audit.verify import verify_chain

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

INSERT = """
INSERT INTO audit_accessevent (occurred_at, event_type, action, outcome, user_label,
    acting_role, acting_organisation, object_type, object_id, purpose, reason, detail,
    request_id, family_id)
VALUES (now(), 'read', 'families.family.read', 'allowed', '', '', '', '', '', '', '', '{}',
    '', %s)
RETURNING id
"""


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("out-of-order commits need several writers: PostgreSQL")


@pytest.fixture
def other_connection():
    import psycopg

    params = connection.get_connection_params()
    other = psycopg.connect(**params)
    yield other
    other.rollback()
    other.close()


def _append_now(family_id):
    with connection.cursor() as cursor:
        cursor.execute(INSERT, [family_id])
        return cursor.fetchone()[0]


def test_a_later_commit_of_a_lower_id_is_sealed_after_it_commits(other_connection):
    # A slow request takes its id first and has not committed yet ...
    with other_connection.cursor() as cursor:
        cursor.execute(INSERT, [1])
        slow_id = cursor.fetchone()[0]
    # ... while a quick one, with a higher id, commits: it did not wait for the slow one.
    quick_id = _append_now(2)
    assert quick_id > slow_id

    first = seal_pending()
    assert (first.event_count, first.first_event_id) == (1, quick_id)
    assert verify_chain().pending == 0  # the open transaction's event is not visible yet

    other_connection.commit()
    second = seal_pending()

    assert (second.event_count, second.first_event_id) == (1, slow_id)
    report = verify_chain()
    assert report.intact, report.problem
    assert report.checked == 2


def test_a_rolled_back_append_leaves_a_gap_that_still_verifies(other_connection):
    with other_connection.cursor() as cursor:
        cursor.execute(INSERT, [1])
    _append_now(2)
    other_connection.rollback()
    _append_now(3)

    seal_pending()

    assert Seal.objects.get().event_count == 2
    assert verify_chain().intact


def test_appends_from_many_threads_do_not_wait_and_all_get_sealed():
    from django.db import connections

    errors = []

    def writer(n):
        try:
            for i in range(20):
                _append_now(n * 100 + i)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    sealed = 0
    while any(thread.is_alive() for thread in threads):
        seal = seal_pending()  # seals while they write
        sealed += seal.event_count if seal else 0
    for thread in threads:
        thread.join()
    seal = seal_pending()
    sealed += seal.event_count if seal else 0

    assert not errors
    assert sealed == AccessEvent.objects.count() == 80
    assert verify_chain().intact
