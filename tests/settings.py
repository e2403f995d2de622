"""Test settings: the production settings file, with test-speed and test-transport tweaks.

The database comes from SAMENSPEL_DATABASE_URL like in production; `scripts/test` runs the
suite once on PostgreSQL and once on SQLite.
"""

import os
from datetime import timedelta

os.environ.setdefault("SAMENSPEL_SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)
os.environ.setdefault("SAMENSPEL_HTTPS", "false")  # the test client and live server speak HTTP
os.environ.setdefault(
    "SAMENSPEL_VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test")
)

from samenspel.settings import *  # noqa: F403

# Argon2 is deliberately slow; tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# WhiteNoise warns about a missing static root; tests serve static files through the finders.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# Query-count guards must not see a session save because a counted request came more than
# a minute after the warm-up one (slow machine); the session-timeout tests travel in time.
SESSION_LAST_SEEN_RESOLUTION = timedelta(minutes=10)
# A second alias for the router tests (tests/ops/test_db_router.py): the same test database,
# as a replica is the same data. The router uses it only where a test switches it on.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
REPLICA_READS = False

# An access-log action or purpose outside audit/vocabulary.py fails the test that writes it.
SAMENSPEL_AUDIT_STRICT = True
