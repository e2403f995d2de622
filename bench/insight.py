"""How fast the insight pages ("Wat werkt", issue 15) answer at scale: the page for one
network (target p95 < 500 ms) and the national overview over every network (p95 < 2 s), on
PostgreSQL, reading the pre-aggregated tables that the task system rebuilds.

    uv run python bench/insight.py --families 20000                  # samenspel_bench_insight
    uv run python bench/insight.py --reuse -n 20                     # measure again
    uv run python bench/insight.py --reuse --refresh --networks 200  # the national overview

The families, trajectories, care teams, closures, evaluations and ZRM scores come from the
national generator (`python -m bench.generator`); this script then writes what the insight pages
need on top, by PostgreSQL itself (INSERT … SELECT over generate_series): a tariff per
organisation, the profile of every trajectory past team composition (each network's default
profile set), and `--entries` time entries per trajectory spread over its life, direct and
indirect, booked by its first care-team member for their organisation. 1 M families with 100
entries per trajectory is the issue's ~100 M. It times the refresh (`refresh_insight_figures`,
every network) and then the two pages through the test client as a policy adviser with a
deployment-wide grant.

The national overview: the generator makes one network per 5,000 families, so national scale
is about 200 networks of the size one network has here. Generating 1 M families takes hours on
a shared 2-core machine; the overview reads only the pre-aggregated tables (the closures of one
quarter, the stored audits, the refresh times, the profile sets), so `--networks K` copies the
generated networks' aggregate rows into K networks in all (a network row each, its default
profile set, its result rows under trajectory ids offset by a billion, its stored audits; the
copies' foreign keys to trajectories are not checked: `session_replication_role = replica`).
That gives the overview the national number of rows to read; the raw tables stay this size.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
URL = "postgres://postgres@127.0.0.1:5432/samenspel_bench_insight"
ACTIVITIES = [
    "family_contact",
    "walk_along",
    "mdo",
    "consultation",
    "travel",
    "reporting",
    "reflection",
]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--url", default=URL)
    parser.add_argument("--families", type=int, default=20000)
    parser.add_argument("--entries", type=int, default=100, help="time entries per trajectory")
    parser.add_argument("-n", type=int, default=30, help="timed loads per page")
    parser.add_argument("--reuse", action="store_true", help="measure the last generated data")
    parser.add_argument(
        "--refresh", action="store_true", help="with --reuse: migrate and refresh first"
    )
    parser.add_argument(
        "--networks", type=int, default=0, help="copy the aggregate rows up to K networks"
    )
    args = parser.parse_args()

    os.environ["SAMENSPEL_SECRET_KEY"] = "bench-" + "x" * 50
    os.environ["SAMENSPEL_HTTPS"] = "false"
    os.environ["SAMENSPEL_ALLOWED_HOSTS"] = "testserver"
    if not args.reuse:
        _create_database(args.url)
    os.environ["SAMENSPEL_DATABASE_URL"] = args.url
    os.environ["DJANGO_SETTINGS_MODULE"] = "samenspel.settings"
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))  # bench.generator
    import django

    django.setup()
    from django.core.management import call_command

    from bench.generator.generate import generate

    if not args.reuse:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("collectstatic", verbosity=0, interactive=False)
        generate(args.families)
        print(f"generated {args.families:,} families in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        _time_and_profiles(args.entries)
        print(f"time entries and profiles in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        from samenspel.insight.tasks import refresh_insight_figures

        refresh_insight_figures.call()
        print(f"refresh of every network in {time.perf_counter() - started:.1f} s", flush=True)
    elif args.refresh:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        from samenspel.insight.tasks import refresh_insight_figures

        refresh_insight_figures.call()
        print(f"refresh of every network in {time.perf_counter() - started:.1f} s", flush=True)
    if args.networks:
        started = time.perf_counter()
        _copy_networks(args.networks)
        print(f"aggregate rows copied in {time.perf_counter() - started:.1f} s", flush=True)
    return _measure(args.n)


def _copy_networks(wanted: int) -> None:
    """Copies of the generated networks' aggregate rows, up to `wanted` networks with rows."""
    from django.db import connection, transaction

    from samenspel.insight.models import AggregateRefresh, QuarterTime, TrajectoryResult
    from samenspel.insight.profiles import current_set
    from samenspel.network.models import Network

    sources = list(
        TrajectoryResult.objects.values_list("network_id", flat=True).distinct().order_by()
    )
    have = len(sources)
    result_columns = [f.column for f in TrajectoryResult._meta.concrete_fields if f.column != "id"]
    time_columns = [f.column for f in QuarterTime._meta.concrete_fields if f.column != "id"]

    def select(columns: list[str], replace: dict[str, str]) -> str:
        return ", ".join(replace.get(c, c) for c in columns)

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL session_replication_role = replica")
        for k in range(have, wanted):
            source = sources[k % have]
            copy = Network.objects.create(name=f"Kopie {k}", slug=f"bench-kopie-{k}")
            current_set(copy.pk)
            cur.execute(
                f"""INSERT INTO insight_trajectoryresult ({", ".join(result_columns)})
                    SELECT {
                    select(
                        result_columns,
                        {
                            "trajectory_id": "trajectory_id + %s",
                            "network_id": "%s",
                        },
                    )
                }
                    FROM insight_trajectoryresult WHERE network_id = %s""",  # noqa: S608 (the model's column names)
                [k * 1_000_000_000, copy.pk, source],
            )
            cur.execute(
                f"""INSERT INTO insight_quartertime ({", ".join(time_columns)})
                    SELECT {select(time_columns, {"network_id": "%s"})}
                    FROM insight_quartertime WHERE network_id = %s""",  # noqa: S608 (the model's column names)
                [copy.pk, source],
            )
            cur.execute(
                """INSERT INTO insight_auditedcells (network_id, quarter, digest, cells)
                   SELECT %s, quarter, digest, cells FROM insight_auditedcells
                   WHERE network_id = %s""",
                [copy.pk, source],
            )
            AggregateRefresh.objects.create(network=copy)
    with connection.cursor() as cur:
        cur.execute("ANALYZE insight_trajectoryresult")
        cur.execute("ANALYZE insight_auditedcells")


