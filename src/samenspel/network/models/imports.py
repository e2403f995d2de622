"""Imports of organisations and professionals from CSV or XLSX files."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.network.models.core import Network


class ImportKind(models.TextChoices):
    ORGANISATIONS = "organisations", _("Organisations")
    PROFESSIONALS = "professionals", _("Professionals")


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """One uploaded file: first checked completely (dry run), then imported all at once.
    The rows are kept as parsed, so checking and importing read the same data."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="imports")
    kind = models.CharField(_("what"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("file"), max_length=255)
    rows = models.JSONField(_("rows"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    problems = models.JSONField(_("problems"), default=list)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else 100

    @property
    def finished(self) -> bool:
        return self.status in {ImportStatus.CHECKED, ImportStatus.DONE, ImportStatus.FAILED}
