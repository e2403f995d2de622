"""How long a system's FHIR reads take at scale: a trajectory's CareTeam and a plan's
CarePlan (issue 18 target: p95 < 50 ms), through the whole stack (bearer token, rate limit,
the access policy for the organisation, the access-log event), in process through Django's
test client, like bench/pages.py.

    uv run python bench/run.py --families 200000 --skip-load   # generate samenspel_bench once
    uv run python bench/fhir_reads.py                          # then time the reads
    uv run python bench/fhir_reads.py --database-url postgres://…/other -n 500

It picks the open trajectory with the most plan versions, registers an API client for
its coordinator's organisation with a throw-away key, gets a token the SMART way, and
times `-n` reads of `/fhir/CareTeam/{id}`, `/fhir/CarePlan/{id}` and
`/fhir/CarePlan/{id}/_history` after 10 warm-up reads each. It prints p50/p95/p99 and the
load average (the machine is shared: compare runs only under similar load).
"""

import argparse
import json
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
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/samenspel_bench"
    )
    parser.add_argument("-n", type=int, default=200, help="timed reads per URL")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args()

    os.environ["SAMENSPEL_SECRET_KEY"] = "bench-" + "x" * 50
    os.environ["SAMENSPEL_HTTPS"] = "false"
    os.environ["SAMENSPEL_DATABASE_URL"] = args.database_url
    os.environ["SAMENSPEL_API_RATE"] = str(10 * args.n + 100)
    os.environ["DJANGO_SETTINGS_MODULE"] = "samenspel.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    from samenspel.api.models import SCOPES, ApiClient
    from samenspel.plans.models import Plan
    from tests.api.conftest import get_token, new_key, register

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
        token = get_token(http, client, key, "system/CareTeam.read system/CarePlan.read")
        return {"Authorization": f"Bearer {token['access_token']}"}

    urls = [
        f"/fhir/CareTeam/{trajectory.pk}",
        f"/fhir/CarePlan/{trajectory.pk}",
        f"/fhir/CarePlan/{trajectory.pk}/_history",
    ]
    results = {"load_before": os.getloadavg(), "trajectory": trajectory.pk, "urls": {}}
    for url in urls:
        headers = fresh_headers()
        for _ in range(10):
            assert http.get(url, headers=headers).status_code == 200, url
        timings = []
        for _ in range(args.n):
            start = time.perf_counter()
            response = http.get(url, headers=headers)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code, response.content[:300])
        cuts = statistics.quantiles(timings, n=100)
        with CaptureQueriesContext(connection) as queries:
            http.get(url, headers=headers)
        results["urls"][url] = {
            "p50": round(cuts[49], 1),
            "p95": round(cuts[94], 1),
            "p99": round(cuts[98], 1),
            "queries": len(queries),
        }
        print(
            f"{url:40} p50 {cuts[49]:6.1f} ms  p95 {cuts[94]:6.1f} ms  p99 {cuts[98]:6.1f} ms"
            f"  {len(queries)} queries"
        )
    results["load_after"] = os.getloadavg()
    print(f"load average before {results['load_before']}, after {results['load_after']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
