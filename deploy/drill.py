"""The failure drills against a running topology (``deploy/cluster up`` first).

    deploy/cluster drill [--seconds 60] [--users 20] [--only a,b,c,d]

(a) app instance killed: locust through HAProxy, one ``samenspel serve`` killed (SIGKILL)
    a third of the way in; the balancer takes it out, later requests succeed, and every
    family-file page the users were told succeeded has its access event in the database.
(b) PostgreSQL primary killed (Patroni and postmaster, SIGKILL) under the same load: the
    synchronous standby is promoted, the app reconnects (libpq multi-host), nothing reported
    committed is lost, ``verify_audit_log`` passes; the old primary rejoins as a standby.
(c) two workers, N tasks that each write a row: every task runs exactly once.
(d) base backup + WAL archive, restore to a moment: the restored log equals the log at that
    moment (count, last id, digest of every hash), ``verify_audit_log`` passes on it and the
    app answers /readyz on it.
(e) access-log writes, the old design (global lock held to commit) and the new (append, seal
    afterwards) side by side with 1, 8 and 32 writers, on the cluster's primary with its
    synchronous standby (``bench/audit_write.py`` on a scratch database): events/s, latency,
    sealer lag. Informational: it does not decide whether the drill passed.

Prints one summary and writes it to bench/results/<date>-drill.{json,md}.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cluster import (
    PG_BIN,
    ROOT,
    RUN_AS_POSTGRES,
    Topology,
    app_env,
    http_status,
    members,
    pid_of,
    primary,
    psql,
    start,
    start_app,
    start_bouncer,
    stop,
    stop_bouncer,
    sync_standby,
    wait_for,
)

HERE = Path(__file__).resolve().parent
# Pages of the load mix that write an access event on every view (the directory search
# looks up professionals, not families, and writes none).
LOGGED_PAGES = ("my_families", "family_file", "plan", "timeline", "network_view", "team_matching")


def django_step(t: Topology, *args: str, through_bouncer: bool = True) -> str:
    result = subprocess.run(
        [sys.executable, str(HERE / "drill_django.py"), *args],
        env=app_env(t, through_bouncer=through_bouncer),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    if result.returncode:
        raise SystemExit(f"drill step {args[0]} failed:\n{result.stderr[-3000:]}")
    lines = result.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def verify_audit_log(t: Topology, database_url: str | None = None) -> tuple[bool, str]:
    env = app_env(t)
    if database_url:
        env["SAMENSPEL_DATABASE_URL"] = database_url
    result = subprocess.run(
        [sys.executable, "-m", "samenspel.cli", "manage", "verify_audit_log"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    text = (result.stdout + result.stderr).strip().splitlines()
    return result.returncode == 0, text[-1] if text else ""


def run_locust(
    t: Topology, users_file: Path, *, users: int, seconds: int, out: Path, during
) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    """Locust headless through the balancer; `during(started)` runs while it loads."""
    env = {**os.environ, "SAMENSPEL_DRILL_USERS": str(users_file), "SAMENSPEL_DRILL_OUT": str(out)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(HERE / "locustfile.py"),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--stop-timeout",
            "10",
            "-H",
            f"http://127.0.0.1:{t.haproxy_port}",
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )
    wait_for("locust", lambda: Path(str(out) + ".started").exists(), timeout=120)
    time.sleep(2)  # users ramped up and loading
    extra = during(time.time())
    output, _ = process.communicate(timeout=seconds + 120)
    return subprocess.CompletedProcess(process.args, process.returncode, output, extra)


def load_summary(t: Topology, out: Path, event_time: float | None) -> dict:
    data = json.loads(out.read_text())
    ok, failed = data["ok"], data["failed"]
    per_page = json.loads(django_step(t, "count_events", str(out)))
    logged = {k: v for k, v in per_page.items() if k in LOGGED_PAGES}
    committed = sum(v["ok"] for v in logged.values())
    found = sum(v["logged"] for v in logged.values())
    offset = (event_time - data["started"]) if event_time else None
    summary = {
        "requests_served": len(ok),
        "errors": len(failed),
        "error_statuses": sorted({str(f.get("status")) for f in failed}),
        "logged_writes_reported_ok": committed,
        "logged_writes_in_database": found,
        "lost": committed - found,
        "per_page": per_page,
    }
    if offset is not None:
        before = [r for r in ok if r["t"] < offset]
        after = [r for r in ok if r["t"] >= offset]
        summary.update(
            event_at_s=round(offset, 1),
            served_before=len(before),
            served_after=len(after),
            committed_before=sum(r["page"] in LOGGED_PAGES for r in before),
            committed_after=sum(r["page"] in LOGGED_PAGES for r in after),
            errors_after_event=[round(f["t"] - offset, 1) for f in failed if f["t"] >= offset],
        )
        last_error = max((f["t"] for f in failed), default=None)
        summary["last_error_s_after_event"] = (
            round(last_error - offset, 1) if last_error is not None else None
        )
        summary["errors_after_event"] = len(summary["errors_after_event"])
        summary["errors_before_event"] = sum(f["t"] < offset for f in failed)
        # Seconds (from the start of the load) of failures, in 5-second buckets.
        buckets: dict[int, int] = {}
        for f in failed:
            buckets[int(f["t"] // 5) * 5] = buckets.get(int(f["t"] // 5) * 5, 0) + 1
        summary["errors_by_5s"] = dict(sorted(buckets.items()))
    return summary


def kill_group(t: Topology, name: str) -> None:
    pid = pid_of(t, name)
    if pid:
        os.killpg(pid, signal.SIGKILL)


def drill_app_kill(
    t: Topology, users_file: Path, *, users: int, seconds: int, scratch: Path
) -> dict:
    out = scratch / "a.json"
    killed: dict = {}

    def during(started: float) -> dict:
        time.sleep(max(1.0, seconds / 3 - 2))
        killed["at"] = time.time()
        kill_group(t, "app1")
        return killed

    run = run_locust(t, users_file, users=users, seconds=seconds, out=out, during=during)
    summary = load_summary(t, out, killed["at"])
    summary["killed"] = "app1 (gunicorn master and workers, SIGKILL)"
    start_app(t, 0)  # back for the next drill
    summary["locust_exit"] = run.returncode
    return summary


def processes_running(argument: str) -> list[int]:
    """Pids whose command line contains this exact argument (a path unique to the cluster)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if argument in cmdline.read_bytes().decode(errors="replace").split("\0"):
                found.append(int(cmdline.parent.name))
        except OSError:
            continue
    return found