def _time_and_profiles(per_trajectory: int) -> None:
    from django.db import connection

    from samenspel.insight.profiles import current_set
    from samenspel.network.models import Network

    for network in Network.objects.all():
        current_set(network.pk)
    with connection.cursor() as cur:
        cur.execute(
            """INSERT INTO insight_tariff (organisation_id, hourly_rate, indirect_hourly_rate,
                   valid_from)
               SELECT o.id, 80 + 5 * (o.id % 6), 70 + 5 * (o.id % 4), DATE '2000-01-01'
               FROM network_organisation o
               WHERE NOT EXISTS (SELECT 1 FROM insight_tariff t WHERE t.organisation_id = o.id)"""
        )
        cur.execute(
            """WITH sets AS (
                 SELECT s.network_id, array_agg(p.id ORDER BY p.position) AS ids
                 FROM insight_profile p JOIN insight_profileset s ON s.id = p.profile_set_id
                 GROUP BY s.network_id)
               INSERT INTO insight_trajectoryprofile (trajectory_id, profile_id, basis,
                   classified_on)
               SELECT t.id, sets.ids[1 + (t.id * 7 + t.network_id) % array_length(sets.ids, 1)],
                   '{}'::jsonb, t.opened_on
               FROM trajectories_trajectory t JOIN sets ON sets.network_id = t.network_id
               WHERE t.phase NOT IN ('registration', 'team_composition')
               ON CONFLICT DO NOTHING"""
        )
        cur.execute("SELECT min(id), max(id) FROM trajectories_trajectory")
        low, high = cur.fetchone()
        step = 20000
        for start in range(low or 0, (high or -1) + 1, step):
            cur.execute(
                """INSERT INTO insight_timeentry (professional_id, trajectory_id,
                       organisation_id, network_id, worked_on, minutes, activity, direct,
                       source, external_id, version, created_at)
                   SELECT m.professional_id, t.id, m.organisation_id, t.network_id,
                       t.opened_on + ((COALESCE(t.closed_on, CURRENT_DATE) - t.opened_on)
                           * g / %s),
                       15 + (t.id * 7 + g * 13) %% 90,
                       (%s::text[])[1 + (t.id + g) %% 7],
                       (t.id + g) %% 7 < 2, 'import', '', 1, now()
                   FROM trajectories_trajectory t
                   JOIN LATERAL (
                       SELECT c.professional_id, c.organisation_id
                       FROM trajectories_careteammembership c
                       WHERE c.trajectory_id = t.id AND c.professional_id IS NOT NULL
                         AND c.organisation_id IS NOT NULL
                       ORDER BY c.id LIMIT 1) m ON TRUE
                   CROSS JOIN generate_series(1, %s) g
                   WHERE t.id >= %s AND t.id < %s""",
                [per_trajectory, ACTIVITIES, per_trajectory, start, start + step],
            )
        cur.execute("ANALYZE insight_timeentry")
        cur.execute("ANALYZE insight_trajectoryprofile")


def _measure(runs: int) -> int:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from samenspel.accounts.models import Role, RoleGrant, User
    from samenspel.insight.models import AuditedCells, TimeEntry, TrajectoryResult

    user = User.objects.filter(email="beleid@bench.test").first()
    if user is None:
        user = User.objects.create_user("beleid@bench.test", "x", full_name="Beleid")
        TOTP.activate(user, generate_totp_secret())
        RoleGrant.objects.create(user=user, role=Role.POLICY_ADVISER, network=None)
    biggest = (
        TrajectoryResult.objects.values("network_id").annotate(n=Count("id")).order_by("-n").first()
    )
    network_id = biggest["network_id"] if biggest else None
    with connection.cursor() as cur:
        cur.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'insight_timeentry'")
        entries = cur.fetchone()[0]
    print(
        f"time entries: ~{entries:,}; closed trajectories: {TrajectoryResult.objects.count():,}; "
        f"networks: {TrajectoryResult.objects.values('network_id').distinct().count()}; "
        f"stored audits: {AuditedCells.objects.count()}"
    )
    del TimeEntry
    client = Client()
    client.force_login(user)
    pages = [
        ("one network", reverse("insight:effect") + f"?network={network_id}", 500),
        ("national overview", reverse("insight:effect_overview"), 2000),
    ]
    failed = 0
    for label, url, target in pages:
        for _ in range(3):  # warm caches and the compiled templates
            assert client.get(url).status_code == 200
        # Counted by an execute wrapper: the query log is emptied at each request's start
        # (`reset_queries`), so CaptureQueriesContext around a client request counts 0.
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):  # type: ignore[no-untyped-def]
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url)
        timings = []
        cpu = []
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200
        timings.sort()
        p95 = timings[int(0.95 * (len(timings) - 1))]
        print(
            f"{label}: {runs} loads, {len(queries)} queries: p50 "
            f"{statistics.median(timings):.0f} ms, p95 {p95:.0f} ms (this process's CPU p50 "
            f"{statistics.median(cpu):.0f} ms); target p95 < {target} ms: "
            + ("met" if p95 < target else "MISSED"),
            flush=True,
        )
        failed += p95 >= target
    from django.utils import timezone

    print("measured on", timezone.now().isoformat(timespec="minutes"))
    return 1 if failed else 0


def _create_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    sys.exit(main())
