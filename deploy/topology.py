"""The reference topology on one machine, as configuration files (pure functions, tested).

Every component listens on 127.0.0.1, on ports counted from one base (``PORT_BASE``):

    clients ─▶ HAProxy :base ─▶ samenspel serve :base+61, :base+62, … (gunicorn)
                                   │  libpq multi-host, target_session_attrs=read-write
                                   ▼
                PgBouncer :base+51 ─▶ PostgreSQL pg1 :base+41 ┐ Patroni :base+8, :base+9
                PgBouncer :base+52 ─▶ PostgreSQL pg2 :base+42 ┘ synchronous streaming
                                   etcd :base+79 (Patroni's consensus store)
    samenspel worker ×2 (django-tasks-db), Redis :base+90 (shared cache), WAL archive dir.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
DATABASE = "samenspel"


@dataclass(frozen=True)
class Topology:
    base_dir: Path
    port_base: int = 17400
    nodes: tuple[str, ...] = ("pg1", "pg2")
    app_instances: int = 2
    app_workers: int = 2  # gunicorn processes per instance
    app_threads: int = 4  # threads per gunicorn process

    @property
    def app_maxconn(self) -> int:
        """Requests HAProxy sends one instance at once: its threads less one, so a thread
        is always free for the health check; the rest wait in HAProxy's queue."""
        return max(1, self.app_workers * self.app_threads - 1)

    @property
    def haproxy_port(self) -> int:
        return self.port_base

    @property
    def haproxy_stats_port(self) -> int:
        return self.port_base + 1

    @property
    def etcd_port(self) -> int:
        return self.port_base + 79

    @property
    def etcd_peer_port(self) -> int:
        return self.port_base + 80

    @property
    def redis_port(self) -> int:
        return self.port_base + 90

    @property
    def restore_port(self) -> int:
        return self.port_base + 49

    def pg_port(self, node: str) -> int:
        return self.port_base + 41 + self.nodes.index(node)

    def patroni_port(self, node: str) -> int:
        return self.port_base + 8 + self.nodes.index(node)

    def bouncer_port(self, node: str) -> int:
        return self.port_base + 51 + self.nodes.index(node)

    def app_ports(self) -> list[int]:
        return [self.port_base + 61 + i for i in range(self.app_instances)]

    @property
    def archive_dir(self) -> Path:
        return self.base_dir / "archive"

    def node_dir(self, node: str) -> Path:
        return self.base_dir / node

    def database_url(self, *, through_bouncer: bool = True) -> str:
        """libpq multi-host: the first host that accepts writes wins; a standby or a dead
        node is skipped, so after a failover a reconnect finds the new primary."""
        ports = [
            self.bouncer_port(node) if through_bouncer else self.pg_port(node)
            for node in self.nodes
        ]
        hosts = ",".join("127.0.0.1" for _ in ports)
        return (
            f"postgres://postgres@/{DATABASE}?host={hosts}"
            f"&port={','.join(str(p) for p in ports)}"
            "&target_session_attrs=read-write&connect_timeout=5"
        )


def etcd_command(t: Topology) -> list[str]:
    peer = f"http://127.0.0.1:{t.etcd_peer_port}"
    client = f"http://127.0.0.1:{t.etcd_port}"
    return [
        "etcd",
        "--name=etcd1",
        f"--data-dir={t.base_dir / 'etcd'}",
        f"--listen-client-urls={client}",
        f"--advertise-client-urls={client}",
        f"--listen-peer-urls={peer}",
        f"--initial-advertise-peer-urls={peer}",
        f"--initial-cluster=etcd1={peer}",
        "--initial-cluster-state=new",
        "--log-level=warn",
    ]


