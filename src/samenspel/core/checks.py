from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_field_encryption_keys(app_configs: object, **kwargs: object) -> list[Warning]:
    if settings.FIELD_ENCRYPTION_KEYS or settings.DEMO_MODE:
        return []
    return [
        Warning(
            "SAMENSPEL_FIELD_ENCRYPTION_KEYS is not set: secrets at rest are encrypted with a "
            "key derived from SAMENSPEL_SECRET_KEY.",
            hint="Generate one with `samenspel manage generate_encryption_key` and keep it "
            "apart from database backups.",
            id="samenspel.W001",
        )
    ]


# Caches that each worker process (or machine) keeps on its own: allauth's rate limits
# would be counted per worker, which is what let second-step codes be guessed.
PER_PROCESS_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
        "django.core.cache.backends.filebased.FileBasedCache",
    }
)


@register(Tags.security, deploy=True)
def check_shared_cache(app_configs: object, **kwargs: object) -> list[Error]:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES or settings.DEMO_MODE:
        return []
    return [
        Error(
            f"The default cache ({backend}) is not shared by all workers: allauth's rate "
            "limits on logins and reset mails would be counted per process.",
            hint="Leave SAMENSPEL_CACHE_URL empty for the database cache, or point it at Redis.",
            id="samenspel.E002",
        )
    ]
