"""`samenspel serve` runs gunicorn with WhiteNoise: the app and its static files, no Node."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def production_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMENSPEL_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        SAMENSPEL_SECRET_KEY="serve-test-" + "k" * 50,
        SAMENSPEL_VAR_DIR=str(tmp_path / "var"),
        SAMENSPEL_HTTPS="false",  # no TLS proxy in this test
    )
    return env


def test_serve_answers_with_pages_and_static_files(production_env):
    manage = [sys.executable, "-m", "samenspel.cli", "manage"]
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        # The bound stops a hang; it does not time the command. A fresh database's migrate
        # once took over 120 s on a 2-core machine busy with other work.
        subprocess.run([*manage, *command], env=production_env, check=True, timeout=300)
    port = _free_port()
    server = subprocess.Popen(
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
        env=production_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        health = _get(f"http://127.0.0.1:{port}/healthz")
        login = _get(f"http://127.0.0.1:{port}/accounts/login/")
        css = login.read().decode().split('href="/static/samenspel/app.')[1].split('"')[0]
        static = _get(f"http://127.0.0.1:{port}/static/samenspel/app.{css}")
        assert health.status == 200
        assert "immutable" in static.headers["Cache-Control"]
        assert "Content-Security-Policy" in login.headers
    finally:
        server.terminate()
        server.wait(timeout=10)


def _get(url: str, attempts: int = 50):
    for _ in range(attempts):
        try:
            return urllib.request.urlopen(url, timeout=5)  # noqa: S310 - loopback only
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")
