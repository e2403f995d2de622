"""What access-log writes cost, on SQLite and PostgreSQL, and how many go in at once.

    uv run python bench/audit_write.py                 # SQLite, a scratch file under var/bench
    uv run python bench/audit_write.py --postgres      # PostgreSQL: samenspel_bench_audit
    uv run python bench/audit_write.py --postgres --seconds 3 --writers 1 8 32 --json out.json

`bench/run.py` calls `measure()` on the benchmark database (with its millions of events).
Each write runs in its own transaction, as in a request: `audit.record`, one INSERT without a
lock since the keyed seals (audit migration 0006). The floor is the same INSERT into a
temporary copy of the table with the same indexes.

With --postgres it also runs `concurrent()`: 1, 8 and 32 writers (threads, each with its own
connection, one event and one commit per transaction, as requests write them) for a few
seconds each, the old design and the new side by side:
- old: what `audit.record` did before 0006, reproduced on a copy of the table with the old
  schema (no xid, the unique index on the hash): the global advisory lock held to commit,
  the chain head read under it, SHA-256 over head and content, INSERT;
- new: the INSERT `audit.record` makes now, while the sealer (`seal_pending`, as the worker
  runs it) seals every 0.5 s in a thread of its own. Its lag is the time from an event's write
  to the seal that covers it; "drain" is how long the last seal took after the writers stopped;
- new_no_flush_wait: the same with `synchronous_commit = off` (not for production: it shows
  what part of a write is waiting for the WAL flush on this disk).
"""

import argparse
import hashlib
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--url", default="postgres://postgres@127.0.0.1:5432/samenspel_bench_audit")
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=3.0, help="per design and writer count")
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()

    os.environ["SAMENSPEL_SECRET_KEY"] = "bench-" + "x" * 50
    os.environ["SAMENSPEL_HTTPS"] = "false"
    if args.postgres:
        _create_database(args.url)
        os.environ["SAMENSPEL_DATABASE_URL"] = args.url
    else:
        path = ROOT / "var" / "bench" / "audit.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        os.environ["SAMENSPEL_DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "samenspel.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    result = measure(args.n)
    print(
        f"access-log write on {result['database']} ({args.n} writes, one transaction each, "
        f"{result['events_before']:,} events in the log)"
    )
    for label, key in (("audit.record", "chained"), ("plain INSERT", "plain")):
        row = result[key]
        print(
            f"  {label + ':':18}p50 {row['p50_ms']:.3f} ms   p95 {row['p95_ms']:.3f} ms   "
            f"mean {row['mean_ms']:.3f} ms"
        )
    if args.postgres:
        result["concurrent"] = concurrent(args.writers, args.seconds)
        _print_concurrent(result["concurrent"])
    from samenspel.audit.seal import seal_pending

    seal_pending()
    result["verify"] = _verify()
    verify = result["verify"]
    print(
        f"  verify_audit_log: {verify['events']} events in {verify['seconds']:.2f} s "
        f"({verify['events_per_second']:,.0f} events/s); intact={verify['intact']}"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, default=str) + "\n")
    return 0


def measure(n: int = 2000, *, verify: bool = False) -> dict:
    """Time `n` chained writes and `n` plain INSERTs (the floor); optionally verify the chain."""
    import django
    from django.db import connection, models, transaction

    from samenspel import audit
    from samenspel.accounts.models import Role, User
    from samenspel.audit.models import AccessEvent, EventType

    user = User.objects.filter(email="bench@example.nl").first() or User.objects.create_user(
        "bench@example.nl", "bench-password-123", roles=[Role.PROFESSIONAL], full_name="Bench"
    )
    user = User.objects.get(pk=user.pk)
    events_before = AccessEvent.objects.count()

    def write() -> None:
        with transaction.atomic():
            audit.record(
                EventType.READ,
                "families.family.read",
                actor=user,
                family_id=42,
                purpose="team collaboration",
                detail={"section": "plan"},
            )

    table = AccessEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE TEMPORARY TABLE IF NOT EXISTS bench_plain_events "
                f"(LIKE {table} INCLUDING ALL)"
            )
        else:
            # SQLite: the same columns without indexes (a temporary table cannot refer to
            # the main database's tables).
            cursor.execute("DROP TABLE IF EXISTS temp.bench_plain_events")
            cursor.execute(
                f"CREATE TEMPORARY TABLE bench_plain_events AS SELECT * FROM {table} WHERE 0"  # noqa: S608
            )
    fields = [
        f
        for f in AccessEvent._meta.concrete_fields
        if not f.primary_key and f.db_default is models.NOT_PROVIDED
    ]
    columns = [f.column for f in fields]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))

    def floor() -> None:
        event = AccessEvent(
            occurred_at=django.utils.timezone.now(),
            event_type="read",
            action="families.family.read",
            user=user,
            user_label=user.email,
            family_id=42,
            purpose="team collaboration",
            detail={"section": "plan"},
        )
        values = [f.get_db_prep_save(getattr(event, f.attname), connection) for f in fields]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO bench_plain_events ({quoted}) VALUES ({marks})",  # noqa: S608
                values,
            )

    for _ in range(50):  # warm up the connection and caches
        write()
        floor()
    chained = _time(write, n)
    plain = _time(floor, n)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_plain_events")
    result = {
        "database": connection.vendor,
        "writes": n,
        "events_before": events_before,
        "chained": chained,
        "plain": plain,
        "chain_overhead_ms": chained["p50_ms"] - plain["p50_ms"],
    }
    if verify:
        result["verify"] = _verify()
    return result


