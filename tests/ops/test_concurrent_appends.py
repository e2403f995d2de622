"""Concurrent access-log appends on PostgreSQL: none lost, none twice, one sealed chain.

The cluster drill (deploy/drill.py) found the old design's chain broken after ordinary
concurrent load: `audit.log` took the chain lock and read the head in one statement, whose
snapshot predated the lock, so appends that waited shared a parent. Appends now take no lock
and the sealer (`audit/seal.py`) chains committed events afterwards. This test writes from
several processes (each its own interpreter and connection, as gunicorn workers do) and
several threads at once, with a slow transaction that takes its id first and commits last,
while the sealer runs alongside as the worker runs it; then checks that every event is there
exactly once, in exactly one seal, that the chain verifies, and that a changed event is found.
"""

import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

from samenspel import audit
from samenspel.audit.models import AccessEvent, EventType, Seal
from samenspel.audit.seal import NOTHING, Snapshot, members, seal_pending
from samenspel.audit.verify import verify_chain
from tests.audit.helpers import raw

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
ROOT = Path(__file__).resolve().parents[2]
PROCESSES, THREADS, EACH = 3, 4, 30

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="concurrent writers need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

# One writer process: its own Django, its own connection to the test database; one event and
# one commit per transaction, as a request writes them.
WRITER = """
import sys
import django
django.setup()
from django.db import transaction
from samenspel import audit
from samenspel.audit.models import EventType
tag, count = sys.argv[1], int(sys.argv[2])
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.readline()  # every writer starts at once
for n in range(count):
    with transaction.atomic():
        audit.record(EventType.READ, "families.family.read", actor=None, family_id=n + 1,
                     user_label="drill", detail={"writer": tag, "n": n})
"""


def _write(tag: str, n: int) -> None:
    with transaction.atomic():
        audit.record(
            EventType.READ,
            "families.family.read",
            actor=None,
            family_id=n + 1,
            user_label="drill",
            detail={"writer": tag, "n": n},
        )


def _database_url() -> str:
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{user}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_processes() -> list[subprocess.Popen]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "SAMENSPEL_DATABASE_URL": _database_url(),
        "PYTHONPATH": str(ROOT),
    }
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, f"p{i}", str(EACH)],
            env=env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(PROCESSES)
    ]
    for process in processes:
        assert process.stdout.readline().strip() == "ready"
    return processes


def _sealed_ids() -> dict[int, int]:
    """Event id -> the seal that covers it, recomputed from the seals' snapshots, in seal
    order. Fails on an event covered twice."""
    sealed_in: dict[int, int] = {}
    before = NOTHING
    for seal in Seal.objects.order_by("id"):
        now = Snapshot.parse(seal.snapshot)
        covered = [row[0] for row in members(before, now)]
        assert len(covered) == seal.event_count
        for event_id in covered:
            assert sealed_in.setdefault(event_id, seal.pk) == seal.pk, event_id
        before = now
    return sealed_in


def test_appends_from_processes_and_threads_are_each_sealed_once_and_verify():
    processes = _start_processes()  # before any thread: nothing here forks
    connections.close_all()
    errors: list[BaseException] = []
    slow_id: list[int] = []
    slow_started, writers_done, stop = threading.Event(), threading.Event(), threading.Event()

    def guarded(body):
        def run(*args):
            try:
                body(*args)
            except BaseException as error:  # pragma: no cover - reported below
                errors.append(error)
            finally:
                connections.close_all()

        return run

    @guarded
    def slow() -> None:
        # Takes its id before everyone and commits after them: a lower id sealed later.
        with transaction.atomic():
            slow_id.append(
                audit.record(
                    EventType.READ, "families.family.read", actor=None, user_label="drill",
                    family_id=1, detail={"writer": "slow", "n": 0},
                ).pk
            )  # fmt: skip
            slow_started.set()
            writers_done.wait(timeout=60)

    @guarded
    def writer(index: int) -> None:
        slow_started.wait(timeout=30)
        for n in range(EACH):
            _write(f"t{index}", n)

    @guarded
    def sealer() -> None:
        while not stop.is_set():
            seal_pending()
            stop.wait(0.05)

    slow_thread = threading.Thread(target=slow)
    slow_thread.start()
    assert slow_started.wait(timeout=30)
    threads = [threading.Thread(target=writer, args=(i,)) for i in range(THREADS)]
    threads.append(threading.Thread(target=sealer))
    for thread in threads:
        thread.start()
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()
    for process in processes:
        process.stdin.close()
        assert process.wait(timeout=120) == 0
    for thread in threads[:-1]:
        thread.join(timeout=120)
    writers_done.set()
    slow_thread.join(timeout=60)
    stop.set()
    threads[-1].join(timeout=60)
    assert not errors, errors
    seal_pending()

    total = (PROCESSES + THREADS) * EACH + 1
    written = list(AccessEvent.objects.values_list("id", "detail"))
    tags = sorted((detail["writer"], detail["n"]) for _, detail in written)
    expected = sorted(
        [(f"p{i}", n) for i in range(PROCESSES) for n in range(EACH)]
        + [(f"t{i}", n) for i in range(THREADS) for n in range(EACH)]
        + [("slow", 0)]
    )
    assert tags == expected  # none lost, none twice
    sealed_in = _sealed_ids()
    assert sorted(sealed_in) == sorted(pk for pk, _ in written)  # each in exactly one seal
    # The slow event took its id before the others, yet an earlier seal holds higher ids.
    earlier = [pk for pk, seal in sealed_in.items() if seal < sealed_in[slow_id[0]]]
    assert earlier and max(earlier) > slow_id[0]
    report = verify_chain()
    assert report.intact, report.problem
    assert (report.checked, report.pending) == (total, 0)

    victim = sorted(sealed_in)[len(sealed_in) // 2]
    with transaction.atomic():
        raw("UPDATE audit_accessevent SET family_id = 999 WHERE id = %s", [victim])
    broken = verify_chain()
    assert not broken.intact
    assert "changed" in broken.problem
    assert broken.seal_id == sealed_in[victim]
