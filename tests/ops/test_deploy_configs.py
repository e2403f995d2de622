"""deploy/topology.py: the configuration the cluster scripts write (no process started)."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "deploy"))

import topology


@pytest.fixture
def t(tmp_path):
    return topology.Topology(base_dir=tmp_path, port_base=20000)


def test_every_port_is_distinct_and_on_loopback(t, tmp_path):
    ports = [
        t.haproxy_port,
        t.haproxy_stats_port,
        t.etcd_port,
        t.etcd_peer_port,
        t.redis_port,
        t.restore_port,
        *t.app_ports(),
    ]
    for node in t.nodes:
        ports += [t.pg_port(node), t.patroni_port(node), t.bouncer_port(node)]
    assert len(ports) == len(set(ports))
    topology.write_configs(t)
    text = "\n".join(p.read_text() for p in tmp_path.rglob("*") if p.is_file())
    assert "0.0.0.0" not in text  # noqa: S104 - the check that nothing binds to all
    assert "listen_addr = 127.0.0.1" in text


def test_app_url_is_libpq_multi_host_read_write_through_the_bouncers(t):
    import dj_database_url

    parsed = dj_database_url.parse(t.database_url())
    assert parsed["HOST"] == ""  # so the host list in OPTIONS is what libpq sees
    assert parsed["OPTIONS"]["host"] == "127.0.0.1,127.0.0.1"
    assert parsed["OPTIONS"]["port"] == "20051,20052"
    assert parsed["OPTIONS"]["target_session_attrs"] == "read-write"


def test_patroni_runs_synchronous_replication_with_archiving_and_the_bouncer_callback(t):
    config = topology.patroni_config(t, "pg2")
    dcs = config["bootstrap"]["dcs"]
    assert dcs["synchronous_mode"] is True
    parameters = dcs["postgresql"]["parameters"]
    assert parameters["archive_mode"] == "on"
    assert parameters["archive_command"] == f"{t.archive_dir}/archive-wal %p %f"
    assert parameters["jit"] == "off"  # PgBouncer drops the client's "-c jit=off"
    assert config["postgresql"]["listen"] == "127.0.0.1:20042"
    assert config["postgresql"]["callbacks"]["on_role_change"].endswith("pg2/on-role-change")
    json.dumps(config)  # written as JSON, which YAML readers accept


def test_pgbouncer_pools_transactions_for_the_local_node_only(t):
    ini = topology.pgbouncer_ini(t, "pg1")
    assert "* = host=127.0.0.1 port=20041" in ini
    assert "pool_mode = transaction" in ini
    assert "ignore_startup_parameters = extra_float_digits,options" in ini


def test_haproxy_checks_liveness_retries_refused_connections_and_hides_metrics(t):
    cfg = topology.haproxy_cfg(t)
    assert "option httpchk GET /healthz" in cfg
    assert "retry-on conn-failure" in cfg
    assert "server app1 127.0.0.1:20061 check" in cfg
    assert "server app2 127.0.0.1:20062 check" in cfg
    assert "if { path_beg /metrics }" in cfg


def test_haproxy_queues_beyond_an_instances_threads_so_the_health_check_gets_through(t):
    cfg = topology.haproxy_cfg(t)
    # 2 workers x 4 threads: at most 7 requests at once, a thread left for /healthz.
    assert "default-server inter 1s fall 3 rise 2 maxconn 7" in cfg
    assert "observe layer4 error-limit 1 on-error mark-down" in cfg  # a killed one: out at once
    assert "timeout check 5s" in cfg
    assert "timeout queue 30s" in cfg
    wide = topology.haproxy_cfg(topology.Topology(base_dir=t.base_dir, app_workers=4))
    assert "maxconn 15" in wide


def test_scripts_never_overwrite_an_archived_segment(t, tmp_path):
    script = topology.archive_script(t)
    assert script.startswith("#!/bin/sh")
    assert f'if [ -f "{t.archive_dir}/$2" ]; then cmp -s' in script
    role = topology.role_change_script(t, "pg1")
    assert "pgbouncer -d" in role


def test_archive_script_accepts_an_identical_segment_and_refuses_a_different_one(t, tmp_path):
    import subprocess

    t.archive_dir.mkdir(parents=True)
    script = t.archive_dir / "archive-wal"
    script.write_text(topology.archive_script(t))
    script.chmod(0o755)
    segment = tmp_path / "000000010000000000000001"
    segment.write_bytes(b"wal" * 100)

    def archive() -> int:
        return subprocess.run([str(script), str(segment), segment.name]).returncode

    assert archive() == 0
    assert (t.archive_dir / segment.name).read_bytes() == segment.read_bytes()
    assert archive() == 0  # the same segment again, e.g. from a promoted standby
    segment.write_bytes(b"other")
    assert archive() == 1
    assert (t.archive_dir / segment.name).read_bytes() == b"wal" * 100