def _verify() -> dict:
    from samenspel.audit.verify import verify_chain

    start = time.perf_counter()
    report = verify_chain()
    seconds = time.perf_counter() - start
    return {
        "events": report.checked,
        "seals": report.seals,
        "seconds": seconds,
        "events_per_second": report.checked / seconds if seconds else 0,
        "intact": report.intact,
    }


_OLD_LOCK_KEY = 7513  # the constant the old audit.log used
_COLUMNS = (
    "occurred_at", "event_type", "action", "outcome", "user_id", "user_label", "acting_role",
    "acting_organisation_id", "acting_organisation", "family_id", "member_id", "object_type",
    "object_id", "purpose", "consent_id", "reason", "detail", "request_id", "client_ip",
)  # fmt: skip
_NEW_INSERT = (
    f"INSERT INTO audit_accessevent ({', '.join(_COLUMNS)}) "  # noqa: S608 - constants
    f"VALUES ({', '.join(['%s'] * len(_COLUMNS))}) RETURNING id"
)
_OLD_INSERT = (
    f"INSERT INTO bench_old_events ({', '.join(_COLUMNS)}, previous_hash, hash) "  # noqa: S608
    f"VALUES ({', '.join(['%s'] * (len(_COLUMNS) + 2))})"
)
_OLD_HEAD = (
    "SELECT pg_advisory_xact_lock(%s), (SELECT hash FROM bench_old_events ORDER BY id DESC LIMIT 1)"
)


def _old_table(cursor) -> None:
    """The access-log table as it was before audit migration 0006."""
    cursor.execute("DROP TABLE IF EXISTS bench_old_events")
    cursor.execute("CREATE TABLE bench_old_events (LIKE audit_accessevent INCLUDING ALL)")
    cursor.execute("ALTER TABLE bench_old_events DROP COLUMN xid")
    cursor.execute('ALTER TABLE bench_old_events ALTER COLUMN hash TYPE varchar(64) COLLATE "C"')
    cursor.execute("CREATE UNIQUE INDEX bench_old_events_hash ON bench_old_events (hash)")


def concurrent(writer_counts: list[int], seconds: float) -> dict:
    """Events/s and write latency with each number of writers, old design and new."""
    import psycopg
    from django.db import connection
    from django.utils import timezone

    from samenspel.accounts.models import User
    from samenspel.audit.models import GENESIS_HASH, canonical

    user = User.objects.get(email="bench@example.nl")
    params = connection.get_connection_params()
    with connection.cursor() as cursor:
        _old_table(cursor)

    def values(n: int) -> list:
        return [
            timezone.now(), "read", "families.family.read", "allowed",
            user.pk, user.email, "professional", None, "", n, None, "", "", "team collaboration",
            None, "", '{"section": "plan"}', os.urandom(16).hex(), "127.0.0.1",
        ]  # fmt: skip

    def write_new(conn, n: int) -> None:
        conn.execute(_NEW_INSERT, values(n))
        conn.commit()

    def write_old(conn, n: int) -> None:
        row = values(n)
        head = conn.execute(_OLD_HEAD, [_OLD_LOCK_KEY]).fetchone()[1] or GENESIS_HASH
        content = dict(zip(_COLUMNS, row, strict=True))
        content["occurred_at"] = row[0].isoformat()
        content["detail"] = {"section": "plan"}
        digest = hashlib.sha256(f"{head}|{canonical(content)}".encode()).hexdigest()
        conn.execute(_OLD_INSERT, [*row, head, digest])
        conn.commit()

    results: dict = {
        "seconds_per_run": seconds,
        "load_before": os.getloadavg(),
        "old": {},
        "new": {},
        "new_no_flush_wait": {},
    }
    for design, write in (
        ("old", write_old),
        ("new", write_new),
        ("new_no_flush_wait", write_new),
    ):
        for writers in writer_counts:
            results[design][writers] = _run(design, write, writers, seconds, params, psycopg)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_old_events")
    results["load_after"] = os.getloadavg()
    return results


