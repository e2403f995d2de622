"""How long a system's FHIR reads take at scale: a trajectory's CareTeam and a plan's
CarePlan (issue 18 target: p95 < 50 ms), through the whole stack (bearer token, rate limit,
the access policy for the organisation, the access-log event), in process through Django's
test client, like bench/pages.py.

    uv run python bench/run.py --families 200000 --skip-load   # generate samenspel_bench once
    uv run python bench/fhir_reads.py -n 200                   # then time the reads
    uv run python bench/fhir_reads.py --database-cache         # the fallback without Redis
    uv run python bench/fhir_reads.py --profile                # where one read's time goes

The cache is the deployment's (docs/DEPLOY.md: a shared Redis holds the rate limits): the
script starts its own `redis-server` on 127.0.0.1:`--redis-port` (6391), as
`deploy/cluster up` starts the cluster's (no persistence), passes it as
`SAMENSPEL_CACHE_URL` and stops it at the end; `--cache-url redis://…` uses a Redis that
already runs, `--database-cache` the fallback of a deployment without one (the
`samenspel_cache` table: six more queries a read).

It picks the open trajectory with the most plan versions (or `--trajectory`), registers an
API client for its coordinator's organisation with a throw-away key, gets a token the SMART
way, and times `-n` reads of `/fhir/CareTeam/{id}`, `/fhir/CarePlan/{id}`,
`/fhir/CarePlan/{id}/_history` and a page of 20 of the organisation's care teams
(`/fhir/CareTeam?_count=20`, and with both `_include`s) after 10 warm-up reads each. Per
read it measures the wall time, the CPU time of this process (Python, the driver and the
cache client: what the database's and Redis's own work and a busy machine's waiting do not
inflate) and the time spent in the database calls (psycopg's execute, round trip included).
It prints p50/p95/p99 and the load average (the machine is shared: compare runs only under
similar load). It reads; the only rows it writes are the access-log events of its reads, its
API client and its tokens. It never migrates: a database with unapplied migrations is
refused.
"""

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


@contextlib.contextmanager
def redis_server(port: int) -> Iterator[str]:
    """A redis-server of our own on 127.0.0.1:`port`, started as deploy/cluster.py starts
    the cluster's (no snapshots, no append-only file) and stopped afterwards."""
    from bench.load import _redis_answers

    url = f"redis://127.0.0.1:{port}/0"
    if _redis_answers(url):
        raise SystemExit(f"Something already answers on 127.0.0.1:{port}: pick --redis-port.")
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    server = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 10
        while not _redis_answers(url):
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"redis-server did not start on 127.0.0.1:{port}")
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/samenspel_bench"
    )
    parser.add_argument("-n", type=int, default=200, help="timed reads per URL")
    parser.add_argument("--trajectory", type=int, help="this trajectory instead of the pick")
    cache = parser.add_mutually_exclusive_group()
    cache.add_argument(
        "--database-cache",
        action="store_true",
        help="no Redis: the database cache (samenspel_cache), the fallback",
    )
    cache.add_argument("--cache-url", help="a Redis that already runs (redis://host:port/db)")
    parser.add_argument("--redis-port", type=int, default=6391, help="for the Redis we start")
    parser.add_argument("--profile", action="store_true", help="also cProfile -n reads of each URL")
    parser.add_argument("--top", type=int, default=25, help="functions shown by --profile")
    parser.add_argument(
        "--sort", default="cumulative", help="--profile's order: cumulative or tottime"
    )
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args()

    with contextlib.ExitStack() as stack:
        if args.database_cache:
            cache_url = ""
        elif args.cache_url:
            cache_url = args.cache_url
        else:
            cache_url = stack.enter_context(redis_server(args.redis_port))
        return run(args, cache_url)


