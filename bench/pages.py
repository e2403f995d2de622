"""Server time of the main pages, and each page's floor.

A page is timed in process through Django's test client, logged in as a realistic synthetic
user: everything a request costs except the network and gunicorn (middleware, the access
policy, the access-log write, the queries, the template). Its floor is the page's own SQL,
captured from one request and replayed raw through psycopg on a connection of its own: the
same data fetched with nothing around it. The ratio page/floor says how much the page adds
to what the database has to do anyway.

Only reads are replayed: a page's writes (the access-log event, the session touch) cannot run
twice (the event's hash is unique); their cost is measured on its own (`audit_write`).
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse


@dataclass
class Actors:
    """The synthetic people and objects a benchmark acts as and on."""

    user_id: int  # a professional who is also a network coordinator
    professional_id: int
    caseload: int  # their open care-team places
    family_id: int  # a family whose trajectory they coordinate
    trajectory_id: int
    network_id: int
    network_slug: str
    network_professionals: int
    search_term: str  # the start of a colleague's surname, for the directory


@dataclass
class Page:
    key: str
    title: str
    url: str
    note: str = ""


@dataclass
class PageResult:
    key: str
    title: str
    url: str
    requests: int = 0
    status: int = 0
    queries: int = 0
    reads: int = 0
    writes: int = 0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    cpu_p50_ms: float = 0.0
    floor_p50_ms: float = 0.0
    floor_p95_ms: float = 0.0
    ratio: float = 0.0
    note: str = ""
    error: str = ""
    slowest_queries: list[dict[str, Any]] = field(default_factory=list)


def percentile(samples: list[float], share: float) -> float:
    """Nearest-rank percentile (share 0..1) of unsorted samples."""
    ordered = sorted(samples)
    if not ordered:
        return 0.0
    rank = max(0, min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1))
    return ordered[rank]


def pick_actors(*, offset: int = 0) -> Actors:
    """A coordinator with a typical caseload (the median among network coordinators who
    coordinate open trajectories) and one of the families they coordinate, preferring one
    whose plan is being carried out. `offset` picks the next such person (the load test)."""
    return pick_many(1, offset=offset)[0]


def pick_many(count: int, *, offset: int = 0) -> list[Actors]:
    from django.db.models import Count, Q

    from samenspel.accounts.models import Role, RoleGrant
    from samenspel.network.models import Network, Professional
    from samenspel.trajectories.models import CareTeamMembership

    coordinators = RoleGrant.objects.filter(role=Role.COORDINATOR).values("user_id")
    open_places = Q(
        care_team_memberships__valid_until__isnull=True,
        care_team_memberships__trajectory__closed_on__isnull=True,
    )
    candidates = list(
        Professional.objects.filter(user_id__in=coordinators)
        .annotate(caseload=Count("care_team_memberships", filter=open_places))
        .filter(caseload__gt=0)
        .order_by("caseload", "pk")
        .values_list("pk", "user_id", "caseload")
    )
    if not candidates:
        raise SystemExit("No coordinator with open trajectories: generate more families.")
    middle = len(candidates) // 2
    # From the median outwards: typical caseloads first.
    order = sorted(range(len(candidates)), key=lambda i: (abs(i - middle), i))
    chosen: list[Actors] = []
    for index in order[offset:]:
        professional_id, user_id, caseload = candidates[index]
        places = CareTeamMembership.objects.filter(
            professional_id=professional_id,
            role="coordinator",
            valid_until__isnull=True,
            trajectory__closed_on__isnull=True,
        ).order_by("trajectory_id")
        fields = ("trajectory_id", "trajectory__family_id", "trajectory__network_id")
        # A plan being carried out shows the most on every page; else any open one.
        place = (
            places.filter(trajectory__phase="execution").values_list(*fields).first()
            or places.values_list(*fields).first()
        )
        if place is None:
            continue
        trajectory_id, family_id, network_id = place
        network = Network.objects.get(pk=network_id)
        surname = (
            Professional.objects.in_network(network).values_list("user__full_name", flat=True)
        ).first() or "a"
        chosen.append(
            Actors(
                user_id=user_id,
                professional_id=professional_id,
                caseload=caseload,
                family_id=family_id,
                trajectory_id=trajectory_id,
                network_id=network_id,
                network_slug=network.slug,
                network_professionals=Professional.objects.in_network(network).count(),
                search_term=surname.split()[-1][:4],
            )
        )
        if len(chosen) == count:
            break
    return chosen


def main_pages(actors: Actors) -> list[Page]:
    """The pages issue 7 names, for these actors; a page whose URL is not there (yet) is
    left out with a note, never faked."""
    wanted: list[tuple[str, str, Callable[[], str], str]] = [
        ("my_families", "My families (home)", lambda: reverse("core:home"), ""),
        (
            "family_file",
            "Family file",
            lambda: reverse("families:family_detail", args=[actors.family_id]),
            "",
        ),
        (
            "plan",
            "Family plan",
            lambda: reverse("plans:plan_detail", args=[actors.trajectory_id]),
            "",
        ),
        (
            "directory_search",
            "Directory search",
            lambda: (
                reverse("network:directory", args=[actors.network_slug])
                + f"?q={actors.search_term}"
            ),
            f"{actors.network_professionals:,} professionals in the network",
        ),
        (
            "team_matching",
            "Team matching",
            lambda: reverse("trajectories:compose", args=[actors.trajectory_id]),
            f"ranks the network's {actors.network_professionals:,} professionals",
        ),
        (
            "timeline",
            "Family timeline",
            lambda: reverse("trajectories:timeline", args=[actors.family_id]),
            "",
        ),
        (
            "closed",
            "Closed trajectories (Afgesloten)",
            lambda: reverse("trajectories:closed"),
            "the coordinator's closed help until its follow-up check",
        ),
        (
            "network_view",
            "Coordinator's network view",
            lambda: reverse("trajectories:network_overview") + f"?network={actors.network_id}",
            "",
        ),
    ]
    pages = []
    for key, title, url, note in wanted:
        try:
            pages.append(Page(key, title, url(), note))
        except NoReverseMatch:
            pages.append(Page(key, title, "", "not available: the URL does not exist yet"))
    return pages


def logged_in_client(user_id: int) -> Client:
    """A test client with a session as after a full login with the second factor."""
    from samenspel.accounts.models import User

    user = User.objects.get(pk=user_id)
    ensure_second_factor(user)
    client = Client()
    client.force_login(user)
    return client


def ensure_second_factor(user: Any) -> None:
    """Synthetic users enrol a TOTP authenticator like anyone else; the MFA rule stays."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())


