from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "samenspel.audit"
    verbose_name = _("Access log")

    def ready(self) -> None:
        from samenspel.audit import receivers  # noqa: F401
