"""Learning networks (leernetwerken): organisations of several networks learning together on
one theme, with a facilitator (kennismakelaar), members and meetings. No family data here."""

from __future__ import annotations

import datetime
import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samenspel.core.fields import LimitedTextField
from samenspel.knowledge.models.themes import Theme
from samenspel.knowledge.querysets import LearningNetworkQuerySet


class LearningNetwork(models.Model):
    """A learning network (leernetwerk) on one theme."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="learning_networks"
    )
    purpose = LimitedTextField(_("what we work on"), help_text=_("Markdown. In plain language."))
    networks = models.ManyToManyField(
        "network.Network",
        verbose_name=_("networks taking part"),
        related_name="learning_networks",
        blank=True,
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator (kennismakelaar)"),
        on_delete=models.PROTECT,
        related_name="facilitated_learning_networks",
    )
    is_public = models.BooleanField(
        _("visible to everyone in the deployment"),
        default=False,
        help_text=_("Otherwise only members see this learning network."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = LearningNetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("learning network")
        verbose_name_plural = _("learning networks")
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class MemberKind(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    EXPERIENCE_EXPERT = "experience_expert", _("Experience expert")
    FAMILY_REPRESENTATIVE = "family_representative", _("Family representative (by invitation)")
    CLIENT_PANEL = "client_panel", _("Client panel (by invitation)")


class Membership(models.Model):
    """A person's membership of a learning network, on behalf of an organisation (kept when
    they leave, so what they wrote still names it)."""

    learning_network = models.ForeignKey(
        LearningNetwork, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_memberships"
    )
    kind = models.CharField(
        _("taking part as"), max_length=24, choices=MemberKind.choices, default="professional"
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    joined_on = models.DateField(_("member since"), default=timezone.localdate)
    left_on = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = pgettext_lazy("learning network", "members")
        ordering: ClassVar = ["user__full_name"]
        constraints: ClassVar = [
            # One current membership per person and learning network.
            models.UniqueConstraint(
                fields=["learning_network", "user"],
                condition=Q(left_on__isnull=True),
                name="knowledge_membership_one_current",
            ),
        ]
        indexes: ClassVar = [
            # "Which learning networks am I in?": every hub page asks.
            models.Index(fields=["user", "left_on"], name="knowledge_member_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.learning_network}"


class LearningMeeting(models.Model):
    """A meeting of a learning network, with an iCalendar file like the MDO's."""

    learning_network = models.ForeignKey(
        LearningNetwork, on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    location = models.CharField(_("location"), max_length=200, blank=True)
    agenda = LimitedTextField(_("agenda"), blank=True, help_text=_("Markdown."))
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("learning network meeting")
        verbose_name_plural = _("learning network meetings")
        ordering: ClassVar = ["starts_at"]
        indexes: ClassVar = [
            models.Index(fields=["learning_network", "starts_at"], name="knowledge_meeting_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)
