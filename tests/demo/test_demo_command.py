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
