"""`samenspel demo` prepares an SQLite database under ./var and loads idempotently."""

import re
import sqlite3
import subprocess
import sys

import pytest
from django.urls import reverse

from samenspel.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD


def _run_demo(cwd):
    return subprocess.run(
        [sys.executable, "-m", "samenspel.cli", "demo", "--no-serve"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_demo_prepares_var_and_prints_the_logins(tmp_path):
    first = _run_demo(tmp_path)
    second = _run_demo(tmp_path)  # idempotent: a second run changes nothing

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert "http://127.0.0.1:8000/" in first.stdout
    for account in DEMO_ACCOUNTS:
        assert account.email in first.stdout
    db = sqlite3.connect(tmp_path / "var" / "samenspel.sqlite3")
    # The logins; the story adds colleagues (without a password) to fill the directory.
    (users,) = db.execute(
        "SELECT count(*) FROM accounts_user WHERE email LIKE '%@demo.samenspel.nl'"
    ).fetchone()
    assert users == len(DEMO_ACCOUNTS)
    # The story's mails belong to its past: none waits for the worker, which would print them
    # all at start and push the logins off the screen (some sixty on a fresh demo).
    (waiting,) = db.execute(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult "
        "WHERE status = 'READY' AND task_path = 'samenspel.trajectories.tasks.send_notification'"
    ).fetchone()
    assert waiting == 0


@pytest.mark.django_db
def test_in_demo_mode_a_newcomer_logs_in_without_a_phone(client, settings):
    from samenspel.demo.loader import load_demo

    settings.DEMO_MODE = True
    load_demo()
    coordinator = DEMO_ACCOUNTS[0]

    login_page = client.get(reverse("account_login")).text
    assert coordinator.email in login_page
    client.post(reverse("account_login"), {"login": coordinator.email, "password": DEMO_PASSWORD})
    code = re.search(
        r'data-testid="demo-code">(\d{6})<', client.get(reverse("mfa_authenticate")).text
    )
    assert code
    client.post(reverse("mfa_authenticate"), {"code": code.group(1)})

    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
def test_the_same_login_twice_within_one_code_step(client, settings):
    """A code is accepted once. A visitor who logs out and in again as the same login within
    the same 30 seconds is shown the next step's code (accepted: tolerance 1), not the code
    just used, which the page would refuse as "Ongeldige code"; a third time, the page says
    how long until there is a new code."""
    import datetime

    import time_machine
    from django.utils import timezone

    from samenspel.demo.loader import load_demo

    settings.DEMO_MODE = True
    now = timezone.now().replace(microsecond=0)
    step_start = now - datetime.timedelta(seconds=now.second % 30)
    email = DEMO_ACCOUNTS[0].email
    codes = []
    # The demo data is made under the same pinned clock as the logins (fixture and body alike).
    with time_machine.travel(step_start + datetime.timedelta(seconds=1), tick=False):
        load_demo()
        for _ in range(2):
            client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
            page = client.get(reverse("mfa_authenticate")).text
            codes.append(re.search(r'data-testid="demo-code">(\d{6})<', page).group(1))
            response = client.post(reverse("mfa_authenticate"), {"code": codes[-1]})
            assert "Ongeldige code" not in response.text
            assert client.get(reverse("core:home")).status_code == 200
            client.logout()
        # A third time within the step: both codes are used; the page says when to reload.
        client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
        page = client.get(reverse("mfa_authenticate")).text
    assert codes[0] != codes[1]
    assert 'data-testid="demo-code-wait"' in page
    assert "Over 29 seconden staat hier een nieuwe code" in page


_TASK_LINES = """
import logging, django
django.setup()
tasks = logging.getLogger("django.tasks")
tasks.setLevel(logging.INFO)  # as the worker command does at its default verbosity
tasks.info("Task id=1 path=samenspel.audit.tasks.seal_access_log state=SUCCESSFUL")
tasks.error("Task id=2 path=samenspel.audit.tasks.seal_access_log state=FAILED")
logging.getLogger("samenspel").warning("the demo run")
"""


def test_the_demo_terminal_keeps_the_logins_readable(tmp_path, monkeypatch):
    """The demo logs plain lines and no line per routine task run (the access log's sealer
    runs every few seconds and pushed the printed logins off the screen); a failed task is
    still logged, and what the person set in the environment wins."""
    import os

    from samenspel import cli

    monkeypatch.chdir(tmp_path)
    # The demo sets its variables in the process's environment: give it a copy to change.
    monkeypatch.setattr(os, "environ", dict(os.environ))
    for name in ("SAMENSPEL_LOG_FORMAT", "SAMENSPEL_TASK_LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    environment = cli._demo_environment()
    assert environment["SAMENSPEL_LOG_FORMAT"] == "plain"
    assert environment["SAMENSPEL_TASK_LOG_LEVEL"] == "WARNING"
    # What a worker under the demo's environment prints for a routine run and a failed one
    # (the worker command sets the task logger's level from its verbosity, so the quieting
    # must survive that).
    printed = subprocess.run(
        [sys.executable, "-c", _TASK_LINES],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stderr
    assert "state=SUCCESSFUL" not in printed
    assert "state=FAILED" in printed
    assert "the demo run" in printed

    monkeypatch.setenv("SAMENSPEL_TASK_LOG_LEVEL", "INFO")
    assert cli._demo_environment()["SAMENSPEL_TASK_LOG_LEVEL"] == "INFO"
