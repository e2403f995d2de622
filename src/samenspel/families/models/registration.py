"""A registration (aanmelding): who refers, the help questions in the family's own words, and
first of all the check on basic care and safety with the Meldcode's five steps (DOMAIN.md §4
phase 1, §7). A registration opens a trajectory in phase "registration", which puts it in the
coordinator's intake queue; the trajectories app takes it on from there."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField


class ReferrerKind(models.TextChoices):
    GP = "gp", _("General practitioner (huisarts)")
    SCHOOL = "school", _("School")
    CJG = "cjg", _("Youth and family centre (CJG)")
    NEIGHBOURHOOD_TEAM = "neighbourhood_team", _("Neighbourhood team (buurtteam)")
    FAMILY = "family", _("The family itself")
    OTHER = "other", _("Other")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    SOON = "soon", _("Soon (within a week)")
    URGENT = "urgent", _("Urgent (today)")


class SafetyStatus(models.TextChoices):
    IN_ORDER = "in_order", _("Basic care and safety are in order")
    CONCERNS = "concerns", _("There are concerns")
    ACUTE = "acute", _("Acute unsafety")


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def in_intake_queue(self) -> RegistrationQuerySet:
        """Registrations waiting for the coordinator: their trajectory is still in the
        registration phase."""
        from samenspel.trajectories.models import Phase

        return self.filter(trajectory__phase=Phase.REGISTRATION, trajectory__closed_on__isnull=True)


class Registration(models.Model):
    """A registration (aanmelding) of a family in a network."""

    family = models.ForeignKey(
        "families.Family", on_delete=models.CASCADE, related_name="registrations"
    )
    network = models.ForeignKey(
        "network.Network", on_delete=models.PROTECT, related_name="registrations"
    )
    trajectory = models.OneToOneField(
        "trajectories.Trajectory",
        verbose_name=_("trajectory"),
        on_delete=models.CASCADE,
        related_name="registration",
    )
    referrer_kind = models.CharField(_("referred by"), max_length=20, choices=ReferrerKind.choices)
    referrer_organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("referring organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    referrer_name = models.CharField(_("name of the referrer"), max_length=200, blank=True)
    family_wishes = LimitedTextField(
        _("what the family itself wants"),
        blank=True,
        help_text=_("In the family's own words."),
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    # Source 002, the wíe-vraag: the referrer may name the professional they want involved.
    # The coordinator sees it in the intake queue; the request itself goes out when the
    # trajectory starts (trajectories.actions.take_on_registration), as a DirectRequest.
    asked_professional = models.ForeignKey(
        "network.Professional",
        verbose_name=_("professional asked for"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    asked_reason = LimitedTextField(_("why this professional"), blank=True)
    # Safety first (DOMAIN.md §7): required, and acute opens the Meldcode path at once.
    safety_status = models.CharField(
        _("basic care and safety"), max_length=10, choices=SafetyStatus.choices
    )
    safety_notes = LimitedTextField(_("what did you see or hear?"), blank=True)
    # A Verwijsindex signal is recorded as a flag only: the product links to the regional
    # index, it does not replace it.
    verwijsindex_flagged_on = models.DateField(_("Verwijsindex signal on"), null=True, blank=True)
    verwijsindex_flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verwijsindex signal by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering: ClassVar = ["-registered_at", "-id"]
        indexes: ClassVar = [
            # The coordinator's intake queue: a network's newest registrations first.
            models.Index(fields=["network", "-registered_at"], name="families_reg_queue_idx"),
        ]

    def __str__(self) -> str:
        return str(_("Registration %(id)s") % {"id": self.pk})

    @property
    def needs_meldcode(self) -> bool:
        return self.safety_status != SafetyStatus.IN_ORDER


class QuestionKind(models.TextChoices):
    WHAT = "what", _("What is needed (wát-vraag)")
    WHO = "who", _("Who is needed (wíe-vraag)")


class HelpQuestion(models.Model):
    """A help question (hulpvraag) in the family's own words."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="help_questions"
    )
    text = LimitedTextField(_("help question"), help_text=_("In the family's own words."))
    kind = models.CharField(_("kind"), max_length=4, choices=QuestionKind.choices)
    # The domains of the current ZRM version, so plans and evaluations speak the same domains.
    life_domains = models.ManyToManyField(
        "plans.InstrumentDomain", verbose_name=_("life domains"), related_name="+", blank=True
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("help question")
        verbose_name_plural = _("help questions")
        ordering: ClassVar = ["registration", "position", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class MeldcodeStep(models.IntegerChoices):
    MAP_SIGNALS = 1, _("1. Map the signals")
    CONSULT = 2, _("2. Consult a colleague or Veilig Thuis")
    TALK = 3, _("3. Talk with the family")
    WEIGH = 4, _("4. Weigh the nature and severity")
    DECIDE = 5, _("5. Decide: organise help and/or report")


class MeldcodeRecord(models.Model):
    """One of the Meldcode's five steps, recorded with date, who and outcome."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="meldcode_steps"
    )
    step = models.PositiveSmallIntegerField(_("step"), choices=MeldcodeStep.choices)
    done_on = models.DateField(_("date"))
    done_by = models.CharField(_("by whom"), max_length=200)
    outcome = LimitedTextField(_("outcome"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Meldcode step")
        verbose_name_plural = _("Meldcode steps")
        ordering: ClassVar = ["registration", "step"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["registration", "step"], name="families_meldcode_step_once"
            ),
        ]

    def __str__(self) -> str:
        return self.get_step_display()
