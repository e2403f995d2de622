"""A one-time login link for a family member (issue 17: "a one-time login link by e-mail as
an alternative for families who lose passwords (short-lived, single-use, logged)").

Only a hash of the token is stored: whoever reads the database cannot log in with it. The
coordinator sends it; it opens only a login that holds nothing but the family-member role.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LoginLink(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("families.FamilyMember", on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("one-time login link")
        verbose_name_plural = _("one-time login links")
        indexes: ClassVar = [
            # The rate limit: links sent to one login in the last hour.
            models.Index(fields=["user", "sent_at"], name="portal_loginlink_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.sent_at:%Y-%m-%d %H:%M}"
