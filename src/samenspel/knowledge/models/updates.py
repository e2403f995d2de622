"""Progress updates (voortgangsberichten): "elkaar structureel informeren over de voortgang"
(source 003). Short posts in a feed per learning network and per theme, and a weekly digest."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField
from samenspel.knowledge.models.authored import Authored
from samenspel.knowledge.models.learning import LearningNetwork
from samenspel.knowledge.models.themes import Theme
from samenspel.knowledge.querysets import HubItemQuerySet


class UpdateKind(models.TextChoices):
    METHOD = "method", _("A new method")
    AGREEMENT = "agreement", _("A changed agreement")
    RESULT = "result", _("A result")
    OTHER = "other", _("Other news")


class ProgressUpdate(Authored):
    """A short post on what changed in an organisation or network."""

    learning_network = models.ForeignKey(
        LearningNetwork, on_delete=models.CASCADE, related_name="updates"
    )
    kind = models.CharField(_("what changed"), max_length=12, choices=UpdateKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = LimitedTextField(_("message"), help_text=_("Markdown. A few sentences."))

    objects = HubItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering: ClassVar = ["-created_at", "-pk"]
        indexes: ClassVar = [
            # The feed of one learning network, newest first.
            models.Index(
                fields=["learning_network", "-created_at"], name="knowledge_update_feed_idx"
            ),
            # The deployment-wide public feed and the weekly digest's window.
            models.Index(fields=["is_public", "-created_at"], name="knowledge_update_public_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class ThemeSubscription(models.Model):
    """A person follows a theme: its updates and lessons come in their weekly digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="theme_subscriptions"
    )
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="subscriptions")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("theme subscription")
        verbose_name_plural = _("theme subscriptions")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "theme"], name="knowledge_subscription_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.theme}"


class DigestFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Once a week")
    NEVER = "never", _("Never")


class NotificationPreference(models.Model):
    """How often a person wants the hub's digest mail. No row means the default: weekly for
    whoever follows a theme or is a member of a learning network."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="knowledge_preference"
    )
    digest = models.CharField(
        _("digest mail"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_digest_display()}"


class DigestMail(models.Model):
    """A digest mail as sent (the outbox): one per person and week, so a second run of the
    weekly task sends nothing twice, and a person can read back what they were sent."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="knowledge_digests"
    )
    week_of = models.DateField(_("week of"))
    subject = models.CharField(_("subject"), max_length=200)
    body = LimitedTextField(_("text"))
    items = models.PositiveSmallIntegerField(_("items"), default=0)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("digest mail")
        verbose_name_plural = _("digest mails")
        ordering: ClassVar = ["-week_of", "-pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["recipient", "week_of"], name="knowledge_digest_once_a_week"
            ),
        ]

    def __str__(self) -> str:
        return self.subject
