"""Themes of the knowledge hub (SAMEN, source 003): data, not code. The four SAMEN themes come
from a data migration; a deployment adds or renames its own."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField


class Theme(models.Model):
    """A theme (thema) that learning networks work on, e.g. "Normaliseren"."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = LimitedTextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering: ClassVar = ["position", "name"]

    def __str__(self) -> str:
        return self.name
