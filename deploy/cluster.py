"""Start, stop and inspect the reference topology on this machine (loopback only).

    deploy/cluster up       etcd, Patroni ×2 (primary + synchronous standby), PgBouncer ×2,
                            Redis, schema + synthetic data, samenspel serve ×2, worker ×2,
                            HAProxy in front
    deploy/cluster status   who is primary, which processes run
    deploy/cluster down     stop everything this script started (by its pid files)
    deploy/cluster drill    the failure drills (deploy/drill.py)

PostgreSQL and PgBouncer refuse to run as root: when this runs as root they run as the
``postgres`` system user. State lives under SAMENSPEL_CLUSTER_DIR (default
/tmp/samenspel-cluster); ports from SAMENSPEL_CLUSTER_PORT_BASE (default 17400).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from topology import PG_BIN, Topology, write_configs

ROOT = Path(__file__).resolve().parents[1]
RUN_AS_POSTGRES = os.geteuid() == 0


def topology() -> Topology:
    return Topology(
        base_dir=Path(os.environ.get("SAMENSPEL_CLUSTER_DIR", "/tmp/samenspel-cluster")),
        port_base=int(os.environ.get("SAMENSPEL_CLUSTER_PORT_BASE", "17400")),
        app_instances=int(os.environ.get("SAMENSPEL_CLUSTER_APPS", "2")),
        app_workers=int(os.environ.get("SAMENSPEL_CLUSTER_APP_WORKERS", "2")),
    )


# --- processes ------------------------------------------------------------------------


def start(
    t: Topology,
    name: str,
    command: list[str],
    *,
    env: dict | None = None,
    as_postgres: bool = False,
) -> int:
    """Start a long-running process in its own session; its pid goes to <name>.pid."""
    if as_postgres and RUN_AS_POSTGRES:
        command = ["runuser", "-u", "postgres", "--", *command]
    log = (t.base_dir / "logs" / f"{name}.log").open("ab")
    process = subprocess.Popen(
        command,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env or os.environ.copy(),
        start_new_session=True,
        cwd=ROOT,
    )
    (t.base_dir / "pids" / f"{name}.pid").write_text(str(process.pid))
    return process.pid


def start_bouncer(t: Topology, node: str) -> None:
    """PgBouncer daemonises with its own pid file: Patroni's role-change callback restarts
    it as well (deploy/topology.py)."""
    if bouncer_pid(t, node):
        return
    command = ["pgbouncer", "-d", str(t.node_dir(node) / "pgbouncer.ini")]
    if RUN_AS_POSTGRES:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, timeout=30)


def bouncer_pid(t: Topology, node: str) -> int | None:
    return _live(t.node_dir(node) / "pgbouncer.pid")


def stop_bouncer(t: Topology, node: str, sig: int = signal.SIGTERM) -> None:
    pid = bouncer_pid(t, node)
    if pid:
        os.kill(pid, sig)
        if sig == signal.SIGKILL:
            (t.node_dir(node) / "pgbouncer.pid").unlink(missing_ok=True)


def _live(path: Path) -> int | None:
    try:
        pid = int(path.read_text().split()[0])
        os.kill(pid, 0)
    except (OSError, ValueError, IndexError):
        return None
    return pid


def _running_with(argument: str) -> list[int]:
    """Pids whose command line has this exact argument (a path unique to this cluster)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if argument in cmdline.read_bytes().decode(errors="replace").split("\0"):
                found.append(int(cmdline.parent.name))
        except OSError:
            continue
    return found


def pid_of(t: Topology, name: str) -> int | None:
    path = t.base_dir / "pids" / f"{name}.pid"
    if not path.exists():
        return None
    pid = int(path.read_text())
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    return pid


def stop(t: Topology, name: str, sig: int = signal.SIGTERM, wait: float = 15) -> None:
    """Stop one process group this script started (never anything else)."""
    pid = pid_of(t, name)
    if pid is None:
        return
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and pid_of(t, name):
        time.sleep(0.2)
    if pid_of(t, name):
        os.killpg(pid, signal.SIGKILL)
    (t.base_dir / "pids" / f"{name}.pid").unlink(missing_ok=True)


