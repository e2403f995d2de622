"""Where a main page spends its time: cProfile over N requests, on the benchmark database.

    uv run python bench/profile_page.py family_file            # after bench/run.py filled it
    uv run python bench/profile_page.py plan -n 50 --top 40
    uv run python bench/profile_page.py timeline --explain     # EXPLAIN ANALYZE its slowest query

Prints the functions with the most cumulative time, the time spent inside the database
driver against everything else, and optionally the plan of the page's slowest read.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("page")
    parser.add_argument("-n", type=int, default=30)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/samenspel_bench"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.run import _environment

    os.environ.update(_environment(args.database_url))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.pages import logged_in_client, main_pages, pick_actors, replay

    actors = pick_actors()
    pages = {page.key: page for page in main_pages(actors)}
    page = pages[args.page]
    client = logged_in_client(actors.user_id)
    for _ in range(5):
        client.get(page.url)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(args.n):
        client.get(page.url)
    profiler.disable()
    per_request = (time.perf_counter() - started) * 1000 / args.n
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    database = sum(
        row[2]
        for (filename, _line, _name), row in stats.stats.items()  # type: ignore[attr-defined]
        if "psycopg" in filename
    )
    stats.sort_stats("cumulative").print_stats(args.top)
    print(f"{page.title}: {per_request:.1f} ms a request under the profiler ({args.n} requests)")
    print(f"time inside psycopg (own time): {database / args.n * 1000:.1f} ms a request")
    print(out.getvalue())
    if args.explain:
        with CaptureQueriesContext(connection) as captured:
            client.get(page.url)
        reads = [
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].lstrip().upper().startswith("SELECT")
        ]
        _totals, slowest = replay(reads, repetitions=5)
        sql = next(q for q in reads if q.startswith(slowest[0]["sql"][:200]))
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            print(f"slowest read ({slowest[0]['ms']} ms):\n{sql}\n")
            print("\n".join(row[0] for row in cursor.fetchall()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
