"""Team composition (teamvorming): what the family needs and who was asked directly.

Source 002: the wát-question (what is needed) decides the expertise; the wíe-question (who)
lets a referrer ask for a specific professional. The family's preferences are recorded, and
so is a choice that differs from the proposal (keuzevrijheid)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField
from samenspel.trajectories.models.trajectory import CareTeamRole


class TeamRequest(models.Model):
    """What the team must bring for this trajectory (hulpvraag vertaald naar expertise)."""

    trajectory = models.OneToOneField(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="team_request"
    )
    needed_expertise = models.ManyToManyField(
        "network.Expertise", verbose_name=_("expertise needed"), related_name="+", blank=True
    )
    languages = models.ManyToManyField(
        "network.Language",
        verbose_name=_("languages the family speaks"),
        related_name="+",
        blank=True,
    )
    area = models.ForeignKey(
        "network.Area",
        verbose_name=_("area"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    preferred = models.ManyToManyField(
        "network.Professional",
        verbose_name=_("family's preferred professionals"),
        related_name="+",
        blank=True,
    )
    preference_note = LimitedTextField(_("the family's wishes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("team request")
        verbose_name_plural = _("team requests")

    def __str__(self) -> str:
        return str(self.trajectory)


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DirectRequestQuerySet(models.QuerySet["DirectRequest"]):
    def pending_for(self, user: object) -> DirectRequestQuerySet:
        return self.filter(professional__user=user, status=RequestStatus.PENDING)


class DirectRequest(models.Model):
    """A referrer asks one professional by name (de wíe-vraag); they accept or decline."""

    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="direct_requests"
    )
    professional = models.ForeignKey(
        "network.Professional", on_delete=models.CASCADE, related_name="direct_requests"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=CareTeamRole.choices, default=CareTeamRole.SPECIALIST
    )
    message = LimitedTextField(_("why this professional"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    answer_reason = LimitedTextField(_("reason"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # Who answered, when not the professional asked: the coordinator on their behalf (no
    # login, or no answer), or withdrew the request. Empty when they answered themselves.
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DirectRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("direct request")
        verbose_name_plural = _("direct requests")
        ordering: ClassVar = ["-requested_at"]
        indexes: ClassVar = [
            # "Requests waiting for me" on the home page.
            models.Index(fields=["professional", "status"], name="traj_request_prof_idx"),
        ]
        constraints: ClassVar = [
            # One open question per professional per trajectory.
            models.UniqueConstraint(
                fields=["trajectory", "professional"],
                condition=Q(status="pending"),
                name="traj_request_one_pending",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(answer_reason=""),
                name="traj_request_decline_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.professional} · {self.get_status_display()}"
