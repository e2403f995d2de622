"""Profile photos ("een gezicht bij een naam"). Kept in the database, small and re-encoded, so
that they are served only to colleagues who may see the directory, and carry no metadata."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.network.models.core import Professional


class ProfessionalPhoto(models.Model):
    professional = models.OneToOneField(
        Professional, on_delete=models.CASCADE, primary_key=True, related_name="photo"
    )
    # A JPEG of at most PHOTO_SIZE pixels a side, without EXIF (location, camera).
    image = models.BinaryField(_("photo"))
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return str(self.professional)
