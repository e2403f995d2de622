"""How long ranking a care team takes over 20,000 professionals (target: under 50 ms on
PostgreSQL; DOMAIN.md §8 sizes a national deployment at 20,000 professionals).

    uv run python bench/matching.py                # PostgreSQL, database samenspel_bench_matching
    uv run python bench/matching.py --sqlite       # SQLite, a scratch file under var/bench
    uv run python bench/matching.py -p 5000 -n 50  # fewer professionals, fewer runs

It creates a scratch database (dropped and re-created each run), bulk-creates one network
with P professionals (hours, 1-3 expertise areas with levels, languages, areas, absences,
an existing caseload of care-team places), then times `matching.rank` (the SQL ranking
plus the explanation of the top 10) for a family that needs two kinds of expertise.

It prints the load average before and after the timed runs: the machine is shared, so
compare runs only under similar load (bench/README.md, "Team matching", has the history).
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument(
        "--url", default="postgres://postgres@127.0.0.1:5432/samenspel_bench_matching"
    )
    parser.add_argument("-p", "--professionals", type=int, default=20_000)
    parser.add_argument("-n", type=int, default=200, help="timed rankings")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args()

    os.environ["SAMENSPEL_SECRET_KEY"] = "bench-" + "x" * 50
    os.environ["SAMENSPEL_HTTPS"] = "false"
    if args.sqlite:
        path = ROOT / "var" / "bench" / "matching.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        os.environ["SAMENSPEL_DATABASE_URL"] = f"sqlite:///{path}"
    else:
        _create_database(args.url)
        os.environ["SAMENSPEL_DATABASE_URL"] = args.url
    os.environ["DJANGO_SETTINGS_MODULE"] = "samenspel.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"creating {args.professionals:,} professionals on {connection.vendor} …", flush=True)
    criteria = _populate(args.professionals)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    from samenspel.trajectories.matching import pairs, rank

    for _ in range(5):  # warm up
        rank(criteria)
    load_before = os.getloadavg()
    samples = []
    for _ in range(args.n):
        start = time.perf_counter()
        proposals = rank(criteria)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p50, p95 = statistics.median(samples), samples[int(len(samples) * 0.95)]
    p99 = samples[int(len(samples) * 0.99)]
    start = time.perf_counter()
    found = pairs(rank(criteria, limit=30), criteria)
    pair_ms = (time.perf_counter() - start) * 1000
    print(
        f"rank() over {args.professionals:,} professionals on {connection.vendor}, {args.n} runs:"
    )
    print(f"  p50 {p50:.1f} ms   p95 {p95:.1f} ms   (target p50 < 50 ms on PostgreSQL)")
    print(f"  walk-along pairs from the top 30: {pair_ms:.1f} ms, {len(found)} pairs")
    print(f"  best: {proposals[0].professional} score {proposals[0].score}")
    print(
        "  load average before/after: "
        + " ".join(f"{x:.2f}" for x in load_before)
        + " / "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    if args.json:
        numbers = {
            "professionals": args.professionals,
            "vendor": connection.vendor,
            "runs": args.n,
            "p50_ms": round(p50, 2),
            "p95_ms": round(p95, 2),
            "p99_ms": round(p99, 2),
            "pairs_ms": round(pair_ms, 2),
            "load_average_before": load_before,
            "load_average_after": os.getloadavg(),
        }
        args.json.write_text(json.dumps(numbers, indent=2) + "\n")
    return 0


def _populate(count: int):
    from django.db import transaction

    from samenspel.accounts.models import User
    from samenspel.families.models import Family
    from samenspel.network.models import (
        Absence,
        Area,
        Expertise,
        Language,
        Network,
        NetworkAssignment,
        Organisation,
        Professional,
        ProfessionalExpertise,
        Sector,
    )
    from samenspel.trajectories.matching import Criteria
    from samenspel.trajectories.models import CareTeamMembership, Trajectory

    rng = random.Random(7513)  # deterministic data set
    today = datetime.date.today()  # noqa: DTZ011 - a bench, not application code
    with transaction.atomic():
        sector = Sector.objects.get_or_create(code="bench", defaults={"name": "Bench"})[0]
        network = Network.objects.create(name="Bench", slug="bench-matching")
        organisations = Organisation.objects.bulk_create(
            [Organisation(name=f"Organisatie {i}", sector=sector) for i in range(200)]
        )
        expertise = [
            Expertise.objects.get_or_create(code=f"bench-{i}", defaults={"name": f"Expertise {i}"})[
                0
            ]
            for i in range(14)
        ]
        languages = [
            Language.objects.get_or_create(code=f"b{i}", defaults={"name": f"Taal {i}"})[0]
            for i in range(10)
        ]
        areas = Area.objects.bulk_create(
            [Area(name=f"Wijk {i}", municipality="Bench") for i in range(40)]
        )
        users = User.objects.bulk_create(
            [
                User(email=f"p{i}@bench.example", full_name=f"Professional {i}", password="!")  # noqa: S106 - an unusable password
                for i in range(count)
            ],
            batch_size=2000,
        )
        professionals = Professional.objects.bulk_create(
            [Professional(user=u, home_organisation=rng.choice(organisations)) for u in users],
            batch_size=2000,
        )
        NetworkAssignment.objects.bulk_create(
            [
                NetworkAssignment(
                    professional=p, network=network, hours_per_week=rng.choice([8, 16, 24, 32])
                )
                for p in professionals
            ],
            batch_size=2000,
        )
        ProfessionalExpertise.objects.bulk_create(
            [
                ProfessionalExpertise(professional=p, expertise=e, level=rng.randint(1, 3))
                for p in professionals
                for e in rng.sample(expertise, rng.randint(1, 3))
            ],
            batch_size=5000,
        )
        speaks = Professional.languages.through
        speaks.objects.bulk_create(
            [
                speaks(professional_id=p.pk, language_id=lang.pk)
                for p in professionals
                for lang in rng.sample(languages, rng.randint(1, 2))
            ],
            batch_size=5000,
        )
        works = Professional.areas.through
        works.objects.bulk_create(
            [
                works(professional_id=p.pk, area_id=a.pk)
                for p in professionals
                for a in rng.sample(areas, 2)
            ],
            batch_size=5000,
        )
        Absence.objects.bulk_create(
            [
                Absence(
                    professional=p,
                    kind="leave",
                    starts_on=today + datetime.timedelta(days=rng.randint(-10, 60)),
                    ends_on=today + datetime.timedelta(days=rng.randint(61, 90)),
                )
                for p in rng.sample(professionals, count // 10)
            ],
            batch_size=5000,
        )
        families = Family.objects.bulk_create(
            [Family(network=network, name=f"Gezin {i}") for i in range(count // 2)], batch_size=5000
        )
        trajectories = Trajectory.objects.bulk_create(
            [Trajectory(family=f, network=network, phase="execution") for f in families],
            batch_size=5000,
        )
        CareTeamMembership.objects.bulk_create(
            [
                CareTeamMembership(
                    trajectory=t,
                    professional=rng.choice(professionals),
                    role="specialist",
                    valid_from=today - datetime.timedelta(days=30),
                )
                for t in trajectories
                for _ in range(3)
            ],
            batch_size=5000,
        )
    family = families[0]
    return Criteria(
        network_id=network.pk,
        needed_expertise=(expertise[0].pk, expertise[3].pk),
        languages=(languages[2].pk,),
        area_id=areas[5].pk,
        preferred=(professionals[42].pk,),
        family_id=family.pk,
    )


def _create_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    sys.exit(main())
