"""The one gate for demo conveniences.

The demo shows its one-time codes on screen and accepts cookies over plain HTTP so that a
newcomer can log in without a phone. That must never be possible in production, so the
conveniences switch on only when all three hold: the demo flag is set, the database is
SQLite, and the server answers on localhost only. A flag set anywhere else stops the
server from starting instead of quietly weakening it.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})


def enabled(*, requested: bool, database: Mapping[str, Any], allowed_hosts: Sequence[str]) -> bool:
    if not requested:
        return False
    if database.get("ENGINE") != "django.db.backends.sqlite3":
        raise ImproperlyConfigured(
            "SAMENSPEL_DEMO is set, but the database is not SQLite. The demo conveniences "
            "are refused on a production database."
        )
    foreign = [host for host in allowed_hosts if host not in LOCAL_HOSTS]
    if not allowed_hosts or foreign:
        raise ImproperlyConfigured(
            "SAMENSPEL_DEMO is set, but SAMENSPEL_ALLOWED_HOSTS names hosts other than "
            f"localhost ({', '.join(foreign) or 'none'}). The demo only runs on localhost."
        )
    return True