def postmaster_pid(t: Topology, node: str) -> int | None:
    pid_file = t.node_dir(node) / "data" / "postmaster.pid"
    try:
        return int(pid_file.read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return None


def drill_primary_kill(
    t: Topology, users_file: Path, *, users: int, seconds: int, scratch: Path
) -> dict:
    out = scratch / "b.json"
    old = primary(t)
    standby = sync_standby(t)
    event: dict = {"old_primary": old, "sync_standby": standby}

    def during(started: float) -> dict:
        time.sleep(max(1.0, seconds / 3 - 2))
        event["at"] = time.time()
        # The whole node goes: its manager first (so it cannot restart PostgreSQL), the
        # postmaster, and the node's PgBouncer (a bouncer left standing in front of a dead
        # server keeps accepting logins with cached parameters, and libpq would not move on
        # to the next host: docs/DEPLOY.md).
        postmaster = postmaster_pid(t, old)
        kill_group(t, f"patroni-{old}")
        for pid in processes_running(str(t.node_dir(old) / "patroni.yml")):
            os.kill(pid, signal.SIGKILL)  # this node's Patroni, whatever its pid file says
        if postmaster:
            os.kill(postmaster, signal.SIGKILL)
        stop_bouncer(t, old, signal.SIGKILL)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            new = primary(t)
            if new and new != old:
                event["new_primary"] = new
                event["failover_s"] = round(time.time() - event["at"], 1)
                break
            time.sleep(0.5)
        return event

    run = run_locust(t, users_file, users=users, seconds=seconds, out=out, during=during)
    summary = load_summary(t, out, event["at"])
    summary.update({k: v for k, v in event.items() if k != "at"})
    ok, line = verify_audit_log(t)
    summary["verify_audit_log"] = line
    summary["verify_ok"] = ok
    # The old primary rejoins as a standby (pg_rewind), so the cluster is whole again.
    rejoin_node(t, old)
    try:
        wait_for(
            "the old primary back as synchronous standby",
            lambda: sync_standby(t) == old,
            timeout=120,
        )
        summary["old_primary_rejoined_as"] = "sync_standby"
    except SystemExit as error:
        summary["old_primary_rejoined_as"] = str(error)
    # django-tasks-db's worker exits when its database connection fails; a supervisor
    # (systemd Restart=always in production) starts it again. Here: the drill does.
    dead = [name for name in ("worker1", "worker2") if not pid_of(t, name)]
    summary["workers_exited_on_failover"] = dead
    for name in dead:
        start(t, name, [sys.executable, "-m", "samenspel.cli", "worker"], env=app_env(t))
    summary["locust_exit"] = run.returncode
    return summary


def rejoin_node(t: Topology, node: str) -> None:
    """Start a lost node's Patroni (it rejoins as a standby, pg_rewind if needed) and then
    its PgBouncer."""
    start(
        t, f"patroni-{node}", ["patroni", str(t.node_dir(node) / "patroni.yml")], as_postgres=True
    )

    def rejoined() -> bool:
        # A rewound standby reaches a consistent state only with new WAL from the primary:
        # an idle primary is given one small transaction per check.
        leader = primary(t)
        if leader:
            psql(t, t.pg_port(leader), "SELECT txid_current()")
        return any(
            m["name"] == node and m.get("state") in {"running", "streaming"} for m in members(t)
        )

    wait_for(f"{node} running", rejoined, timeout=180)
    start_bouncer(t, node)


def drill_workers(t: Topology, *, tasks: int) -> dict:
    for name in ("worker1", "worker2"):
        if not pid_of(t, name):
            raise SystemExit(f"drill: {name} is not running")
    started = time.monotonic()
    django_step(t, "enqueue", str(tasks))
    result = json.loads(django_step(t, "task_runs", str(tasks), "180"))
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


def drill_pitr(t: Topology, *, markers: int, scratch: Path) -> dict:
    leader = primary(t)
    assert leader
    backup = t.base_dir / "backup"
    restore = t.base_dir / "restore"
    for path in (backup, restore):
        shutil.rmtree(path, ignore_errors=True)
    as_pg = ["runuser", "-u", "postgres", "--"] if RUN_AS_POSTGRES else []
    if RUN_AS_POSTGRES:
        t.base_dir.chmod(0o777)  # pg_basebackup (as postgres) creates its directory here
    started = time.monotonic()
    command = [
        *as_pg,
        str(PG_BIN / "pg_basebackup"),
        "-h", "127.0.0.1", "-p", str(t.pg_port(leader)), "-U", "postgres",
        "-D", str(backup), "-X", "stream", "-c", "fast",
    ]  # fmt: skip
    for _attempt in range(3):
        result = subprocess.run(command, timeout=600, capture_output=True, text=True, cwd="/tmp")
        if result.returncode == 0:
            break
        shutil.rmtree(backup, ignore_errors=True)
        time.sleep(5)
    else:
        raise RuntimeError(f"pg_basebackup failed: {result.stderr.strip()}")
    backup_s = round(time.monotonic() - started, 1)
    before_ids = json.loads(django_step(t, "write_markers", "before", str(markers)))
    time.sleep(1.5)
    at_moment = json.loads(django_step(t, "snapshot"))
    time.sleep(1.5)
    after_ids = json.loads(django_step(t, "write_markers", "after", str(markers)))
    live_now = json.loads(django_step(t, "snapshot"))
    # Close the WAL segment holding the "after" rows and wait until it is archived.
    segment = psql(t, t.pg_port(leader), "SELECT pg_walfile_name(pg_current_wal_lsn())")
    psql(t, t.pg_port(leader), "SELECT pg_switch_wal()")
    wait_for("the WAL archive", lambda: (t.archive_dir / segment).exists(), timeout=60)

    shutil.copytree(backup, restore, symlinks=True)
    (restore / "standby.signal").unlink(missing_ok=True)
    (restore / "recovery.signal").touch()
    with (restore / "postgresql.auto.conf").open("a") as conf:
        conf.write(
            "\n# point-in-time recovery (deploy/drill.py)\n"
            f"restore_command = 'cp {t.archive_dir}/%f %p'\n"
            f"recovery_target_time = '{at_moment['moment']}'\n"
            "recovery_target_action = 'promote'\n"
            f"port = {t.restore_port}\n"
            "listen_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{restore}'\n"
            "archive_mode = 'off'\n"
            "synchronous_standby_names = ''\n"
            "primary_conninfo = ''\n"
            "primary_slot_name = ''\n"
            f"hba_file = '{restore}/pg_hba.conf'\n"
            f"ident_file = '{restore}/pg_ident.conf'\n"
        )
    (restore / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    (restore / "pg_ident.conf").touch()
    if RUN_AS_POSTGRES:
        subprocess.run(["chown", "-R", "postgres:postgres", str(restore)], check=True)
    restore.chmod(0o700)
    started = time.monotonic()
    start(t, "restore-pg", [str(PG_BIN / "postgres"), "-D", str(restore)], as_postgres=True)
    url = f"postgres://postgres@127.0.0.1:{t.restore_port}/samenspel"
    wait_for(
        "the restored server",
        lambda: psql(t, t.restore_port, "SELECT pg_is_in_recovery()") == "f",
        timeout=180,
    )
    restore_s = round(time.monotonic() - started, 1)
    env_restored = {"SAMENSPEL_DATABASE_URL": url}
    restored = json.loads(django_step_env(t, env_restored, "snapshot"))
    before_found = int(django_step_env(t, env_restored, "contains", json.dumps(before_ids)))
    after_found = int(django_step_env(t, env_restored, "contains", json.dumps(after_ids)))
    ok, line = verify_audit_log(t, url)
    readyz = app_on(t, url)
    stop(t, "restore-pg")
    equal = all(restored[k] == at_moment[k] for k in ("events", "max_id", "digest", "families"))
    return {
        "base_backup_s": backup_s,
        "restore_s": restore_s,
        "target_time": at_moment["moment"],
        "log_at_moment": {k: at_moment[k] for k in ("events", "max_id", "families")},
        "log_restored": {k: restored[k] for k in ("events", "max_id", "families")},
        "log_live_now": {k: live_now[k] for k in ("events", "max_id")},
        "restored_equals_moment": equal,
        "markers_before_restored": f"{before_found}/{len(before_ids)}",
        "markers_after_restored": f"{after_found}/{len(after_ids)} (must be 0)",
        "verify_audit_log": line,
        "verify_ok": ok,
        "app_readyz_on_restore": readyz,
    }


def drill_log_writes(t: Topology, *, seconds: float, writers: list[int], scratch: Path) -> dict:
    leader = primary(t)
    assert leader
    out = scratch / "e.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMENSPEL_")}
    command = [
        sys.executable, str(ROOT / "bench" / "audit_write.py"), "--postgres",
        "--url", f"postgres://postgres@127.0.0.1:{t.pg_port(leader)}/samenspel_audit_bench",
        "-n", "200", "--seconds", str(seconds), "--writers", *map(str, writers),
        "--json", str(out),
    ]  # fmt: skip
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT, timeout=900)
    if result.returncode:
        raise RuntimeError(f"bench/audit_write.py failed: {result.stderr[-2000:]}")
    data = json.loads(out.read_text())
    psql(t, t.pg_port(leader), "DROP DATABASE IF EXISTS samenspel_audit_bench")
    concurrent = data["concurrent"]
    table = {
        design: {
            str(n): {
                key: round(row[key], 3 if key.endswith("_s") else 1)
                for key in ("events_per_second", "p50_ms", "p95_ms", "lag_p50_s", "lag_p95_s")
                if key in row
            }
            for n, row in concurrent[design].items()
        }
        for design in ("old", "new", "new_no_flush_wait")
    }
    return {
        "where": f"primary {leader} with a synchronous standby",
        "seconds_per_run": seconds,
        "events_per_second": table,
        "load_before": concurrent["load_before"],
        "load_after": concurrent["load_after"],
        "verify": data["verify"],
    }


