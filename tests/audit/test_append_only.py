"""On PostgreSQL the database itself refuses to change or delete access-log rows."""

import pytest
from django.db import DatabaseError, connection, transaction

from samenspel import audit
from samenspel.audit.models import AccessEvent, EventType
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL")


@pytest.fixture
def event():
    return audit.record(EventType.READ, "families.family.read", actor=make_user(), family_id=1)


def test_update_is_refused(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).update(reason="covered up")


def test_delete_is_refused(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).delete()


def test_insert_still_works(event):
    audit.record(EventType.READ, "families.family.read", actor=None, family_id=2)
    assert AccessEvent.objects.count() == 2


def test_seals_cannot_be_changed_or_removed(event):
    from samenspel.audit.models import Seal
    from samenspel.audit.seal import seal_pending

    seal = seal_pending()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Seal.objects.filter(pk=seal.pk).update(hash="0" * 64)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Seal.objects.filter(pk=seal.pk).delete()


def test_the_transaction_id_is_the_database_default(event):
    """Each event carries the id of the transaction that wrote it, filled in by PostgreSQL."""
    event.refresh_from_db()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()::text::bigint")
        assert event.xid == cursor.fetchone()[0]
