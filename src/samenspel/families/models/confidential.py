"""Per-member confidential sections (DOMAIN.md §6): e.g. an adolescent's mental-health notes
that need not be visible to the parents or to the debt counsellor on the same team.

A section names who may read it: professionals by name, and/or care-team roles. The member
themselves may always read their own. Everyone else, including the rest of the family, does
not (`samenspel.access.policy.can_see_confidential`). Other apps mark their own items as
confidential for a member and ask `confidential_member_ids(user, family)` which to hide.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField


class ConfidentialSection(models.Model):
    """A confidential section (afgeschermd deel) of one member's file."""

    member = models.ForeignKey(
        "families.FamilyMember", on_delete=models.CASCADE, related_name="confidential_sections"
    )
    title = models.CharField(_("title"), max_length=200)
    content = LimitedTextField(_("notes"), blank=True)
    allowed_professionals = models.ManyToManyField(
        "network.Professional",
        verbose_name=_("visible to these professionals"),
        related_name="+",
        blank=True,
    )
    # Care-team roles (trajectories.CareTeamRole values) whose holders may read it.
    allowed_roles = models.JSONField(_("visible to these team roles"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("confidential section")
        verbose_name_plural = _("confidential sections")
        ordering: ClassVar = ["member", "id"]

    def __str__(self) -> str:
        return self.title
