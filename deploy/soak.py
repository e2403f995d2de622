"""Soak test: many users for a long time through the balancer, memory sampled throughout.

    deploy/cluster soak [--users 50] [--minutes 10]

Passes when there are 0 errors, every process's memory is flat (resident set of the last
quarter of the run at most 10 % above the second quarter: the first quarter is warm-up) and
the access log is complete (every successful page that logs has its event). Writes
bench/results/<date>-soak.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import tempfile
import threading
import time
from pathlib import Path

from cluster import ROOT, Topology, bouncer_pid, pid_of
from drill import django_step, load_summary, run_locust

NAMES = [
    "haproxy",
    "app1",
    "app2",
    "worker1",
    "worker2",
    "patroni-pg1",
    "patroni-pg2",
    "redis",
    "etcd",
]


def _tree(pid: int) -> list[int]:
    """A process and all its descendants (gunicorn workers, PostgreSQL backends)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def _rss_kib(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def sample(t: Topology) -> dict[str, int]:
    sizes = {}
    for name in NAMES:
        pid = pid_of(t, name)
        if pid:
            sizes[name] = _rss_kib(_tree(pid))
    for node in t.nodes:
        pid = bouncer_pid(t, node)
        if pid:
            sizes[f"pgbouncer-{node}"] = _rss_kib([pid])
    return sizes


def run_soak(t: Topology, argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="deploy/cluster soak")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--every", type=float, default=15, help="seconds between samples")
    args = parser.parse_args(argv)
    seconds = int(args.minutes * 60)
    started_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    load_before = os.getloadavg()
    samples: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="samenspel-soak-") as tmp:
        scratch = Path(tmp)
        users_file = scratch / "users.json"
        django_step(t, "prepare", str(args.users), str(users_file), through_bouncer=False)
        out = scratch / "soak.json"
        stop = threading.Event()

        def during(started: float) -> None:
            def sampler() -> None:
                while not stop.is_set():
                    samples.append({"t": round(time.time() - started), **sample(t)})
                    stop.wait(args.every)

            threading.Thread(target=sampler, daemon=True).start()

        run = run_locust(t, users_file, users=args.users, seconds=seconds, out=out, during=during)
        stop.set()
        summary = load_summary(t, out, None)
    memory = {}
    quarter = max(1, len(samples) // 4)
    for name in samples[0] if samples else {}:
        if name == "t":
            continue
        warm = [s[name] for s in samples[quarter : 2 * quarter] if name in s]
        last = [s[name] for s in samples[-quarter:] if name in s]
        if warm and last:
            growth = (sum(last) / len(last)) / (sum(warm) / len(warm)) - 1
            memory[name] = {
                "warm_kib": warm[0],
                "end_kib": last[-1],
                "growth_pct": round(100 * growth, 1),
                "flat": growth <= 0.10,
            }
    result = {
        "started": started_at,
        # The machine is shared: how busy it was says how to read the numbers.
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "users": args.users,
        "seconds": seconds,
        **summary,
        "memory": memory,
        "samples": samples,
        "locust_exit": run.returncode,
    }
    result["passed"] = (
        summary["errors"] == 0 and summary["lost"] == 0 and all(m["flat"] for m in memory.values())
    )
    text = json.dumps({k: v for k, v in result.items() if k != "samples"}, indent=2)
    print(text)
    day = datetime.datetime.now(datetime.UTC).date().isoformat()
    (ROOT / "bench" / "results" / f"{day}-soak.json").write_text(json.dumps(result, indent=2))
    return 0 if result["passed"] else 1
