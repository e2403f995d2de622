"""The family plan (gezinsplan / plan van aanpak): one plan per trajectory, in versions.

A version is a draft while the team and the family write it, and final once agreed: from then
on its content never changes (an agreed plan is what everybody committed to; DOMAIN.md §4.5).
Changes after agreement make a new version, copied from the last one, at an MDO or an
evaluation. Content rows (goals, actions, notes) carry a `key` that stays the same across
versions, so versions can be compared and goal scores followed over time, and a `revision`
column: two people editing the same draft row never overwrite each other (optimistic
concurrency, see `plans.actions.save_draft_item`).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samenspel.core.fields import LimitedTextField

if TYPE_CHECKING:
    from samenspel.accounts.models import User


class AgreedVersionIsFinalError(Exception):
    """Raised on any attempt to change the content of an agreed plan version."""


class PlanQuerySet(models.QuerySet["Plan"]):
    def visible_to(self, user: User) -> PlanQuerySet:
        """Plans of the families this user may see: the access policy's answer."""
        from samenspel.access.policy import visible_family_ids

        return self.filter(trajectory__family_id__in=visible_family_ids(user))


class Plan(models.Model):
    """The family plan (gezinsplan) of one trajectory; its content lives in its versions."""

    trajectory = models.OneToOneField(
        "trajectories.Trajectory",
        verbose_name=_("trajectory"),
        on_delete=models.PROTECT,
        related_name="plan",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("family plan")
        verbose_name_plural = _("family plans")
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(_("Family plan %(id)s") % {"id": self.pk})


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed")


class Occasion(models.TextChoices):
    FIRST = "first", _("First plan")
    MDO = "mdo", _("Multidisciplinary meeting (MDO)")
    EVALUATION = "evaluation", _("Evaluation")


class PlanVersion(models.Model):
    """One version of the family plan (planversie)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    occasion = models.CharField(
        _("made at"), max_length=12, choices=Occasion.choices, default=Occasion.FIRST
    )
    change_reason = LimitedTextField(
        _("why this version"),
        blank=True,
        help_text=_("What was decided, and why the plan changes."),
    )
    family_words = LimitedTextField(
        _("what we want, in our own words"),
        blank=True,
        help_text=_("The family's own words: what should be different when the help ends?"),
    )
    safety_plan = LimitedTextField(
        _("safety plan (Veilig Verder)"),
        blank=True,
        help_text=_("What everybody does so that everyone at home is and stays safe."),
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The evaluation that led to this version, when it was made at an evaluation.
    evaluation = models.ForeignKey(
        "plans.Evaluation",
        verbose_name=_("evaluation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_versions",
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("last changed"), default=timezone.now)
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agreed by (coordinator)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering: ClassVar = ["plan", "-number"]
        constraints: ClassVar = [
            # Also serves "the versions of this plan, newest first".
            models.UniqueConstraint(fields=["plan", "number"], name="plans_version_unique_number"),
            # One draft at a time: everybody writes in the same one.
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status="draft"),
                name="plans_version_one_draft",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(agreed_at__isnull=False),
                name="plans_version_agreed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Version %(number)s") % {"number": self.number})

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An agreed version's content is final. Agreeing itself is a conditional UPDATE in
        # `actions.agree_version`, so it never comes through here.
        if self.pk:
            stored = PlanVersion.objects.filter(pk=self.pk).values_list("status", flat=True)
            if stored and stored[0] == VersionStatus.AGREED:
                raise AgreedVersionIsFinalError(self.pk)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.status == VersionStatus.AGREED:
            raise AgreedVersionIsFinalError(self.pk)
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


class DraftItem(models.Model):
    """A row of plan content: final once its version is agreed."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="+")
    # The same goal, action or note across versions (for the diff and the trends).
    key = models.UUIDField(_("key"), default=uuid.uuid4, editable=False)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("last changed"), default=timezone.now)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._check_draft()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._check_draft()
        return super().delete(*args, **kwargs)

    def _check_draft(self) -> None:
        status = PlanVersion.objects.filter(pk=self.version_id).values_list("status", flat=True)
        if status and status[0] == VersionStatus.AGREED:
            raise AgreedVersionIsFinalError(self.version_id)


