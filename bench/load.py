"""Throughput and errors of a mixed read workload against `samenspel serve` (gunicorn), on
127.0.0.1 only, with locust driving N concurrent simulated users for a fixed time.

The simulated users are synthetic coordinators from the generated data. Each gets a session
minted directly in the session store, exactly as a login with password and second factor
leaves it (user id, backend, password hash); the MFA rule is not bypassed: every one of them
has a TOTP authenticator, which the MFA middleware checks as for anyone. No password is
typed, none exists (synthetic users cannot log in).
"""

from __future__ import annotations

import csv
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Production runs with a shared cache (sessions, TOTP replay protection, rate limits): the
# server under load gets one too, a Redis database of its own (SAMENSPEL_BENCH_CACHE_URL).
CACHE_URL = os.environ.get("SAMENSPEL_BENCH_CACHE_URL", "redis://127.0.0.1:6379/7")

# The mix: how often a simulated user opens each page (a working day's proportions: the
# home page and family files most, the matching and the network view least).
WEIGHTS = {
    "my_families": 4,
    "family_file": 4,
    "plan": 3,
    "timeline": 2,
    "directory_search": 2,
    "network_view": 1,
    "team_matching": 1,
}


def mint_session(user: Any) -> str:
    """A session key for `user` as `django.contrib.auth.login` would have stored it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save(must_create=True)
    return str(store.session_key)


def prepare_users(count: int) -> list[dict[str, Any]]:
    """`count` synthetic coordinators with sessions and their pages."""
    from django.conf import settings

    from bench.pages import ensure_second_factor, main_pages, pick_many
    from samenspel.accounts.models import User

    users = []
    for actors in pick_many(count):
        user = User.objects.get(pk=actors.user_id)
        ensure_second_factor(user)
        pages = {page.key: page.url for page in main_pages(actors) if page.url}
        users.append(
            {
                "cookie_name": settings.SESSION_COOKIE_NAME,
                "session": mint_session(user),
                "pages": pages,
            }
        )
    return users


def run_load(
    *,
    users: int,
    seconds: int,
    port: int,
    env: dict[str, str],
    workers: int,
    threads: int,
) -> dict[str, Any]:
    """Start the server, run locust headless, stop the server; the aggregated numbers."""
    cache = CACHE_URL if _redis_answers(CACHE_URL) else ""
    if not cache:
        print(f"load: no Redis at {CACHE_URL}; the server runs without a shared cache")
    env = {**env, "SAMENSPEL_CACHE_URL": cache}
    sessions = prepare_users(users)
    with tempfile.TemporaryDirectory(prefix="samenspel-bench-") as scratch:
        users_file = Path(scratch) / "users.json"
        users_file.write_text(json.dumps({"users": sessions, "weights": WEIGHTS}))
        log = (ROOT / "var" / "bench" / "serve.log").open("w")
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "samenspel.cli",
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=ROOT,
        )
        try:
            _wait_until_up(port, server)
            prefix = Path(scratch) / "load"
            cpu_before = _cpu_snapshot(server.pid)
            locust = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(users),
                    "--spawn-rate",
                    str(users),
                    "--run-time",
                    f"{seconds}s",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--stop-timeout",
                    "10",
                    "--loglevel",
                    "WARNING",
                ],
                env={**env, "SAMENSPEL_BENCH_USERS": str(users_file)},
                capture_output=True,
                text=True,
                check=False,
                cwd=ROOT,
            )
            cpu = _cpu_spent(cpu_before, _cpu_snapshot(server.pid))
            stats = _read_stats(Path(f"{prefix}_stats.csv"))
            failures = _read_failures(Path(f"{prefix}_failures.csv"))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
            log.close()
    if not stats:
        raise RuntimeError(f"locust wrote no statistics:\n{locust.stdout}\n{locust.stderr}")
    total = stats.pop("Aggregated")
    return {
        "users": users,
        "seconds": seconds,
        "server": {
            "workers": workers,
            "threads": threads,
            "bind": f"127.0.0.1:{port}",
            "cache": cache or "none (per-process)",
        },
        "requests": total["requests"],
        "errors": total["failures"],
        "requests_per_second": total["rps"],
        "p50_ms": total["p50"],
        "p95_ms": total["p95"],
        "p99_ms": total["p99"],
        "pages": stats,
        "failures": failures,
        "cpu": _cpu_per_request(cpu, total["requests"]),
    }


# Where the two cores went during the run: the server (gunicorn's processes), PostgreSQL's
# processes, locust, and what the machine as a whole did (/proc/stat). Linux only; on another
# system the numbers are left out rather than guessed.
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_snapshot(server_session: int) -> dict[str, float]:
    """CPU seconds so far of the server's session, PostgreSQL and this machine."""
    snapshot = {"server": 0.0, "postgres": 0.0, "children": 0.0}
    proc = Path("/proc")
    if not (proc / "stat").exists():
        return {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue  # gone meanwhile
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        # fields[3] is the session id, [11] and [12] user and system time (proc(5)).
        seconds = (int(fields[11]) + int(fields[12])) / _TICK
        if int(fields[3]) == server_session:
            snapshot["server"] += seconds
        elif name == "postgres":
            snapshot["postgres"] += seconds
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # locust, once it has been waited for
    snapshot["children"] = usage.ru_utime + usage.ru_stime
    totals = (proc / "stat").read_text().split("\n", 1)[0].split()[1:]
    snapshot["machine_busy"] = (sum(map(int, totals)) - int(totals[3]) - int(totals[4])) / _TICK
    snapshot["machine_all"] = sum(map(int, totals)) / _TICK
    snapshot["wall"] = time.monotonic()
    return snapshot


def _cpu_spent(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    if not before or not after:
        return {}
    spent = {key: after[key] - before[key] for key in before}
    spent["locust"] = spent.pop("children")
    return spent


def _cpu_per_request(spent: dict[str, float], requests: int) -> dict[str, float]:
    """CPU milliseconds a request per part, and how busy the machine's cores were."""
    if not spent or not requests:
        return {}
    per_request = {
        f"{part}_ms": round(spent[part] * 1000 / requests, 1)
        for part in ("server", "postgres", "locust", "machine_busy")
    }
    per_request["machine_busy_share"] = round(spent["machine_busy"] / spent["machine_all"], 3)
    return per_request


def _redis_answers(url: str) -> bool:
    """Whether a Redis server answers PING at `url` (redis://host:port/db)."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _wait_until_up(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("samenspel serve stopped; see var/bench/serve.log")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("samenspel serve did not answer /healthz within a minute")


def _number(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 0.0


def _read_stats(path: Path) -> dict[str, dict[str, float]]:
    if not path.exists():
        return {}
    rows = {}
    with path.open() as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = {
                "requests": int(_number(row["Request Count"])),
                "failures": int(_number(row["Failure Count"])),
                "rps": _number(row["Requests/s"]),
                "p50": _number(row["50%"]),
                "p95": _number(row["95%"]),
                "p99": _number(row["99%"]),
            }
    return rows


def _read_failures(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open() as handle:
        return [
            {"page": row["Name"], "error": row["Error"][:300], "count": row["Occurrences"]}
            for row in csv.DictReader(handle)
        ]
