from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "samenspel.audit"
    verbose_name = _("Access log")

    def ready(self) -> None:
        from samenspel.audit import checks, receivers  # noqa: F401

        post_migrate.connect(_start_sealer, sender=self, dispatch_uid="audit_start_sealer")


def _start_sealer(sender: Any, **kwargs: Any) -> None:
    """Every migrate (each deploy, each `samenspel demo`) makes sure the sealer is queued."""
    from samenspel.audit.tasks import schedule_sealer

    schedule_sealer()