def _run(design: str, write, writers: int, seconds: float, params: dict, psycopg) -> dict:
    from django.db import connections

    from samenspel.audit.models import Seal
    from samenspel.audit.seal import seal_pending

    connections_ = [psycopg.connect(**params) for _ in range(writers)]
    if design == "new_no_flush_wait":
        # Not for production: shows how much of a write is the WAL flush on this disk.
        for conn in connections_:
            conn.execute("SET synchronous_commit = off")
            conn.commit()
    latencies: list[list[float]] = [[] for _ in range(writers)]
    stop = threading.Event()
    first_seal = Seal.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def writer(index: int) -> None:
        conn, mine = connections_[index], latencies[index]
        n = 0
        while not stop.is_set():
            start = time.perf_counter()
            write(conn, n)
            mine.append(time.perf_counter() - start)
            n += 1

    def sealer() -> None:
        try:
            while not stop.is_set():
                seal_pending()
                stop.wait(0.5)
        finally:
            connections["default"].close()

    seal_pending()  # nothing left over from before
    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    if design != "old":
        threads.append(threading.Thread(target=sealer))
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    for conn in connections_:
        conn.close()
    samples = sorted(x * 1000 for mine in latencies for x in mine)
    result = {
        "writers": writers,
        "events": len(samples),
        "events_per_second": len(samples) / elapsed,
        "p50_ms": statistics.median(samples),
        "p95_ms": samples[int(len(samples) * 0.95)],
        "p99_ms": samples[int(len(samples) * 0.99)],
        "max_ms": samples[-1],
    }
    if design != "old":
        draining = time.perf_counter()
        seal_pending()
        result["drain_seconds"] = time.perf_counter() - draining
        result.update(_lag(first_seal))
    return result


def _lag(after_seal: int) -> dict:
    """Seconds from each event's write to the seal that covers it (the seals after
    `after_seal`), recomputed from the seals' snapshots."""
    from samenspel.audit.models import Seal
    from samenspel.audit.seal import NOTHING, Snapshot, members

    before = NOTHING
    previous = Seal.objects.filter(id__lte=after_seal).order_by("-id").first()
    if previous is not None:
        before = Snapshot.parse(previous.snapshot)
    lags = []
    seals = 0
    for seal in Seal.objects.filter(id__gt=after_seal).order_by("id"):
        now = Snapshot.parse(seal.snapshot)
        lags.extend((seal.sealed_at - row[2]).total_seconds() for row in members(before, now))
        before = now
        seals += 1
    lags.sort()
    if not lags:
        return {"seals": 0}
    return {
        "seals": seals,
        "lag_p50_s": statistics.median(lags),
        "lag_p95_s": lags[int(len(lags) * 0.95)],
        "lag_max_s": lags[-1],
    }


def _print_concurrent(result: dict) -> None:
    print(
        f"concurrent writers, {result['seconds_per_run']:.0f} s each "
        "(one event and one commit per transaction):"
    )
    print(
        "  design             writers  events/s   p50 ms   p95 ms   p99 ms   max ms   "
        "sealer lag p50/p95/max s"
    )
    for design in ("old", "new", "new_no_flush_wait"):
        for writers, row in result[design].items():
            lag = (
                f"{row['lag_p50_s']:.2f}/{row['lag_p95_s']:.2f}/{row['lag_max_s']:.2f} "
                f"({row['seals']} seals, drain {row['drain_seconds']:.2f} s)"
                if "lag_p50_s" in row
                else ""
            )
            print(
                f"  {design:17}  {writers:7}  {row['events_per_second']:8,.0f}  "
                f"{row['p50_ms']:7.2f}  {row['p95_ms']:7.2f}  {row['p99_ms']:7.2f}  "
                f"{row['max_ms']:7.1f}   {lag}"
            )


def _time(fn, n: int) -> dict:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "p50_ms": statistics.median(samples),
        "p95_ms": samples[int(len(samples) * 0.95)],
        "p99_ms": samples[int(len(samples) * 0.99)],
        "mean_ms": statistics.fmean(samples),
    }


def _create_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    sys.exit(main())
