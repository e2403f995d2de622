"""The `samenspel` command: demo, serve, worker, manage."""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
from pathlib import Path

DEMO_HOST = "127.0.0.1"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args, rest = parser.parse_known_args(argv)
    if args.command == "manage":
        return _manage(rest, demo=args.demo)
    if rest:
        parser.error(f"unrecognised arguments: {' '.join(rest)}")
    if args.command == "demo":
        return _demo(port=args.port, serve=not args.no_serve)
    if args.command == "serve":
        return _serve(bind=args.bind, workers=args.workers, threads=args.threads)
    if args.command == "worker":
        return _manage(["db_worker", *(["--queue-name", args.queue] if args.queue else [])])
    parser.print_help()
    return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="samenspel",
        description="Samenspel: integral family help, one team around one family.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser(
        "demo",
        help="start the demo: SQLite under ./var, demo network and logins, on 127.0.0.1",
        description="Create or migrate an SQLite database under ./var/, load the demo data "
        "(idempotent), then serve the app on 127.0.0.1 with a task worker and print the logins.",
    )
    demo.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")
    demo.add_argument(
        "--no-serve", action="store_true", help="prepare the database and data, then stop"
    )
    serve = sub.add_parser(
        "serve",
        help="run the production web server (gunicorn; static files via WhiteNoise)",
        description="Serve with gunicorn. Configure with SAMENSPEL_* environment variables "
        "(see README). Run `samenspel manage migrate` and `collectstatic` when deploying.",
    )
    serve.add_argument("--bind", default=os.environ.get("SAMENSPEL_BIND", "127.0.0.1:8000"))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3)))
    serve.add_argument("--threads", type=int, default=4)
    worker = sub.add_parser(
        "worker", help="run the background task worker (reminders, survey rounds, exports)"
    )
    worker.add_argument("--queue", default="", help="only this queue")
    manage = sub.add_parser(
        "manage",
        help="run a Django management command, e.g. `samenspel manage verify_audit_log`",
        add_help=False,
    )
    manage.add_argument(
        "--demo", action="store_true", help="use the demo database and settings under ./var"
    )
    return parser


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenspel.settings")
    import django

    django.setup()


def _manage(args: list[str], *, demo: bool = False) -> int:
    if demo:
        _demo_environment()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenspel.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["samenspel manage", *args])
    return 0


def _demo_environment() -> dict[str, str]:
    """The demo runs from ./var with its own secret, on SQLite and localhost only."""
    var = Path("var").resolve()
    var.mkdir(exist_ok=True)
    key_file = var / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    for name in ("SAMENSPEL_DATABASE_URL", "SAMENSPEL_ALLOWED_HOSTS"):
        os.environ.pop(name, None)  # the demo never touches a configured database
    os.environ.update(
        {
            "SAMENSPEL_DEMO": "1",
            "SAMENSPEL_VAR_DIR": str(var),
            "SAMENSPEL_SECRET_KEY": key_file.read_text().strip(),
            "SAMENSPEL_ALLOWED_HOSTS": "localhost,127.0.0.1",
            "DJANGO_SETTINGS_MODULE": "samenspel.settings",
        }
    )
    # A terminal a person reads: plain log lines, and no line per routine task run (the access
    # log's sealer alone would push the printed logins off the screen within a minute). Failed
    # tasks are still shown; either can be set back in the environment.
    os.environ.setdefault("SAMENSPEL_LOG_FORMAT", "plain")
    os.environ.setdefault("SAMENSPEL_TASK_LOG_LEVEL", "WARNING")
    return dict(os.environ)


def _demo(*, port: int, serve: bool) -> int:
    env = _demo_environment()
    if serve and not _port_free(port):
        print(f"Port {port} on {DEMO_HOST} is in use. Try: samenspel demo --port {port + 1}")
        return 1
    _django_setup()
    from django.core.management import call_command

    print("Samenspel demo: preparing the database in ./var …")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0)
    if not serve:
        _print_logins(port)
        return 0
    python = sys.executable
    worker = subprocess.Popen([python, "-m", "samenspel.cli", "worker"], env=env)
    web = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "samenspel.wsgi:application",
            "--bind",
            f"{DEMO_HOST}:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--access-logfile",
            "-",
        ],
        env=env,
    )
    _print_logins(port)

    def stop(signum: int, frame: object) -> None:
        for process in (web, worker):
            process.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    code = web.wait()
    worker.terminate()
    worker.wait(timeout=10)
    return code if code > 0 else 0


def _print_logins(port: int) -> None:
    from django.utils import translation

    from samenspel.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

    with translation.override("en"):
        print()
        print(f"  Samenspel demo: http://{DEMO_HOST}:{port}/")
        print(f"  Password for every login: {DEMO_PASSWORD}")
        print("  The second login step shows its code on screen (demo only).")
        print()
        for account in DEMO_ACCOUNTS:
            print(f"  {account.email:34} {account.description}")
        print()
        print("  Stop with Ctrl+C. These logins again: uv run samenspel demo --no-serve")
        print(flush=True)


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((DEMO_HOST, port))
        except OSError:
            return False
    return True


def _serve(*, bind: str, workers: int, threads: int) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenspel.settings")
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # gunicorn's workers are separate processes: prometheus-client's multiprocess mode
        # lets /metrics add up all of them. A fresh directory per server start.
        import tempfile

        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="samenspel-metrics-")
    os.execv(  # noqa: S606 - replaces this process with gunicorn, same interpreter
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "samenspel.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            # Several instances share a machine in the reference topology: the control
            # socket's one default path (~/.gunicorn/gunicorn.ctl) would be fought over.
            "--no-control-socket",
            # No gunicorn access log: it writes paths and query strings (family ids, searched
            # names). core.logs writes one JSON line per request without them.
            "--forwarded-allow-ips",
            os.environ.get("SAMENSPEL_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ],
    )


if __name__ == "__main__":
    sys.exit(main())