def wait_for(what: str, check, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # noqa: S110 - not up yet
            pass
        time.sleep(0.5)
    raise SystemExit(f"cluster: {what} did not come up within {timeout:.0f} s")


def http_json(url: str, timeout: float = 2) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
        return json.loads(response.read())


def http_status(url: str, timeout: float = 3) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


# --- PostgreSQL ---------------------------------------------------------------------


def members(t: Topology) -> list[dict]:
    for node in t.nodes:
        try:
            return http_json(f"http://127.0.0.1:{t.patroni_port(node)}/cluster")["members"]
        except OSError:
            continue
    return []


def primary(t: Topology) -> str | None:
    for member in members(t):
        if member.get("role") == "leader" and member.get("state") == "running":
            return member["name"]
    return None


def sync_standby(t: Topology) -> str | None:
    for member in members(t):
        if member.get("role") == "sync_standby" and member.get("state") in {"running", "streaming"}:
            return member["name"]
    return None


def psql(t: Topology, port: int, sql: str, database: str = "postgres") -> str:
    result = subprocess.run(
        [
            str(PG_BIN / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "-d",
            database,
            "-XAtqc",
            sql,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


# --- the app ----------------------------------------------------------------------------


def app_env(t: Topology, *, through_bouncer: bool = True) -> dict[str, str]:
    key_file = t.base_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMENSPEL_")}
    env.update(
        DJANGO_SETTINGS_MODULE="samenspel.settings",
        SAMENSPEL_SECRET_KEY=key_file.read_text().strip(),
        SAMENSPEL_DATABASE_URL=t.database_url(through_bouncer=through_bouncer),
        SAMENSPEL_DB_DISABLE_SERVER_SIDE_CURSORS="true",
        # Reconnect at once after a failover rather than keep a dead connection for a minute.
        SAMENSPEL_DB_CONN_MAX_AGE="0",
        SAMENSPEL_CACHE_URL=f"redis://127.0.0.1:{t.redis_port}/0",
        SAMENSPEL_HTTPS="false",  # loopback drill; production terminates TLS at the balancer
        SAMENSPEL_BEHIND_PROXY="true",
        SAMENSPEL_PROXY_COUNT="1",
        SAMENSPEL_ALLOWED_HOSTS="127.0.0.1,localhost",
        SAMENSPEL_VAR_DIR=str(t.base_dir / "var"),
        SAMENSPEL_MEDIA_ROOT=str(t.base_dir / "media"),  # shared by every instance
        SAMENSPEL_METRICS_TOKEN=(t.base_dir / "secret_key").read_text()[:32],
        # The drill's tasks module (deploy/drill_tasks.py) is importable by the workers.
        PYTHONPATH=str(ROOT / "deploy"),
    )
    return env


def manage(t: Topology, *args: str, through_bouncer: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "samenspel.cli", "manage", *args],
        env=app_env(t, through_bouncer=through_bouncer),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1800,
    )
    if result.returncode:
        raise SystemExit(f"manage {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def start_app(t: Topology, index: int) -> None:
    port = t.app_ports()[index]
    start(
        t,
        f"app{index + 1}",
        [
            sys.executable,
            "-m",
            "samenspel.cli",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(t.app_workers),
            "--threads",
            str(t.app_threads),
        ],
        env=app_env(t),
    )
    wait_for(
        f"app{index + 1}", lambda: http_status(f"http://127.0.0.1:{port}/readyz") == 200, timeout=90
    )


def start_workers(t: Topology, count: int = 2) -> None:
    for i in range(count):
        start(
            t, f"worker{i + 1}", [sys.executable, "-m", "samenspel.cli", "worker"], env=app_env(t)
        )


# --- up / down ----------------------------------------------------------------------------


def up(t: Topology, *, families: int) -> None:
    for tool in ("etcd", "patroni", "pgbouncer", "haproxy", "redis-server"):
        if not shutil.which(tool):
            raise SystemExit(f"cluster: {tool} is missing; run deploy/cluster (it installs it)")
    for sub in ("logs", "pids", "archive", "media", "var"):
        (t.base_dir / sub).mkdir(parents=True, exist_ok=True)
    write_configs(t)
    if RUN_AS_POSTGRES:
        for path in [t.archive_dir, *(t.node_dir(n) for n in t.nodes)]:
            shutil.chown(path, "postgres", "postgres")
            for child in path.iterdir():
                shutil.chown(child, "postgres", "postgres")
        t.base_dir.chmod(0o755)
    if not pid_of(t, "etcd"):
        start(t, "etcd", etcd_command_list(t))
        wait_for("etcd", lambda: http_json(f"http://127.0.0.1:{t.etcd_port}/health")["health"])
    if not pid_of(t, "redis"):
        start(
            t,
            "redis",
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(t.redis_port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
        )
    for node in t.nodes:
        if not pid_of(t, f"patroni-{node}"):
            start(
                t,
                f"patroni-{node}",
                ["patroni", str(t.node_dir(node) / "patroni.yml")],
                as_postgres=True,
            )
        wait_for(
            f"patroni {node}",
            lambda n=node: http_status(f"http://127.0.0.1:{t.patroni_port(n)}/health") == 200,
            timeout=120,
        )
    wait_for("a synchronous standby", lambda: sync_standby(t) is not None, timeout=120)
    for node in t.nodes:
        start_bouncer(t, node)
    leader = primary(t)
    assert leader is not None
    if psql(t, t.pg_port(leader), "SELECT 1 FROM pg_database WHERE datname = 'samenspel'") != "1":
        psql(t, t.pg_port(leader), "CREATE DATABASE samenspel")
    manage(t, "migrate", "-v0")
    manage(t, "collectstatic", "--noinput", "-v0")
    generate = [sys.executable, "-m", "bench.generator", "--families", str(families)]
    subprocess.run(
        [*generate, "--i-know-this-is-not-production"],
        env=app_env(t),
        cwd=ROOT,
        check=True,
        timeout=1800,
    )
    for index in range(t.app_instances):
        if not pid_of(t, f"app{index + 1}"):
            start_app(t, index)
    if not pid_of(t, "worker1"):
        start_workers(t)
    if not pid_of(t, "haproxy"):
        start(t, "haproxy", ["haproxy", "-db", "-f", str(t.base_dir / "haproxy.cfg")])
    wait_for("haproxy", lambda: http_status(f"http://127.0.0.1:{t.haproxy_port}/healthz") == 200)
    print(status_text(t))


def etcd_command_list(t: Topology) -> list[str]:
    from topology import etcd_command

    return etcd_command(t)


NAMES_IN_STOP_ORDER = [
    "haproxy",
    "app1",
    "app2",
    "app3",
    "app4",
    "worker1",
    "worker2",
    "patroni-pg1",
    "patroni-pg2",
    "redis",
    "etcd",
]


def down(t: Topology, *, wipe: bool) -> None:
    for name in NAMES_IN_STOP_ORDER:
        if name.startswith("patroni"):
            stop_bouncer(t, name.removeprefix("patroni-"))
        stop(t, name, wait=30 if name.startswith("patroni") else 15)
    stop(t, "restore-pg")
    # A pid file can be stale after the drills restarted a component: stop by the cluster's
    # own (unique) config paths as well, and ask each data directory's postmaster to stop.
    for node in t.nodes:
        for config in ("patroni.yml", "pgbouncer.ini"):
            for pid in _running_with(str(t.node_dir(node) / config)):
                os.kill(pid, signal.SIGTERM)
        data = t.node_dir(node) / "data"
        if (data / "postmaster.pid").exists():
            command = [str(PG_BIN / "pg_ctl"), "-D", str(data), "stop", "-m", "fast"]
            if RUN_AS_POSTGRES:
                command = ["runuser", "-u", "postgres", "--", *command]
            subprocess.run(command, capture_output=True, timeout=60, cwd="/tmp")
    if wipe and t.base_dir.exists():
        shutil.rmtree(t.base_dir)
    print("cluster: stopped" + (" and removed " + str(t.base_dir) if wipe else ""))


def status_text(t: Topology) -> str:
    lines = [f"cluster under {t.base_dir}"]
    lines.extend(
        f"  {member['name']}: {member.get('role')} {member.get('state')} "
        f"port {member.get('port')} lag {member.get('lag', 0)}"
        for member in members(t)
    )
    for name in NAMES_IN_STOP_ORDER:
        pid = pid_of(t, name)
        if pid:
            lines.append(f"  {name:14} pid {pid}")
    for node in t.nodes:
        if bouncer_pid(t, node):
            lines.append(f"  pgbouncer-{node} pid {bouncer_pid(t, node)}")
    lines.append(
        f"  balancer: http://127.0.0.1:{t.haproxy_port}/  "
        f"stats: http://127.0.0.1:{t.haproxy_stats_port}/"
    )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    t = topology()
    command = argv[0] if argv else "status"
    if command == "up":
        up(t, families=int(os.environ.get("SAMENSPEL_CLUSTER_FAMILIES", "400")))
    elif command == "down":
        down(t, wipe="--keep" not in argv)
    elif command == "status":
        print(status_text(t))
    elif command == "drill":
        from drill import run_drill

        return run_drill(t, argv[1:])
    elif command == "soak":
        from soak import run_soak

        return run_soak(t, argv[1:])
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
