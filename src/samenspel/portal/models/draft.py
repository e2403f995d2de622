"""What a family member is still writing in the portal, kept on the server (issue 17: "a
draft is kept while they type ... so a dropped connection loses nothing").

One draft per member and form (`form_key`, e.g. "message:12" or "view:12:<goal key>"),
restored when they come back, removed when what they wrote is sent. Only that member's own
login reads it: it is not yet their words to the team.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PortalDraft(models.Model):
    member = models.ForeignKey("families.FamilyMember", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    form_key = models.CharField(max_length=80)
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("draft in the family portal")
        verbose_name_plural = _("drafts in the family portal")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["member", "form_key"], name="portal_draft_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} · {self.form_key}"