def patroni_config(t: Topology, node: str) -> dict:
    """Patroni's YAML (as a dict; JSON is valid YAML) for one PostgreSQL node."""
    node_dir = t.node_dir(node)
    archive = t.archive_dir
    return {
        "scope": "samenspel",
        "namespace": "/samenspel/",
        "name": node,
        "log": {"level": "WARNING", "dir": str(node_dir)},
        "restapi": {
            "listen": f"127.0.0.1:{t.patroni_port(node)}",
            "connect_address": f"127.0.0.1:{t.patroni_port(node)}",
        },
        "etcd3": {"hosts": [f"127.0.0.1:{t.etcd_port}"]},
        "bootstrap": {
            "dcs": {
                # Short timers: a dead primary is replaced within ~ttl seconds.
                "ttl": 10,
                "loop_wait": 2,
                "retry_timeout": 4,
                # Commits wait for the standby's flush; Patroni promotes only a synchronous
                # standby, so no transaction reported committed is lost in a failover.
                "synchronous_mode": True,
                "maximum_lag_on_failover": 1048576,
                "postgresql": {
                    "use_pg_rewind": True,
                    "use_slots": True,
                    "parameters": {
                        "wal_level": "replica",
                        "hot_standby": "on",
                        "wal_log_hints": "on",
                        "max_wal_senders": 10,
                        "max_replication_slots": 10,
                        "synchronous_commit": "on",
                        "archive_mode": "on",
                        # A script, not a shell line: Patroni also runs this command itself
                        # (before pg_rewind), without a shell.
                        "archive_command": f"{archive}/archive-wal %p %f",
                        "archive_timeout": 60,
                        "jit": "off",
                        "max_connections": 200,
                        "shared_buffers": "128MB",
                    },
                },
            },
            "initdb": [{"encoding": "UTF8"}, {"locale": "C.UTF-8"}, "data-checksums"],
        },
        "postgresql": {
            "listen": f"127.0.0.1:{t.pg_port(node)}",
            "connect_address": f"127.0.0.1:{t.pg_port(node)}",
            "data_dir": str(node_dir / "data"),
            "bin_dir": str(PG_BIN),
            "pgpass": str(node_dir / "pgpass"),
            # Loopback drill: trust. Production: scram-sha-256 and TLS (docs/DEPLOY.md).
            "pg_hba": [
                "local all all trust",
                "host all all 127.0.0.1/32 trust",
                "host replication all 127.0.0.1/32 trust",
            ],
            "authentication": {
                "superuser": {"username": "postgres", "password": "postgres"},
                "replication": {"username": "replicator", "password": "replicator"},
                "rewind": {"username": "rewinder", "password": "rewinder"},
            },
            "parameters": {"unix_socket_directories": str(node_dir)},
            # PgBouncer caches the server's start-up parameters (in_hot_standby among them),
            # which libpq reads for target_session_attrs: after a promotion or demotion the
            # node's bouncer is restarted so it reports the new role.
            "callbacks": {"on_role_change": str(node_dir / "on-role-change")},
        },
        "tags": {"nofailover": False, "noloadbalance": False},
    }


def pgbouncer_ini(t: Topology, node: str) -> str:
    node_dir = t.node_dir(node)
    return "\n".join(
        [
            "[databases]",
            f"* = host=127.0.0.1 port={t.pg_port(node)}",
            "",
            "[pgbouncer]",
            "listen_addr = 127.0.0.1",
            f"listen_port = {t.bouncer_port(node)}",
            "unix_socket_dir =",
            "auth_type = trust",
            f"auth_file = {node_dir / 'userlist.txt'}",
            # Transaction pooling: many app connections share few server connections. The
            # app sets SAMENSPEL_DB_DISABLE_SERVER_SIDE_CURSORS and takes only
            # transaction-scoped advisory locks, which this mode requires.
            "pool_mode = transaction",
            "max_client_conn = 1000",
            "default_pool_size = 40",
            "server_lifetime = 300",
            # Psycopg sends these; jit=off lives in the server's configuration instead.
            "ignore_startup_parameters = extra_float_digits,options",
            f"logfile = {node_dir / 'pgbouncer.log'}",
            f"pidfile = {node_dir / 'pgbouncer.pid'}",
            "",
        ]
    )


