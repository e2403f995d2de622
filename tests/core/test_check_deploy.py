"""`check --deploy` under production settings reports nothing, and production defaults are
safe without any configuration beyond the required secrets."""

import os
import subprocess
import sys

import pytest

PRODUCTION_ENV = {
    "SAMENSPEL_SECRET_KEY": "p" * 20 + "Zx8!kQ2@vN5#mL7$wR4%tY6^uI9&oP1*aS3(dF0)" + "q" * 10,
    "SAMENSPEL_ALLOWED_HOSTS": "samenspel.example.nl",
    "SAMENSPEL_DATABASE_URL": "postgres://samenspel@db.example.nl:5432/samenspel",
    "SAMENSPEL_FIELD_ENCRYPTION_KEYS": "G6hGYa5cW5vTq5E7lVQn2s0Yk8m5uQ0bX3d6f9h1j4k=",
    "SAMENSPEL_AUDIT_KEYS": "2026-12:" + "k" * 20 + "Qz7!pL2@xW9#" + "m" * 20,
}


def _manage(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMENSPEL_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # The browser tests' conftest allows sync ORM calls under Playwright's event loop; a
    # deployment never has it, and check --deploy rightly refuses it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(PRODUCTION_ENV)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "samenspel.cli", "manage", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", env_extra={"SAMENSPEL_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SAMENSPEL_SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    "setting,value",
    [
        ("DEBUG", "False"),
        ("SECURE_SSL_REDIRECT", "True"),
        ("SESSION_COOKIE_SECURE", "True"),
        ("DEMO_MODE", "False"),
        ("SECURE_HSTS_SECONDS", "63072000"),
    ],
)
def test_production_defaults(setting, value):
    result = _manage("shell", "-c", f"from django.conf import settings; print(settings.{setting})")
    assert result.stdout.strip().splitlines()[-1] == value, result.stderr


@pytest.mark.parametrize(
    "cache_url,engine",
    [
        ("", "django.contrib.sessions.backends.db"),
        ("redis://127.0.0.1:6379/9", "django.contrib.sessions.backends.cached_db"),
    ],
)
def test_sessions_use_the_cache_only_when_it_is_shared(cache_url, engine):
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SESSION_ENGINE); "
        "from django.core.cache import caches; cache = caches['default']; "
        "print(type(cache).__name__); "
        # The client is built without connecting: this needs the Redis library installed.
        "print(type(getattr(cache, '_cache', cache)).__module__)",
        env_extra={"SAMENSPEL_CACHE_URL": cache_url},
    )
    session_engine, cache_backend, client = result.stdout.strip().splitlines()[-3:]
    assert session_engine == engine, result.stderr
    # Without Redis the cache is a database table: shared by all workers, never per process.
    assert cache_backend == ("RedisCache" if cache_url else "DatabaseCache")
    if cache_url:
        assert client == "django.core.cache.backends.redis", result.stderr
