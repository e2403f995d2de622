"""How fast one network's collaboration results page answers at national scale (target:
p95 under 200 ms on PostgreSQL). DOMAIN.md §8 and issue 14 size it at 200 networks x 40
organisations x 300 professionals with 5 years of monthly rounds.

    uv run python bench/collaboration_results.py            # PostgreSQL, samenspel_bench_collab
    uv run python bench/collaboration_results.py -n 50 --other-networks 5

Only what the page reads is generated: the measured network in full (40 organisations, 300
professionals, 60 monthly barometer rounds, about 70% answering all 14 dimensions) and, so
that the indexes have to pick the network out of a larger table, `--other-networks` more
networks with the same shape of rounds (default 20; the page's queries never read them).
Rows are written by PostgreSQL itself (INSERT … SELECT over generate_series), so the set-up
takes well under a minute. The page is fetched through the test client with a logged-in
network coordinator: middleware, the menu, the four result queries and the two SVG charts.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORGS, PEOPLE, ROUNDS = 40, 300, 60


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--url", default="postgres://postgres@127.0.0.1:5432/samenspel_bench_collab"
    )
    parser.add_argument("-n", type=int, default=200, help="timed page loads")
    parser.add_argument("--other-networks", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="measure the last generated data")
    args = parser.parse_args()

    os.environ["SAMENSPEL_SECRET_KEY"] = "bench-" + "x" * 50
    os.environ["SAMENSPEL_HTTPS"] = "false"
    os.environ["SAMENSPEL_ALLOWED_HOSTS"] = "testserver"
    if not args.reuse:
        _create_database(args.url)
    os.environ["SAMENSPEL_DATABASE_URL"] = args.url
    os.environ["DJANGO_SETTINGS_MODULE"] = "samenspel.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    if args.reuse:
        from samenspel.accounts.models import User
        from samenspel.network.models import Network

        call_command("migrate", verbosity=0)
        network = Network.objects.get(slug="netwerk-0")
        _freeze(network)
        return _measure(network, User.objects.get(email="trekker@bench.test"), args.n)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    print(f"migrated in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    network, user = _generate(args.other_networks)
    print(f"generated in {time.perf_counter() - started:.1f} s", flush=True)
    return _measure(network, user, args.n)


def _generate(others: int):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.db import connection

    from samenspel.accounts.models import Role, RoleGrant, User
    from samenspel.collaboration.loader import SHIPPED_DIR, load_instruments
    from samenspel.collaboration.models import Instrument
    from samenspel.network.models import Network, Sector

    load_instruments([SHIPPED_DIR])
    barometer = Instrument.objects.get(code="samenwerkingsbarometer", is_current=True)
    sector = Sector.objects.first() or Sector.objects.create(code="jeugdhulp", name="Jeugdhulp")
    coordinator = User.objects.create_user("trekker@bench.test", "x", full_name="Trekker")
    TOTP.activate(coordinator, generate_totp_secret())
    today = datetime.date.today()  # noqa: DTZ011 - relative dates for a scratch database
    measured = None
    for n in range(others + 1):
        network = Network.objects.create(name=f"Netwerk {n}", slug=f"netwerk-{n}")
        measured = measured or network
        with connection.cursor() as cur:
            cur.execute(
                "INSERT INTO network_organisation (name, sector_id, country, region, website,"
                " description, email, phone, version)"
                " SELECT %s || '-' || g, %s, 'NL', '', '', '', '', '', 1"
                " FROM generate_series(1, %s) g",
                [f"Organisatie {n}", sector.pk, ORGS],
            )
            cur.execute(
                "INSERT INTO network_networkmembership (network_id, organisation_id, role,"
                " valid_from) SELECT %s, id, 'partner', %s FROM network_organisation"
                " WHERE name LIKE %s",
                [network.pk, today, f"Organisatie {n}-%"],
            )
            cur.execute(
                "INSERT INTO accounts_user (password, email, full_name, is_active, is_staff,"
                " is_superuser, date_joined, language) SELECT '!',"
                " 'p' || g || '-' || %s || '@bench.test', 'Prof ' || g, true, false, false, now(),"
                " 'nl' FROM generate_series(1, %s) g",
                [n, PEOPLE],
            )
            cur.execute(
                "INSERT INTO network_professional (user_id, home_organisation_id, job_title,"
                " introduction, phone, contact_email, version)"
                " SELECT u.id, (SELECT min(id) FROM network_organisation WHERE name LIKE %s)"
                " + (u.id %% %s), '', '', '', '', 1 FROM accounts_user u"
                " WHERE u.email LIKE %s",
                [f"Organisatie {n}-%", ORGS, f"%-{n}@bench.test"],
            )
            cur.execute(
                "INSERT INTO collaboration_round (network_id, instrument_id, title, opens_on,"
                " deadline, closed_at, opened_by_id, created_at)"
                " SELECT %s, %s, 'Ronde ' || g, %s::date - g * 30, %s::date - g * 30 + 14,"
                " now(), %s, now() FROM generate_series(1, %s) g",
                [network.pk, barometer.pk, today, today, coordinator.pk, ROUNDS],
            )
            cur.execute(
                "INSERT INTO collaboration_invitation (round_id, professional_id,"
                " organisation_id, invited_at) SELECT r.id, p.id, p.home_organisation_id, now()"
                " FROM collaboration_round r JOIN network_professional p"
                " ON p.user_id IN (SELECT id FROM accounts_user WHERE email LIKE %s)"
                " WHERE r.network_id = %s",
                [f"%-{n}@bench.test", network.pk],
            )
            cur.execute(
                "INSERT INTO collaboration_response (round_id, invitation_id, organisation_id,"
                " submitted_at, version) SELECT i.round_id, i.id, i.organisation_id, now(), 1"
                " FROM collaboration_invitation i JOIN collaboration_round r ON r.id = i.round_id"
                " WHERE r.network_id = %s AND (i.id * 7 + i.round_id) %% 10 < 7",
                [network.pk],
            )
            cur.execute(
                "INSERT INTO collaboration_answer (response_id, round_id, organisation_id,"
                " item_id, value, text) SELECT s.id, s.round_id, s.organisation_id, it.id,"
                " 1 + ((s.id * 31 + it.id * 17) %% 5), '' FROM collaboration_response s"
                " JOIN collaboration_round r ON r.id = s.round_id"
                " CROSS JOIN collaboration_instrumentitem it"
                " WHERE r.network_id = %s AND it.instrument_id = %s",
                [network.pk, barometer.pk],
            )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    RoleGrant.objects.create(user=coordinator, role=Role.NETWORK_COORDINATOR, network=measured)
    _freeze(measured)
    return measured, coordinator


def _freeze(network) -> None:  # type: ignore[no-untyped-def]
    """What closing each round did in a deployment: its figures frozen (`RoundFigure`)."""
    from samenspel.collaboration.models import Round
    from samenspel.collaboration.results import freeze_figures

    started = time.perf_counter()
    rounds = list(Round.objects.filter(network=network, figures_at__isnull=True))
    for round_ in rounds:
        freeze_figures([round_])
    print(f"froze {len(rounds)} rounds in {time.perf_counter() - started:.1f} s", flush=True)


def _measure(network, user, runs: int) -> int:
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from samenspel.collaboration.models import Answer

    # A request empties the query log when it starts; keep what it runs countable.
    request_started.disconnect(reset_queries)
    client = Client()
    client.force_login(user)
    url = reverse("collaboration:results", args=[network.slug])
    for _ in range(5):  # warm caches and the compiled templates
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    timings, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200
    timings.sort()
    sql = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    # On a shared machine the wall clock carries everyone's load; the page's own CPU time
    # (Python) and its SQL time say what the page costs.
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"per page: Python CPU p50 {statistics.median(cpu):.1f} ms, SQL {sql:.1f} ms (one load)")
    p95 = timings[int(0.95 * (len(timings) - 1))]
    total = Answer.objects.count()
    print(f"answers in the table: {total:,}; queries per page: {len(queries)}")
    print(
        f"results page, {runs} loads: p50 {statistics.median(timings):.1f} ms, "
        f"p95 {p95:.1f} ms, p99 {timings[int(0.99 * (len(timings) - 1))]:.1f} ms"
    )
    print("target p95 < 200 ms:", "met" if p95 < 200 else "MISSED")
    return 0 if p95 < 200 else 1


def _create_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    sys.exit(main())