def haproxy_cfg(t: Topology) -> str:
    servers = [
        f"    server app{i + 1} 127.0.0.1:{port} check" for i, port in enumerate(t.app_ports())
    ]
    return "\n".join(
        [
            "global",
            "    maxconn 4000",
            "",
            "defaults",
            "    mode http",
            "    option httplog",
            "    timeout connect 2s",
            "    timeout client 60s",
            "    timeout server 60s",
            "    timeout http-request 10s",
            # A refused connection (instance down, not yet marked so) is retried on another
            # instance: the request was never sent, so this is safe for a POST too.
            "    retries 3",
            "    option redispatch 1",
            "    retry-on conn-failure",
            "",
            "frontend web",
            f"    bind 127.0.0.1:{t.haproxy_port}",
            # Metrics are for the scraper, straight to each instance, never through here.
            "    http-request deny deny_status 404 if { path_beg /metrics }",
            "    http-request set-header X-Forwarded-Proto http",
            "    default_backend app",
            "",
            "backend app",
            "    balance leastconn",
            # Liveness, not readiness: a database failover must not empty the pool (the app
            # reconnects by itself). A dead process refuses the check's connection at once
            # and leaves within two checks (2 s); a hung one within three timed-out checks.
            # A busy one must not leave: the first soak (2026-12-03) had the checks wait
            # behind 25-30 queued requests per instance, time out at 1 s, take both
            # instances out and answer 503 to everyone. So: an instance gets at most its
            # threads less one (the check always finds a free thread), the rest wait in
            # HAProxy's queue, and a check may take 5 s. With that, a killed instance
            # would stay in for three checks while the other is full and retries could not
            # go there (drill (a): 907 answers 503 in 2.2 s): so a refused connection of
            # real traffic takes it out at once (observe layer4, on-error mark-down).
            "    option httpchk GET /healthz",
            "    http-check expect status 200",
            "    timeout check 5s",
            "    timeout queue 30s",
            f"    default-server inter 1s fall 3 rise 2 maxconn {t.app_maxconn}"
            " observe layer4 error-limit 1 on-error mark-down",
            *servers,
            "",
            "listen stats",
            f"    bind 127.0.0.1:{t.haproxy_stats_port}",
            "    stats enable",
            "    stats uri /",
            "",
        ]
    )


def role_change_script(t: Topology, node: str) -> str:
    """Patroni's on_role_change callback: restart this node's PgBouncer (see above)."""
    node_dir = t.node_dir(node)
    pidfile = node_dir / "pgbouncer.pid"
    return (
        "#!/bin/sh\n"
        "# on-role-change <action> <role> <scope> (Patroni callback, deploy/topology.py)\n"
        f'[ -f "{pidfile}" ] && kill -TERM "$(cat "{pidfile}")" 2>/dev/null\n'
        f'for i in 1 2 3 4 5 6 7 8 9 10; do [ -f "{pidfile}" ] || break; sleep 0.3; done\n'
        f'exec pgbouncer -d "{node_dir / "pgbouncer.ini"}"\n'
    )


def archive_script(t: Topology) -> str:
    """Copy one WAL segment into the archive. A segment already there is success only when
    it is byte-identical: after a failover the new primary archives segments the old one
    already did (PostgreSQL's documentation allows this), anything else is refused."""
    a = t.archive_dir
    return (
        "#!/bin/sh\n"
        "# archive-wal <path> <file>: PostgreSQL's archive_command (deploy/topology.py)\n"
        f'if [ -f "{a}/$2" ]; then cmp -s "$1" "{a}/$2"; exit $?; fi\n'
        f'cp "$1" "{a}/$2.tmp" && mv "{a}/$2.tmp" "{a}/$2"\n'
    )


@dataclass
class Files:
    written: list[Path] = field(default_factory=list)


def write_configs(t: Topology) -> Files:
    files = Files()
    for node in t.nodes:
        node_dir = t.node_dir(node)
        node_dir.mkdir(parents=True, exist_ok=True)
        path = node_dir / "patroni.yml"
        path.write_text(json.dumps(patroni_config(t, node), indent=2))
        files.written.append(path)
        (node_dir / "userlist.txt").write_text('"postgres" ""\n')
        path = node_dir / "pgbouncer.ini"
        path.write_text(pgbouncer_ini(t, node))
        files.written.append(path)
        script = node_dir / "on-role-change"
        script.write_text(role_change_script(t, node))
        script.chmod(0o755)
    t.archive_dir.mkdir(parents=True, exist_ok=True)
    script = t.archive_dir / "archive-wal"
    script.write_text(archive_script(t))
    script.chmod(0o755)
    path = t.base_dir / "haproxy.cfg"
    path.write_text(haproxy_cfg(t))
    files.written.append(path)
    return files