def run(args: argparse.Namespace, cache_url: str) -> int:
    from bench.run import _environment

    os.environ.update(_environment(args.database_url))
    os.environ["SAMENSPEL_CACHE_URL"] = cache_url
    os.environ["SAMENSPEL_API_RATE"] = str(10 * args.n + 100)
    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print("The database has unapplied migrations: this script does not migrate it.")
        return 1
    settings.ALLOWED_HOSTS = ["testserver"]
    # A request log line per read, as in production, but into a file, not over the numbers.
    log_path = ROOT / "var" / "bench" / "fhir_reads.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_file = log_path.open("w")
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(log_file)
    from samenspel.api.models import SCOPES, ApiClient
    from samenspel.plans.models import Plan
    from samenspel.trajectories.models import Trajectory
    from tests.api.conftest import get_token, new_key, register

    if args.trajectory:
        trajectory = Trajectory.objects.get(pk=args.trajectory)
    else:
        plan = (
            Plan.objects.filter(trajectory__closed_on__isnull=True)
            .annotate(versions_count=Count("versions"))
            .order_by("-versions_count", "pk")
            .select_related("trajectory")
            .first()
        )
        if plan is None:
            print("No plan in this database: run bench/run.py first.")
            return 1
        trajectory = plan.trajectory
    place = trajectory.team_memberships.filter(role="coordinator").first()
    if place is None or place.organisation is None:
        print("The chosen trajectory has no coordinator's organisation.")
        return 1
    http = Client()
    key = new_key()
    ApiClient.objects.filter(name__startswith="bench ").delete()
    client, key = register(place.organisation, scopes=list(SCOPES), key=key, rate=10 * args.n)
    ApiClient.objects.filter(pk=client.pk).update(name=f"bench {client.pk}")

    def fresh_headers() -> dict[str, str]:
        # A token lives five minutes: a fresh one per URL, so a slow run is not cut off.
        token = get_token(
            http, client, key, "system/CareTeam.read system/CarePlan.read system/Practitioner.read"
        )
        return {"Authorization": f"Bearer {token['access_token']}"}

    sql_seconds = [0.0]

    def timed_sql(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_seconds[0] += time.perf_counter() - start

    urls = [
        f"/fhir/CareTeam/{trajectory.pk}",
        f"/fhir/CarePlan/{trajectory.pk}",
        f"/fhir/CarePlan/{trajectory.pk}/_history",
        # The search: a page of 20 of the organisation's care teams, then with the families
        # as Groups and the professionals (a fixed number of queries whatever the page holds).
        "/fhir/CareTeam?_count=20",
        "/fhir/CareTeam?_count=20&_include=CareTeam:subject&_include=CareTeam:participant",
    ]
    cache_name = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    results: dict = {
        "database": args.database_url.rsplit("/", 1)[-1],
        "cache": cache_name,
        "n": args.n,
        "trajectory": trajectory.pk,
        "load_before": os.getloadavg(),
        "urls": {},
    }
    print(f"trajectory {trajectory.pk}, cache {cache_name}, {args.n} reads per URL")
    for url in urls:
        headers = fresh_headers()
        for _ in range(10):
            assert http.get(url, headers=headers).status_code == 200, url
        wall, cpu, sql = [], [], []
        with connection.execute_wrapper(timed_sql):
            for _ in range(args.n):
                sql_seconds[0] = 0.0
                start, start_cpu = time.perf_counter(), time.process_time()
                response = http.get(url, headers=headers)
                wall.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
                sql.append(sql_seconds[0] * 1000)
                assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            http.get(url, headers=headers)
        row = {"queries": len(queries), "bytes": len(response.content)}
        if "?" in url:  # a search: how many teams, families and professionals it returned
            row["entries"] = len(response.json().get("entry", []))
        for name, values in (("wall", wall), ("cpu", cpu), ("sql", sql)):
            cuts = statistics.quantiles(values, n=100)
            row[name] = {
                "p50": round(cuts[49], 1),
                "p95": round(cuts[94], 1),
                "p99": round(cuts[98], 1),
            }
        results["urls"][url] = row
        print(
            f"{url:32} {len(queries):2} queries  "
            + "  ".join(
                f"{name} p50 {row[name]['p50']:5.1f} / p95 {row[name]['p95']:5.1f}"
                for name in ("wall", "cpu", "sql")
            )
            + " ms"
            + (f"  {row['entries']} entries" if "entries" in row else ""),
            flush=True,
        )
        if args.profile:
            profile(http, url, headers, args.n, args.top, args.sort)
    results["load_after"] = os.getloadavg()
    print(f"load average before {results['load_before']}, after {results['load_after']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


def profile(http, url: str, headers: dict[str, str], n: int, top: int, sort: str) -> None:
    # CPU time, not wall time: on a shared machine the waiting for a core is not the code's.
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(n):
        http.get(url, headers=headers)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats(sort).print_stats(top)
    print(out.getvalue())


if __name__ == "__main__":
    raise SystemExit(main())