class DomainNote(DraftItem):
    """Strengths and concerns on one life domain (leefgebied), for the household or one
    member."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="notes")
    domain = models.ForeignKey(
        "plans.InstrumentDomain",
        verbose_name=_("life domain"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    member = models.ForeignKey(
        "families.FamilyMember",
        verbose_name=_("about"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave empty when it concerns the whole household."),
    )
    strengths = LimitedTextField(_("what goes well (strengths)"), blank=True)
    concerns = LimitedTextField(_("worries (concerns)"), blank=True)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only shown to those who may see this member's confidential information."),
    )

    class Meta:
        verbose_name = _("strengths and concerns")
        verbose_name_plural = _("strengths and concerns")
        ordering: ClassVar = ["version", "domain__position", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["version", "key"], name="plans_note_unique_key"),
        ]

    def __str__(self) -> str:
        return str(self.domain)


class Goal(DraftItem):
    """A goal (doel) in the family's own words, scaled for GAS from −2 to +2."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(
        _("goal, in the family's own words"),
        max_length=300,
        help_text=_("For example: Noah goes to school every day again."),
    )
    domain = models.ForeignKey(
        "plans.InstrumentDomain",
        verbose_name=_("life domain"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    members = models.ManyToManyField(
        "families.FamilyMember", verbose_name=_("for whom"), related_name="+", blank=True
    )
    why_it_matters = LimitedTextField(_("why this matters to us"), blank=True)
    target_date = models.DateField(_("reached by"), null=True, blank=True)
    level_minus_2 = LimitedTextField(_("−2: much less than expected"), blank=True)
    level_minus_1 = LimitedTextField(_("−1: less than expected (usually the start)"), blank=True)
    level_0 = LimitedTextField(_("0: the goal reached"))
    level_plus_1 = LimitedTextField(_("+1: better than expected"), blank=True)
    level_plus_2 = LimitedTextField(_("+2: much better than expected"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, help_text=_("How important, from 1 (normal) up.")
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only shown to those who may see the confidential information of its members."),
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering: ClassVar = ["version", "domain__position", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["version", "key"], name="plans_goal_unique_key"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="plans_goal_weight_min"),
        ]

    def __str__(self) -> str:
        return self.title

    def levels(self) -> list[tuple[int, str]]:
        return [
            (-2, self.level_minus_2),
            (-1, self.level_minus_1),
            (0, self.level_0),
            (1, self.level_plus_1),
            (2, self.level_plus_2),
        ]


class ActionOwnerKind(models.TextChoices):
    PROFESSIONAL = "professional", _("A professional")
    MEMBER = "member", _("A family member")
    NETWORK = "network", _("Someone from the family's network")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("To do")
    UNDERWAY = "underway", _("Underway")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


OPEN_ACTION_STATUSES = (ActionStatus.PLANNED, ActionStatus.UNDERWAY)


class PlanAction(DraftItem):
    """An action (actie): what, who does it, on behalf of which organisation, by when."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("for goal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    what = models.CharField(_("what"), max_length=300)
    owner_kind = models.CharField(_("who"), max_length=12, choices=ActionOwnerKind.choices)
    professional = models.ForeignKey(
        "network.Professional",
        verbose_name=_("professional"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    member = models.ForeignKey(
        "families.FamilyMember",
        verbose_name=_("family member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    network_person = models.CharField(
        _("person from the family's network"),
        max_length=200,
        blank=True,
        help_text=_("For example: grandma Ria, neighbour Henk."),
    )
    due_on = models.DateField(_("when"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering: ClassVar = ["version", "due_on", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["version", "key"], name="plans_action_unique_key"),
            models.CheckConstraint(
                condition=(
                    Q(owner_kind="professional", professional__isnull=False)
                    | Q(owner_kind="member", member__isnull=False)
                    | (Q(owner_kind="network") & ~Q(network_person=""))
                ),
                name="plans_action_owner_named",
            ),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def owner_label(self) -> str:
        if self.owner_kind == ActionOwnerKind.PROFESSIONAL and self.professional_id:
            return str(self.professional)
        if self.owner_kind == ActionOwnerKind.MEMBER and self.member_id:
            return str(self.member)
        return self.network_person


class AssentMethod(models.TextChoices):
    MEETING = "meeting", _("In the meeting")
    PAPER = "paper", _("On paper")
    PORTAL = "portal", _("Later, in the family portal")


class PlanAssent(models.Model):
    """Assent (instemming) with a plan version: by a family member or by the coordinator.

    Called `Agreement` until issue 13; not `network.Agreement` (a network's agreements register).
    The table was renamed, the constraint names kept.
    """

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="assents")
    member = models.ForeignKey(
        "families.FamilyMember",
        verbose_name=_("family member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    method = models.CharField(_("how"), max_length=10, choices=AssentMethod.choices)
    agreed_on = models.DateField(_("when"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = pgettext_lazy("consent to a plan", "agreement")
        verbose_name_plural = pgettext_lazy("consent to a plan", "agreements")
        ordering: ClassVar = ["version", "agreed_on", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(coordinator__isnull=True))
                | (Q(member__isnull=True) & Q(coordinator__isnull=False)),
                name="plans_agreement_member_or_coordinator",
            ),
            models.UniqueConstraint(
                fields=["version", "member"],
                condition=Q(member__isnull=False),
                name="plans_agreement_once_per_member",
            ),
            models.UniqueConstraint(
                fields=["version"],
                condition=Q(coordinator__isnull=False),
                name="plans_agreement_one_coordinator",
            ),
        ]

    def __str__(self) -> str:
        return str(self.member or self.coordinator)
