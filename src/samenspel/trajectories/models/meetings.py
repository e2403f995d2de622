"""Meetings about one family: the MDO (multidisciplinair overleg), evaluations and
process-level case reviews (source 002). Each discipline's perspective is kept, and one
integrated analysis is written from them (DOMAIN.md §4, phase 4)."""

from __future__ import annotations

import datetime
import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField


class MeetingKind(models.TextChoices):
    MDO = "mdo", _("Multidisciplinary meeting (MDO)")
    EVALUATION = "evaluation", _("Evaluation")
    PROCESS_REVIEW = "process_review", _("Process review")


class Meeting(models.Model):
    """A meeting about one trajectory."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    location = models.CharField(_("location"), max_length=200, blank=True)
    agenda = LimitedTextField(_("agenda"), blank=True)
    integrated_analysis = LimitedTextField(_("integrated analysis"), blank=True)
    decisions = LimitedTextField(_("decisions"), blank=True)
    held = models.BooleanField(_("held"), default=False)
    # Stable across updates so calendars replace the invitation instead of adding one.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering: ClassVar = ["-starts_at", "-id"]
        indexes: ClassVar = [
            # Meetings of one trajectory, and "is there a held MDO?" (phase guard).
            models.Index(fields=["trajectory", "kind", "held"], name="traj_meeting_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)


class Participant(models.Model):
    """Someone invited to a meeting: a professional or a family member."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    professional = models.ForeignKey(
        "network.Professional", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    family_member = models.ForeignKey(
        "families.FamilyMember",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(professional__isnull=False) ^ Q(family_member__isnull=False),
                name="traj_participant_one_person",
            ),
        ]

    def __str__(self) -> str:
        return str(self.professional or self.family_member)


class Perspective(models.Model):
    """One discipline's view in a meeting (pedagogical, psychiatric, LVB, financial …)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="perspectives")
    discipline = models.CharField(_("discipline"), max_length=100)
    text = LimitedTextField(_("perspective"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Written by the author on behalf of a contributor who could not be there (absent, ill):
    # shown as "written by X for Y".
    written_for = models.ForeignKey(
        "network.Professional",
        verbose_name=_("written for"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("perspective")
        verbose_name_plural = _("perspectives")
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return self.discipline


class FollowUpAction(models.Model):
    """Something agreed in a meeting, with an owner and a date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(_("what"), max_length=300)
    owner = models.CharField(_("who"), max_length=200)
    due_on = models.DateField(_("when"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering: ClassVar = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description
