"""The phase of a network's collaboration: the STENT phase model (Kaats & Opheij, used in
Flemish network coaching; seed 001). Each phase delivers a document that lives in the
network's agreements register, so the register stays the one place for what was agreed."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samenspel.core.fields import LimitedTextField


class CollaborationPhase(models.TextChoices):
    EXPLORING = "verkennen", _("Exploring")
    SHARING = "delen", _("Sharing")
    AGREEING = "overeenkomen", _("Agreeing")
    DESIGNING = "vormgeven", _("Designing")
    RUNNING = "uitvoeren", _("Running and renewing")


# What each phase delivers (DOMAIN.md §5); the last phase runs, evaluates and adjusts.
DELIVERABLES: dict[str, object] = {
    CollaborationPhase.EXPLORING: _("Start note"),
    CollaborationPhase.SHARING: _("Letter of intent"),
    CollaborationPhase.AGREEING: _("Agreement note"),
    CollaborationPhase.DESIGNING: _("Project sheet"),
}


class NetworkPhase(models.Model):
    """The phase a network's collaboration is in now. Its history is in `PhaseChange`."""

    network = models.OneToOneField(
        "network.Network", on_delete=models.CASCADE, related_name="collaboration_phase"
    )
    phase = models.CharField(
        _("phase"),
        max_length=12,
        choices=CollaborationPhase.choices,
        default=CollaborationPhase.EXPLORING,
    )
    # Optimistic concurrency: two coordinators moving the phase at once cannot both win.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("phase of the collaboration")
        verbose_name_plural = _("phases of the collaboration")

    def __str__(self) -> str:
        return f"{self.network} · {self.get_phase_display()}"


class PhaseChange(models.Model):
    """One move from one phase to another, with the reason. Never changed afterwards."""

    network = models.ForeignKey(
        "network.Network", on_delete=models.CASCADE, related_name="phase_changes"
    )
    from_phase = models.CharField(
        pgettext_lazy("phase change", "from"),
        max_length=12,
        choices=CollaborationPhase.choices,
        blank=True,
    )
    to_phase = models.CharField(
        pgettext_lazy("phase change", "to"), max_length=12, choices=CollaborationPhase.choices
    )
    note = LimitedTextField(_("why"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        ordering: ClassVar = ["-changed_at", "-pk"]
        indexes: ClassVar = [
            # The history on the network's collaboration page.
            models.Index(fields=["network", "-changed_at"], name="collab_phasechange_net_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.from_phase} → {self.to_phase}"


class PhaseDeliverable(models.Model):
    """The agreement in the register that holds a phase's deliverable (e.g. the start note)."""

    network = models.ForeignKey(
        "network.Network", on_delete=models.CASCADE, related_name="phase_deliverables"
    )
    phase = models.CharField(_("phase"), max_length=12, choices=CollaborationPhase.choices)
    agreement = models.ForeignKey(
        "network.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="phase_deliverables",
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("phase deliverable")
        verbose_name_plural = _("phase deliverables")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["network", "phase"], name="collaboration_deliverable_one_per_phase"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phase}: {self.agreement_id}"
