"""`check --deploy` fails when the cache that holds allauth's rate limits is per process."""

from django.core.checks import Error
from django.test import override_settings

from samenspel.core.checks import check_shared_cache


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    DEMO_MODE=False,
)
def test_a_per_process_cache_fails_the_deploy_check():
    errors = check_shared_cache(None)
    assert [e.id for e in errors] == ["samenspel.E002"]
    assert isinstance(errors[0], Error)


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "samenspel_cache",
        }
    },
    DEMO_MODE=False,
)
def test_the_database_cache_passes():
    assert check_shared_cache(None) == []


def test_production_settings_default_to_a_shared_cache():
    from tests.core.test_check_deploy import _manage

    result = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.CACHES['default'])"
    )
    assert "DatabaseCache" in result.stdout, result.stderr
