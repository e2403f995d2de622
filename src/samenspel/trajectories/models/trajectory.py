"""A trajectory (traject): one episode of help for a family through the phases of
DOMAIN.md §4, and its care team (team-op-maat), which is the source of access to the file."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField


class Phase(models.TextChoices):
    REGISTRATION = "registration", _("Registration")
    TEAM_COMPOSITION = "team_composition", _("Team composition")
    WALK_ALONG = "walk_along", _("Walk-along")
    MDO = "mdo", _("Multidisciplinary meeting")
    PLAN = "plan", _("Plan")
    EXECUTION = "execution", _("Execution and evaluation")
    CLOSED = "closed", _("Closed")


class TrajectoryQuerySet(models.QuerySet["Trajectory"]):
    def visible_to(self, user: object) -> TrajectoryQuerySet:
        """Trajectories of the families the access policy lets this user see."""
        from samenspel.access.policy import visible_family_ids

        return self.filter(family_id__in=visible_family_ids(user))  # type: ignore[arg-type]

    def open(self) -> TrajectoryQuerySet:
        return self.exclude(phase=Phase.CLOSED)

    def evaluation_overdue(self, today: datetime.date) -> TrajectoryQuerySet:
        return self.open().filter(next_evaluation_on__lt=today)

    def waiting_for_team(self) -> TrajectoryQuerySet:
        return self.filter(phase=Phase.REGISTRATION)


class Trajectory(models.Model):
    """One episode of help (traject) for one family in one network."""

    family = models.ForeignKey(
        "families.Family", on_delete=models.PROTECT, related_name="trajectories"
    )
    network = models.ForeignKey(
        "network.Network", on_delete=models.PROTECT, related_name="trajectories"
    )
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.REGISTRATION
    )
    phase_since = models.DateField(_("in this phase since"), default=timezone.localdate)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Always known once the plan runs (6-weekly by default); the evaluation that is held sets
    # the next one. Reminders and the "overdue" flag read it.
    next_evaluation_on = models.DateField(_("next evaluation"), null=True, blank=True)
    walk_along_until = models.DateField(_("walk-along until"), null=True, blank=True)
    # Source 000 plans after an MDO; a network may skip it, but only with a recorded reason.
    mdo_skipped_reason = LimitedTextField(_("reason to skip the MDO"), blank=True)
    # Re-opening a closed trajectory starts a new one that points back to it.
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous trajectory"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Optimistic locking: every change bumps it; a form sends the version it saw.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = TrajectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        ordering: ClassVar = ["-opened_on", "-id"]
        indexes: ClassVar = [
            # Coordinator's network view: trajectories per phase.
            models.Index(fields=["network", "phase"], name="traj_network_phase_idx"),
            # Overdue evaluations and reminders.
            models.Index(fields=["next_evaluation_on"], name="traj_next_evaluation_idx"),
            # One network's overdue evaluations (the network view: its list and count), among
            # its open trajectories only.
            models.Index(
                fields=["network", "next_evaluation_on"],
                condition=~Q(phase=Phase.CLOSED),
                name="traj_network_overdue_idx",
            ),
            # The family timeline and "which trajectory is open for this family?".
            models.Index(fields=["family", "opened_on"], name="traj_family_idx"),
            # "Is this place's trajectory still open?" for every place counted in a caseload:
            # an index-only probe of the open trajectories, not a visit to the trajectory's row.
            models.Index(fields=["id"], condition=Q(closed_on__isnull=True), name="traj_open_idx"),
        ]

    def __str__(self) -> str:
        return str(_("Trajectory %(id)s") % {"id": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED

    def evaluation_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            not self.is_closed
            and self.next_evaluation_on is not None
            and self.next_evaluation_on < today
        )


class CareTeamRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator (regisseur)")
    WALK_ALONG = "walk_along", _("Walk-along professional")
    SPECIALIST = "specialist", _("Specialist")
    CONSULTED = "consulted", _("Consulted")
    FAMILY_NETWORK = "family_network", _("Family network member")
    EXPERIENCE_EXPERT = "experience_expert", _("Experience expert")


class Selection(models.TextChoices):
    """How a member came onto the team: the explanation travels with the membership."""

    PROPOSAL = "proposal", _("From the proposals")
    DIRECT_REQUEST = "direct_request", _("Asked directly")
    FAMILY_CHOICE = "family_choice", _("The family's own choice")
    COVER = "cover", _("Cover during absence")
    TRANSFER = "transfer", _("Transfer")
    OTHER = "other", _("Added by the coordinator")


class CareTeamMembershipQuerySet(models.QuerySet["CareTeamMembership"]):
    def active_on(self, day: datetime.date) -> CareTeamMembershipQuerySet:
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day
        )

    def overlapping(
        self, start: datetime.date, end: datetime.date | None
    ) -> CareTeamMembershipQuerySet:
        """Memberships whose period shares at least one day with [start, end]."""
        qs = self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
        return qs if end is None else qs.filter(valid_from__lte=end)

    def coordinators(self) -> CareTeamMembershipQuerySet:
        return self.filter(role=CareTeamRole.COORDINATOR)


class CareTeamMembership(models.Model):
    """A place in a family's care team (team-op-maat): who, in which role, on behalf of
    which organisation, for which period."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="team_memberships"
    )
    professional = models.ForeignKey(
        "network.Professional",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_team_memberships",
    )
    # A member of the family's own network (grandmother, neighbour) has no login.
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=CareTeamRole.choices)
    # On whose behalf (Jeugdwet 7.3.11: the organisation providing the help).
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    valid_from = models.DateField(_("from"), default=timezone.localdate)
    valid_until = models.DateField(_("until"), null=True, blank=True)
    selection = models.CharField(
        _("how chosen"), max_length=20, choices=Selection.choices, default=Selection.OTHER
    )
    selection_note = LimitedTextField(_("explanation"), blank=True)
    # A temporary cover points at the place it covers (waarneming).
    covers = models.ForeignKey(
        "self",
        verbose_name=_("covers for"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="covered_by",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = CareTeamMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("care team membership")
        verbose_name_plural = _("care team memberships")
        ordering: ClassVar = ["valid_from", "id"]
        indexes: ClassVar = [
            # The access policy: "which families' teams is this professional on?", and the
            # open places a professional holds (caseloads, matching): covering on PostgreSQL,
            # so counting them reads the index only, not a heap page per place.
            models.Index(
                fields=["professional", "valid_until"],
                include=["valid_from", "trajectory"],
                name="traj_team_prof_open_idx",
            ),
            # The team list of one trajectory, by role (coordinator look-ups).
            models.Index(fields=["trajectory", "role"], name="traj_team_traj_role_idx"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="traj_team_period_order",
            ),
            # Exactly one coordinator: at most one open-ended coordinator place per trajectory.
            # Overlapping closed periods are refused by an exclusion constraint on PostgreSQL
            # (migration 0003) and by `actions` under SELECT FOR UPDATE on both databases.
            models.UniqueConstraint(
                fields=["trajectory"],
                condition=Q(role="coordinator") & Q(valid_until__isnull=True),
                name="traj_team_one_open_coordinator",
            ),
            models.CheckConstraint(
                condition=Q(professional__isnull=False) | ~Q(name=""),
                name="traj_team_member_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} · {self.get_role_display()}"

    @property
    def display_name(self) -> str:
        return str(self.professional) if self.professional_id else self.name

    def active_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)
