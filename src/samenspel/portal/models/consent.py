"""Consent given in the family portal: every person the age rules name confirms it themselves
(a 14-year-old and a parent with authority each; Jeugdwet 7.3.4), and only then is it recorded
as a consent of the file (families.Consent, through `families.actions.record_consent`)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsentDraft(models.Model):
    """A consent a family member started in the portal, waiting for everyone who must give it."""

    family = models.ForeignKey(
        "families.Family", on_delete=models.CASCADE, related_name="portal_consent_drafts"
    )
    organisations = models.ManyToManyField(
        "network.Organisation", verbose_name=_("which organisations"), related_name="+"
    )
    categories = models.JSONField(_("what they may see"), default=list)
    about = models.ManyToManyField(
        "families.FamilyMember", verbose_name=_("about whom"), related_name="+"
    )
    valid_until = models.DateField(_("until when"))
    started_by = models.ForeignKey(
        "families.FamilyMember", on_delete=models.CASCADE, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    # The consent of the file, once everyone confirmed.
    consent = models.OneToOneField(
        "families.Consent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consent being given")
        verbose_name_plural = _("consents being given")
        ordering: ClassVar = ["family", "-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.family_id} · {self.started_at:%Y-%m-%d}"


class ConsentConfirmation(models.Model):
    """One person's "yes" to a consent being given in the portal."""

    draft = models.ForeignKey(ConsentDraft, on_delete=models.CASCADE, related_name="confirmations")
    member = models.ForeignKey("families.FamilyMember", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["draft", "member"], name="portal_confirm_once"),
        ]

    def __str__(self) -> str:
        return f"{self.draft_id} · {self.member_id}"
