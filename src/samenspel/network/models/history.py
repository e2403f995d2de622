"""The visible history of a network's data: who changed what, when. The access log (audit)
is the security record; this is the administrators' own view of the same changes."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.network.models.core import Network


class NetworkChange(models.Model):
    # Empty for deployment-wide data: sectors, the expertise taxonomy, languages.
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, null=True, blank=True, related_name="changes"
    )
    object_type = models.CharField(_("what"), max_length=100)
    object_id = models.CharField(max_length=40)
    summary = models.CharField(_("change"), max_length=300)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering: ClassVar = ["-changed_at", "-pk"]
        indexes: ClassVar = [
            # The management page: "the latest changes in this network".
            models.Index(fields=["network", "-changed_at"], name="network_change_net_idx"),
            # An edit page: "the history of this object".
            models.Index(fields=["object_type", "object_id"], name="network_change_obj_idx"),
        ]

    def __str__(self) -> str:
        return self.summary

    @classmethod
    def history_of(cls, obj: models.Model) -> models.QuerySet[NetworkChange]:
        return cls.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk)
        ).select_related("changed_by")
