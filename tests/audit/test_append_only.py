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
