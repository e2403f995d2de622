"""Concurrent access-log appends on PostgreSQL must keep one chain.

Found by the cluster drill (deploy/drill.py): audit.log takes the chain lock and reads the head
in ONE statement, whose READ COMMITTED snapshot is taken before the lock is granted, so an
append that waited reads the head from before the previous holder's commit: two events with
one parent, and verify_audit_log reports the chain broken after ordinary concurrent load.
The access log's redesign (issue 20 section 1) belongs to another branch; this test stays
strict-xfail until it lands (then it passes and the marker must go)."""

import threading

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

from samenspel import audit
from samenspel.audit.models import EventType
from samenspel.audit.verify import verify_chain

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="row-level concurrency needs PostgreSQL")
@pytest.mark.xfail(strict=True, reason="audit.log reads the head in the locking statement")
@pytest.mark.django_db(transaction=True)
def test_appends_that_wait_for_the_chain_see_the_previous_head():
    holding = threading.Event()

    def slow_first() -> None:
        with transaction.atomic():
            audit.record(EventType.READ, "drill:first", actor=None, user_label="drill")
            holding.set()
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_sleep(0.5)")  # others queue on the chain lock
        connection.close()

    def waiting() -> None:
        holding.wait()
        audit.record(EventType.READ, "drill:next", actor=None, user_label="drill")
        connection.close()

    threads = [threading.Thread(target=slow_first)] + [
        threading.Thread(target=waiting) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    connections.close_all()
    report = verify_chain()
    assert report.intact, report
    assert report.checked == 5
