"""The benchmark suite's own parts work against the current pages (bench/pages.py), so
`bench/run.py` does not rot while the apps change: it finds a coordinator with a caseload,
builds the seven page URLs, and times each page (200, and the floor on PostgreSQL)."""

import time
from pathlib import Path

import pytest
from django.db import connection

from bench.pages import logged_in_client, main_pages, percentile, pick_actors, time_page
from tests.perf.world import build_world, grow

pytestmark = pytest.mark.django_db


def test_percentile_is_nearest_rank():
    samples = [float(n) for n in range(1, 101)]
    assert percentile(samples, 0.5) == 50
    assert percentile(samples, 0.95) == 95
    assert percentile(samples, 0.99) == 99
    assert percentile([], 0.5) == 0


def test_every_main_page_is_timed_as_the_picked_coordinator():
    world = build_world()
    grow(world, 2)

    actors = pick_actors()
    assert actors.user_id == world.coordinator.user_id
    assert actors.caseload == 3  # the world's family and the two grown ones
    pages = main_pages(actors)
    assert [page.key for page in pages] == [
        "my_families",
        "family_file",
        "plan",
        "directory_search",
        "team_matching",
        "timeline",
        "closed",
        "network_view",
    ]
    client = logged_in_client(actors.user_id)
    postgres = connection.vendor == "postgresql"
    for page in pages:
        result = time_page(client, page, requests=2, warmup=1, floor=postgres)
        assert result.error == "", (page.key, result.error)
        assert result.status == 200 and result.p50_ms > 0 and result.reads > 0
        if postgres:
            assert result.floor_p50_ms > 0 and result.ratio > 0


def test_the_load_test_uses_redis_only_when_one_answers():
    import socket
    import threading

    from bench.load import _redis_answers

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]

        def answer():
            connection, _address = server.accept()
            with connection:
                if connection.recv(16) == b"PING\r\n":
                    connection.sendall(b"+PONG\r\n")

        thread = threading.Thread(target=answer)
        thread.start()
        assert _redis_answers(f"redis://127.0.0.1:{port}/7")
        thread.join(timeout=5)
    assert not _redis_answers(f"redis://127.0.0.1:{port}/7")  # nobody listens any more


@pytest.mark.skipif(not Path("/proc/stat").exists(), reason="reads Linux's /proc")
def test_the_load_test_accounts_the_servers_cpu_apart_from_the_rest():
    import subprocess
    import sys

    from bench.load import _cpu_per_request, _cpu_snapshot, _cpu_spent

    # A process in a session of its own stands in for gunicorn: its CPU counts as the server's.
    spin = (
        "import sys, time\n"
        "end = time.process_time() + 0.4\n"
        "while time.process_time() < end:\n"
        "    pass\n"
        "sys.stdin.read()\n"
    )
    busy = subprocess.Popen(
        [sys.executable, "-c", spin],
        stdin=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        before = _cpu_snapshot(busy.pid)
        assert before["server"] < 0.4
        deadline = time.monotonic() + 10
        while _cpu_snapshot(busy.pid)["server"] < 0.35 and time.monotonic() < deadline:
            time.sleep(0.05)
        after = _cpu_snapshot(busy.pid)
    finally:
        busy.communicate(b"")
    spent = _cpu_spent(before, after)
    assert spent["server"] >= 0.3
    assert spent["machine_busy"] >= spent["server"] * 0.9
    per_request = _cpu_per_request(spent, requests=10)
    assert per_request["server_ms"] == round(spent["server"] * 100, 1)
    assert 0 < per_request["machine_busy_share"] <= 1
