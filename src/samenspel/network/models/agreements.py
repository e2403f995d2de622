"""The agreements register (afsprakenstelsel, convenant) of a network.

Every change to an agreement is a new, immutable version (who, when, why), so the network can
see how its agreements grew and compare any two versions (source 002: the agreements are
refined in a monthly case discussion on process level). Process reviews, the network's answers
to the NJi checklist and the legal basis per processing purpose live here too.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField
from samenspel.network.models.core import Network, Organisation
from samenspel.network.models.glossary import GlossaryTerm


class AgreementCategory(models.TextChoices):
    INFORMATION = "information", _("Information sharing and privacy")
    ROLES = "roles", _("Roles and responsibilities")
    BUDGET = "budget", _("Budget")
    REGISTRATION = "registration", _("Procedure at registration")
    INVOLVING = "involving", _("Procedure when involving another professional")
    CLOSING = "closing", _("Procedure at closing")
    CONSULTATION = "consultation", _("Joint consultation")
    ESCALATION = "escalation", _("Escalation")
    OTHER = "other", _("Other")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class Agreement(models.Model):
    """An agreement (afspraak) between the organisations of a network. Its content lives in
    its versions; this row only holds what never changes and the number of the latest one."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="agreements"
    )
    category = models.CharField(_("category"), max_length=20, choices=AgreementCategory.choices)
    # The number of the latest version; a new version saves only if this is still the number
    # the editor started from (no silent overwrite of a colleague's change).
    latest_number = models.PositiveIntegerField(_("latest version"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering: ClassVar = ["category", "pk"]
        indexes: ClassVar = [
            # The register of one network, grouped by category.
            models.Index(fields=["network", "category"], name="network_agreement_net_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} #{self.pk}"


class AgreementVersion(models.Model):
    """One version of an agreement. Never changed after it is written."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    text = LimitedTextField(_("text"))
    parties = models.ManyToManyField(
        Organisation, verbose_name=_("parties"), related_name="agreement_versions", blank=True
    )
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_agreement_versions",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    terms = models.ManyToManyField(
        GlossaryTerm,
        verbose_name=_("glossary terms"),
        related_name="agreement_versions",
        blank=True,
    )
    reason = models.CharField(_("reason for the change"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering: ClassVar = ["agreement", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="network_agreement_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="network_agreement_version_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    def save(self, *args: object, **kwargs: object) -> None:
        # Versions are the register's history: rewriting one would rewrite the past.
        if self.pk is not None:
            raise ValueError("An agreement version is immutable; write a new version.")
        super().save(*args, **kwargs)


class ProcessReview(models.Model):
    """A process review (casuïstiekbespreking op procesniveau): the monthly discussion of one
    case, without personal data, that may change the agreements."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="reviews"
    )
    held_on = models.DateField(_("date"))
    participants = LimitedTextField(
        _("participants"), help_text=_("Names and organisations of those who took part.")
    )
    case_summary = LimitedTextField(
        _("the case discussed"),
        help_text=_("Describe the course of events without names or other personal data."),
    )
    findings = LimitedTextField(_("findings"))
    produced_versions = models.ManyToManyField(
        AgreementVersion,
        verbose_name=_("agreement versions that resulted"),
        related_name="reviews",
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("process review")
        verbose_name_plural = _("process reviews")
        ordering: ClassVar = ["-held_on", "-pk"]
        indexes: ClassVar = [
            # The network page lists the latest reviews of one network.
            models.Index(fields=["network", "held_on"], name="network_review_net_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.network} · {self.held_on}"


class ChecklistQuestion(models.TextChoices):
    """The questions every partner answers together (NJi, integrale gezinshulp)."""

    WHICH_HELP = "which_help", _("Which help do we offer, and to whom?")
    COMMON_GOAL = "common_goal", _("What is our common goal?")
    ROLES = "roles", _("What is my role, and what is yours?")
    FINDING = "finding", _("How do we find each other?")
    FOLLOW_UP = "follow_up", _("How do we follow up, and how do we keep learning?")


class ChecklistAnswer(models.Model):
    """One answer of the network to one checklist question. Answers are never overwritten: a
    new answer is a new row, and the latest per question is the current one."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="checklist")
    question = models.CharField(_("question"), max_length=20, choices=ChecklistQuestion.choices)
    answer = LimitedTextField(_("answer"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        ordering: ClassVar = ["question", "-answered_at", "-pk"]
        indexes: ClassVar = [
            # "The current answers of this network" and the history of one question.
            models.Index(
                fields=["network", "question", "-answered_at"], name="network_checklist_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.get_question_display()


class LawfulBasis(models.TextChoices):
    """GDPR article 6(1)."""

    CONSENT = "consent", _("Consent (GDPR 6(1)(a))")
    CONTRACT = "contract", _("Contract (GDPR 6(1)(b))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (GDPR 6(1)(c))")
    VITAL_INTERESTS = "vital_interests", _("Vital interests (GDPR 6(1)(d))")
    PUBLIC_TASK = "public_task", _("Public task (GDPR 6(1)(e))")
    LEGITIMATE_INTERESTS = "legitimate_interests", _("Legitimate interests (GDPR 6(1)(f))")


class LegalBasis(models.Model):
    """The legal basis on which one organisation processes personal data for one purpose in
    this network (DOMAIN.md §6: each organisation stays controller of its own work)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="legal_bases")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="legal_bases",
    )
    purpose = models.CharField(_("processing purpose"), max_length=200)
    basis = models.CharField(_("legal basis"), max_length=30, choices=LawfulBasis.choices)
    law_reference = models.CharField(
        _("law"), max_length=200, blank=True, help_text=_("For example: Jeugdwet art. 7.3.11")
    )
    note = LimitedTextField(_("note"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering: ClassVar = ["organisation__name", "purpose"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["network", "organisation", "purpose"],
                name="network_legal_basis_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.purpose}"
