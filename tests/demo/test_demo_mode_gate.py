"""The demo's conveniences (codes on screen, plain-HTTP cookies) can only switch on for
SQLite on localhost with the demo flag; anywhere else the server refuses to start."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from samenspel import demo_mode

SQLITE = {"ENGINE": "django.db.backends.sqlite3", "NAME": "var/demo.sqlite3"}
POSTGRES = {"ENGINE": "django.db.backends.postgresql", "NAME": "samenspel"}


def test_demo_mode_on_sqlite_and_localhost():
    assert demo_mode.enabled(requested=True, database=SQLITE, allowed_hosts=["127.0.0.1"])


def test_no_demo_mode_unless_asked():
    assert not demo_mode.enabled(requested=False, database=SQLITE, allowed_hosts=["localhost"])


def test_demo_flag_on_postgresql_is_refused():
    with pytest.raises(ImproperlyConfigured, match="not SQLite"):
        demo_mode.enabled(requested=True, database=POSTGRES, allowed_hosts=["localhost"])


@pytest.mark.parametrize("hosts", [["samenspel.example.nl"], ["localhost", "*"], []])
def test_demo_flag_on_a_public_host_is_refused(hosts):
    with pytest.raises(ImproperlyConfigured, match="localhost"):
        demo_mode.enabled(requested=True, database=SQLITE, allowed_hosts=hosts)


def test_production_settings_refuse_to_load_with_the_demo_flag():
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMENSPEL_")}
    env.update(
        SAMENSPEL_SECRET_KEY="x" * 60,
        SAMENSPEL_DEMO="1",
        SAMENSPEL_ALLOWED_HOSTS="samenspel.example.nl",
        SAMENSPEL_DATABASE_URL="postgres://samenspel@db.example.nl/samenspel",
        DJANGO_SETTINGS_MODULE="samenspel.settings",
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.django_db
def test_outside_demo_mode_the_login_page_shows_no_demo_logins(client, settings):
    assert settings.DEMO_MODE is False
    html = client.get(reverse("account_login")).text
    assert 'data-testid="demo-panel"' not in html
    assert "samenspel-demo" not in html


@pytest.mark.django_db
def test_outside_demo_mode_the_second_step_shows_no_code(client):
    from tests.factories import TEST_PASSWORD, make_user

    user = make_user()
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    html = client.get(reverse("mfa_authenticate")).text
    assert 'data-testid="demo-code"' not in html


@pytest.mark.django_db
def test_conveniences_refuse_even_when_called_directly(rf, settings):
    from samenspel.demo.conveniences import demo_context

    settings.DEMO_MODE = False
    assert demo_context(rf.get(reverse("account_login"))) == {}


def test_load_demo_refuses_outside_demo_mode(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="demo mode"):
        call_command("load_demo")
