"""Lessons learned (geleerde lessen), their attachments, and proposed glossary terms.

A lesson may come from a process review, a barometer round or a closed trajectory. It keeps
only the kind of its source and, for sources without family data (a network's process review,
a barometer round), its id: a closed trajectory is never linked, so no path leads from the hub
back to a family."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samenspel.core.fields import LimitedTextField
from samenspel.knowledge.models.authored import Authored
from samenspel.knowledge.models.learning import LearningNetwork
from samenspel.knowledge.querysets import HubItemQuerySet


class SourceKind(models.TextChoices):
    NONE = "", _("Written directly")
    PROCESS_REVIEW = "process_review", _("A process review")
    BAROMETER_ROUND = "barometer_round", _("A barometer round")
    CLOSED_TRAJECTORY = "closed_trajectory", _("A closed trajectory (anonymised)")


class Lesson(Authored):
    """A lesson learned: the context, what happened, what we learned, what we change."""

    learning_network = models.ForeignKey(
        LearningNetwork, on_delete=models.CASCADE, related_name="lessons"
    )
    title = models.CharField(_("title"), max_length=200)
    context = LimitedTextField(_("context"), help_text=_("Markdown. No names or family data."))
    what_happened = LimitedTextField(_("what happened"), help_text=_("Markdown."))
    what_we_learned = LimitedTextField(_("what we learned"), help_text=_("Markdown."))
    what_we_change = LimitedTextField(_("what we change"), help_text=_("Markdown."))
    source_kind = models.CharField(
        _("comes from"), max_length=20, choices=SourceKind.choices, blank=True, default=""
    )
    # The id of a source without family data (network.ProcessReview, a barometer round);
    # always empty for a closed trajectory (a check constraint holds it).
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    agreement_version = models.ForeignKey(
        "network.AgreementVersion",
        verbose_name=_("agreement version it changed"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
    )
    intervention = models.ForeignKey(
        "network.Intervention",
        verbose_name=_("method or intervention"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_lessons",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = HubItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")
        ordering: ClassVar = ["-created_at", "-pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(source_kind="closed_trajectory") | Q(source_id__isnull=True),
                name="knowledge_lesson_no_trajectory_link",
            ),
        ]
        indexes: ClassVar = [
            models.Index(
                fields=["learning_network", "-created_at"], name="knowledge_lesson_net_idx"
            ),
            models.Index(fields=["is_public", "-created_at"], name="knowledge_lesson_public_idx"),
        ]

    def __str__(self) -> str:
        return self.title


ALLOWED_TYPES = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024


class Attachment(models.Model):
    """A file with a lesson. Kept in the database (outside any web root, like profile photos)
    and served only through the hub's access rules."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", pgettext_lazy("term proposal", "Accepted")
    DECLINED = "declined", pgettext_lazy("term proposal", "Declined")


class TermProposal(models.Model):
    """A proposed glossary term; a network administrator of that network reviews it, and an
    accepted proposal becomes a term of the network's glossary."""

    network = models.ForeignKey(
        "network.Network", on_delete=models.CASCADE, related_name="term_proposals"
    )
    term = models.CharField(_("term"), max_length=120)
    definition = LimitedTextField(
        _("explanation"), help_text=_("In plain language (B1): short sentences, everyday words.")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default="proposed"
    )
    review_note = models.CharField(_("note from the reviewer"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("term proposal")
        verbose_name_plural = _("term proposals")
        ordering: ClassVar = ["-proposed_at"]
        indexes: ClassVar = [
            models.Index(fields=["network", "status"], name="knowledge_proposal_idx"),
        ]

    def __str__(self) -> str:
        return self.term
