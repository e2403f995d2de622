from django.conf import settings
from django.core.checks import Tags, Warning, register


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
