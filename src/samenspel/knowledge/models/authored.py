"""What every written item of the hub shares: who wrote it, on behalf of which organisation.

Name and organisation are kept as written (a snapshot), so what a person wrote stays readable,
with their organisation named, after they have left (source 003: knowledge kept despite staff
turnover)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Authored(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_name = models.CharField(_("written by"), max_length=200)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    is_public = models.BooleanField(
        _("visible to everyone in the deployment"),
        default=False,
        help_text=_("Otherwise only members of the learning network see it."),
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        abstract = True

    @property
    def byline(self) -> str:
        if self.organisation_name:
            return f"{self.author_name} ({self.organisation_name})"
        return self.author_name