def django_step_env(t: Topology, extra: dict[str, str], *args: str) -> str:
    env = {**app_env(t), **extra}
    result = subprocess.run(
        [sys.executable, str(HERE / "drill_django.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    if result.returncode:
        raise SystemExit(f"drill step {args[0]} failed:\n{result.stderr[-3000:]}")
    lines = result.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def app_on(t: Topology, url: str) -> int:
    """Start one app instance on the restored database and ask /readyz."""
    port = t.restore_port + 100
    env = {**app_env(t), "SAMENSPEL_DATABASE_URL": url}
    start(
        t,
        "restore-app",
        [
            sys.executable,
            "-m",
            "samenspel.cli",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        env=env,
    )
    try:
        wait_for(
            "the app on the restore",
            lambda: http_status(f"http://127.0.0.1:{port}/healthz") == 200,
            timeout=60,
        )
        return http_status(f"http://127.0.0.1:{port}/readyz", timeout=30)
    finally:
        stop(t, "restore-app")


def run_drill(t: Topology, argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="deploy/cluster drill")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--only", default="a,b,c,d,e")
    parser.add_argument("--log-seconds", type=float, default=3, help="(e): per design and writers")
    parser.add_argument("--log-writers", type=int, nargs="+", default=[1, 8, 32])
    args = parser.parse_args(argv)
    wanted = set(args.only.split(","))
    if primary(t) is None or not pid_of(t, "haproxy"):
        print("drill: the cluster is not up; run deploy/cluster up first")
        return 1
    results: dict = {
        "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "users": args.users,
        "seconds": args.seconds,
    }
    with tempfile.TemporaryDirectory(prefix="samenspel-drill-") as tmp:
        scratch = Path(tmp)
        users_file = scratch / "users.json"
        if wanted & {"a", "b"}:
            django_step(t, "prepare", str(args.users), str(users_file), through_bouncer=False)
        scenarios = [
            ("a", "a_app_instance_killed", "kill an app instance under load",
             lambda: drill_app_kill(t, users_file, users=args.users, seconds=args.seconds,
                                    scratch=scratch)),
            ("b", "b_primary_killed", "kill the PostgreSQL primary under load",
             lambda: drill_primary_kill(t, users_file, users=args.users,
                                        seconds=args.seconds, scratch=scratch)),
            ("c", "c_two_workers", "two workers, every task once",
             lambda: drill_workers(t, tasks=args.tasks)),
            ("d", "d_backup_pitr", "base backup, WAL archive, point-in-time restore",
             lambda: drill_pitr(t, markers=50, scratch=scratch)),
            ("e", "e_log_writes", "access-log writes, old design and new",
             lambda: drill_log_writes(t, seconds=args.log_seconds, writers=args.log_writers,
                                      scratch=scratch)),
        ]  # fmt: skip
        for letter, key, title, scenario in scenarios:
            if letter not in wanted:
                continue
            print(f"drill ({letter}): {title} …", flush=True)
            try:
                results[key] = scenario()
            except (Exception, SystemExit) as error:  # one failed drill must not hide the rest
                results[key] = {"error": f"{type(error).__name__}: {error}"[-2000:]}
    results["passed"] = passed(results)
    report(results)
    return 0 if results["passed"] else 1


def passed(results: dict) -> bool:
    checks = []
    if any("error" in value for value in results.values() if isinstance(value, dict)):
        return False
    for key in ("a_app_instance_killed", "b_primary_killed"):
        if key in results:
            checks.append(results[key]["lost"] == 0)
    if "b_primary_killed" in results:
        checks.append(results["b_primary_killed"]["verify_ok"])
    if "c_two_workers" in results:
        c = results["c_two_workers"]
        checks.append(c["run_twice"] == 0 and c["distinct"] == c["enqueued"])
    if "d_backup_pitr" in results:
        d = results["d_backup_pitr"]
        checks.append(
            d["restored_equals_moment"]
            and d["verify_ok"]
            and d["markers_after_restored"].startswith("0/")
        )
    return all(checks)


def report(results: dict) -> None:
    text = json.dumps(results, indent=2, default=str)
    print(text)
    print(summary_text(results))
    day = datetime.datetime.now(datetime.UTC).date().isoformat()
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{day}-drill.json").write_text(text + "\n")
    print(f"drill: written to bench/results/{day}-drill.json")


def summary_text(results: dict) -> str:
    """The numbers the issue asks for, one line each."""
    lines = ["drill summary:"]
    for key in ("a_app_instance_killed", "b_primary_killed"):
        r = results.get(key)
        if r and "error" not in r:
            lines.append(
                f"  ({key[0]}) served {r['requests_served']}, errors {r['errors']}, committed "
                f"before/after {r.get('committed_before')}/{r.get('committed_after')}, "
                f"lost {r['lost']}" + (f", {r['verify_audit_log']}" if key[0] == "b" else "")
            )
    e = results.get("e_log_writes")
    if e and "error" not in e:
        rates = e["events_per_second"]
        for writers in rates["old"]:
            old = rates["old"][writers]["events_per_second"]
            new = rates["new"][writers]["events_per_second"]
            lines.append(
                f"  (e) {writers:>2} writers: old {old:,.0f} events/s, new {new:,.0f} events/s "
                f"({new / old if old else 0:.1f}x)"
            )
    for key, r in results.items():
        if isinstance(r, dict) and "error" in r:
            lines.append(f"  ({key[0]}) failed: {r['error'][:200]}")
    lines.append(f"  passed: {results.get('passed')}")
    return "\n".join(lines)
