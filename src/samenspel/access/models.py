"""Break-the-glass (noodtoegang): a professional outside the care team opens a file after
stating a reason, for a limited time; every such access waits for review by the security
officer and the team's coordinator (DOMAIN.md §6)."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField

# Long enough to act in an emergency, short enough that it is not a back door.
BREAK_GLASS_DURATION = datetime.timedelta(hours=4)


class ReviewOutcome(models.TextChoices):
    JUSTIFIED = "justified", _("Justified")
    UNJUSTIFIED = "unjustified", _("Not justified")


class BreakGlassQuerySet(models.QuerySet["BreakGlassAccess"]):
    def active_at(self, moment: datetime.datetime) -> BreakGlassQuerySet:
        """Open at `moment`; a review that finds it unjustified ends it at once."""
        return self.filter(opened_at__lte=moment, expires_at__gt=moment).exclude(
            review_outcome=ReviewOutcome.UNJUSTIFIED
        )

    def awaiting_review(self) -> BreakGlassQuerySet:
        return self.filter(reviewed_at__isnull=True)


class BreakGlassAccess(models.Model):
    """One emergency access to one family's file by one user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_accesses"
    )
    family = models.ForeignKey(
        "families.Family", on_delete=models.CASCADE, related_name="break_glass_accesses"
    )
    reason = LimitedTextField(_("reason"))
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    review_outcome = models.CharField(
        _("review"), max_length=12, choices=ReviewOutcome.choices, blank=True
    )
    review_note = LimitedTextField(_("review note"), blank=True)

    objects = BreakGlassQuerySet.as_manager()

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering: ClassVar = ["-opened_at", "-id"]
        indexes: ClassVar = [
            # The policy: "does this user hold an open emergency access to this family?"
            models.Index(fields=["user", "expires_at"], name="access_btg_user_idx"),
            # The review list: accesses not yet reviewed.
            models.Index(
                fields=["opened_at"],
                condition=models.Q(reviewed_at__isnull=True),
                name="access_btg_unreviewed_idx",
            ),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("opened_at")),
                name="access_btg_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.family_id} · {self.opened_at:%Y-%m-%d %H:%M}"


class ConsentRenewal(models.Model):
    """A coordinator's task "ask consent again": a consent about a child stops covering them
    at the birthday that changes who must consent (12, and 16 in the Netherlands; Jeugdwet
    7.3.4), and the policy withholds the child from then on (`access.policy`). Made some
    weeks before by the daily run (`access.renewal.create_renewal_tasks`), once per consent,
    child and birthday; done when a consent about the child from that birthday exists."""

    consent = models.ForeignKey(
        "families.Consent", on_delete=models.CASCADE, related_name="renewal_tasks"
    )
    member = models.ForeignKey(
        "families.FamilyMember", on_delete=models.CASCADE, related_name="renewal_tasks"
    )
    crossing_on = models.DateField(_("birthday"))
    age = models.PositiveSmallIntegerField(_("age"))
    created_at = models.DateTimeField(_("made"), default=timezone.now)
    notified = models.PositiveSmallIntegerField(_("coordinators notified"), default=0)

    class Meta:
        verbose_name = _("consent to ask again")
        verbose_name_plural = _("consents to ask again")
        ordering: ClassVar = ["crossing_on", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["consent", "member", "crossing_on"], name="access_renewal_unique"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["crossing_on"], name="access_renewal_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.consent_id} · {self.member_id} · {self.crossing_on}"
