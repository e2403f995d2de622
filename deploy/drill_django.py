"""The drill's steps that need Django (run in a subprocess with the cluster's environment,
so each step opens fresh connections: after a failover they find the new primary)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def prepare(count: int, out: str) -> None:
    from bench.load import WEIGHTS, prepare_users

    Path(out).write_text(json.dumps({"users": prepare_users(count), "weights": WEIGHTS}))


def count_events(requests_file: str) -> None:
    """Successful responses against access events with their request ids."""
    from samenspel.audit.models import AccessEvent

    data = json.loads(Path(requests_file).read_text())
    ok = data["ok"]
    found: set[str] = set()
    ids = [row["id"] for row in ok]
    for start in range(0, len(ids), 5000):
        found |= set(
            AccessEvent.objects.filter(request_id__in=ids[start : start + 5000]).values_list(
                "request_id", flat=True
            )
        )
    per_page: dict[str, dict[str, int]] = {}
    for row in ok:
        page = per_page.setdefault(row["page"], {"ok": 0, "logged": 0})
        page["ok"] += 1
        page["logged"] += row["id"] in found
    print(json.dumps(per_page))


def enqueue(count: int) -> None:
    from django.db import connection
    from drill_tasks import mark

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS drill_task_run"
            " (key text NOT NULL, worker_pid int NOT NULL, run_at timestamptz DEFAULT now())"
        )
        cursor.execute("TRUNCATE drill_task_run")
    for i in range(count):
        mark.enqueue(f"task-{i:05d}")


def task_runs(count: int, timeout: float) -> None:
    from django.db import connection

    deadline = time.monotonic() + timeout
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), count(DISTINCT key), count(DISTINCT worker_pid)"
                " FROM drill_task_run"
            )
            runs, keys, workers = cursor.fetchone()
        if keys >= count or time.monotonic() > deadline:
            break
        time.sleep(1)
    time.sleep(3)  # a duplicate run, if any, would land now
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(DISTINCT key), count(DISTINCT worker_pid) FROM drill_task_run"
        )
        runs, keys, workers = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM (SELECT key FROM drill_task_run GROUP BY key"
            " HAVING count(*) > 1) AS twice"
        )
        (twice,) = cursor.fetchone()
    print(
        json.dumps(
            {
                "enqueued": count,
                "runs": runs,
                "distinct": keys,
                "run_twice": twice,
                "worker_processes": workers,
            }
        )
    )


def write_markers(label: str, count: int) -> None:
    """Each marker its own committed transaction (an access event through audit.record)."""
    from samenspel import audit
    from samenspel.audit.models import EventType

    ids = [
        audit.record(EventType.READ, f"drill:{label}", actor=None, user_label="drill").pk
        for _ in range(count)
    ]
    print(json.dumps(ids))


def snapshot() -> None:
    """What the log holds now, with the server's clock: the restore must equal this."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT now(), count(*), max(id),"
            " md5(string_agg(hash, ',' ORDER BY id)) FROM audit_accessevent"
        )
        moment, count, max_id, digest = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM families_family")
        (families,) = cursor.fetchone()
    print(
        json.dumps(
            {
                "moment": moment.isoformat(),
                "events": count,
                "max_id": max_id,
                "digest": digest,
                "families": families,
            }
        )
    )


def contains(ids_json: str) -> None:
    from samenspel.audit.models import AccessEvent

    ids = json.loads(ids_json)
    print(AccessEvent.objects.filter(pk__in=ids).count())


if __name__ == "__main__":
    import django

    django.setup()
    step, *args = sys.argv[1:]
    {
        "prepare": lambda: prepare(int(args[0]), args[1]),
        "count_events": lambda: count_events(args[0]),
        "enqueue": lambda: enqueue(int(args[0])),
        "task_runs": lambda: task_runs(int(args[0]), float(args[1])),
        "write_markers": lambda: write_markers(args[0], int(args[1])),
        "snapshot": snapshot,
        "contains": lambda: contains(args[0]),
    }[step]()
