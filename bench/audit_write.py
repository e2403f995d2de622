"""What one access-log write costs, on SQLite and PostgreSQL.

    uv run python bench/audit_write.py                 # SQLite, a scratch file under var/bench
    uv run python bench/audit_write.py --postgres      # PostgreSQL: samenspel_bench_audit

`bench/run.py` calls `measure()` on the benchmark database (with its millions of events).
Each write runs in its own transaction, as in a request: the chain lock (PostgreSQL advisory
lock; SQLite's single writer), reading the chain head, hashing and the INSERT. The floor is the
same INSERT, without lock or chain, into a temporary copy of the table with the same indexes,
so the real log stays one unbroken chain.
"""

import argparse
import os
import statistics
import sys
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
    result = measure(args.n, verify=True)
    print(
        f"access-log write on {result['database']} ({args.n} writes, one transaction each, "
        f"{result['events_before']:,} events in the log)"
    )
    for label, key in (("with hash chain", "chained"), ("plain INSERT", "plain")):
        row = result[key]
        print(
            f"  {label + ':':18}p50 {row['p50_ms']:.3f} ms   p95 {row['p95_ms']:.3f} ms   "
            f"mean {row['mean_ms']:.3f} ms"
        )
    verify = result["verify"]
    print(
        f"  verify_audit_log: {verify['events']} events in {verify['seconds']:.2f} s "
        f"({verify['events_per_second']:,.0f} events/s); intact={verify['intact']}"
    )
    return 0


def measure(n: int = 2000, *, verify: bool = False) -> dict:
    """Time `n` chained writes and `n` plain INSERTs (the floor); optionally verify the chain."""
    import django
    from django.db import connection, transaction

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
    columns = [f.column for f in AccessEvent._meta.concrete_fields if not f.primary_key]
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
            previous_hash="0" * 64,
            hash=os.urandom(32).hex(),
        )
        values = [
            f.get_db_prep_save(getattr(event, f.attname), connection)
            for f in AccessEvent._meta.concrete_fields
            if not f.primary_key
        ]
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
        from samenspel.audit.verify import verify_chain

        start = time.perf_counter()
        report = verify_chain()
        seconds = time.perf_counter() - start
        result["verify"] = {
            "events": report.checked,
            "seconds": seconds,
            "events_per_second": report.checked / seconds if seconds else 0,
            "intact": report.intact,
        }
    return result


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