def time_page(
    client: Client, page: Page, *, requests: int, warmup: int = 5, floor: bool = True
) -> PageResult:
    """Time `requests` GETs of the page after `warmup`; with `floor` (PostgreSQL) also replay
    its reads raw."""
    result = PageResult(page.key, page.title, page.url, note=page.note)
    if not page.url:
        result.error = page.note
        return result
    for _ in range(warmup):
        response = client.get(page.url)
    result.status = response.status_code
    if response.status_code != 200:
        result.error = f"HTTP {response.status_code}"
        return result
    with CaptureQueriesContext(connection) as captured:
        client.get(page.url)
    statements = [query["sql"] for query in captured.captured_queries]
    result.queries = len(statements)
    reads = [sql for sql in statements if _is_read(sql)]
    result.reads, result.writes = len(reads), len(statements) - len(reads)
    samples, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(page.url)
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    result.requests = requests
    # CPU time of this process (Django, templates, the driver): steadier than wall time on
    # a busy machine, and what the app itself costs apart from PostgreSQL.
    result.cpu_p50_ms = statistics.median(cpu)
    result.p50_ms = statistics.median(samples)
    result.p95_ms = percentile(samples, 0.95)
    result.p99_ms = percentile(samples, 0.99)
    if not floor:
        return result
    totals, slowest = replay(reads, repetitions=max(20, requests // 2))
    result.floor_p50_ms = statistics.median(totals)
    result.floor_p95_ms = percentile(totals, 0.95)
    result.ratio = result.p50_ms / result.floor_p50_ms if result.floor_p50_ms else 0.0
    result.slowest_queries = slowest
    return result


def _is_read(sql: str) -> bool:
    """A read to replay: not a write, not a row lock, not the access log's chain lock (part
    of the write, and replaying it would wait for a transaction holding it)."""
    head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
    upper = sql.upper()
    return head in {"SELECT", "WITH"} and " FOR UPDATE" not in upper and "PG_ADVISORY" not in upper


def replay(statements: list[str], *, repetitions: int) -> tuple[list[float], list[dict]]:
    """Run the statements raw through psycopg `repetitions` times; per repetition the total
    time in ms, and the three slowest statements (median ms each)."""
    import psycopg

    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    ) as raw:
        per_statement: list[list[float]] = [[] for _ in statements]
        totals = []
        for _ in range(repetitions):
            total = 0.0
            for index, sql in enumerate(statements):
                started = time.perf_counter()
                with raw.cursor() as cursor:
                    cursor.execute(sql.encode())  # already bound by Django: run as it ran
                    if cursor.description is not None:
                        cursor.fetchall()
                elapsed = (time.perf_counter() - started) * 1000
                per_statement[index].append(elapsed)
                total += elapsed
            totals.append(total)
    slowest = sorted(
        (
            {"ms": round(statistics.median(times), 3), "sql": sql[:600]}
            for sql, times in zip(statements, per_statement, strict=True)
        ),
        key=lambda item: -item["ms"],
    )[:3]
    return totals, slowest
