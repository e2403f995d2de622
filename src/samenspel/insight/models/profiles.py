"""Profiles (profielfinanciering, source 000): how a network describes "which help, in which
combination", so cost and outcome can be compared per kind of help need. A network defines
its profiles in versions; a version in use is never changed (a revision is a new version), and
each trajectory keeps the version it was classified with, so last year's figures keep their
meaning after the network revises its profiles."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.fields import LimitedTextField


class ProfileSet(models.Model):
    """One version of a network's profile definitions."""

    network = models.ForeignKey(
        "network.Network", on_delete=models.CASCADE, related_name="profile_sets"
    )
    number = models.PositiveIntegerField(_("version"))
    note = LimitedTextField(_("what changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("profile definitions")
        verbose_name_plural = _("profile definitions")
        ordering: ClassVar = ["network", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["network", "number"], name="insight_profileset_unique")
        ]

    def __str__(self) -> str:
        return _("Profiles version %(number)s") % {"number": self.number}


class Profile(models.Model):
    """A profile in one version: the first profile (by position) that matches is the
    trajectory's. It matches when the help question names one of its life domains OR the
    care team holds one of its expertise areas (no lists: always), and the safety condition
    holds; so the last profile of a set, without conditions, catches every other one."""

    profile_set = models.ForeignKey(ProfileSet, on_delete=models.CASCADE, related_name="profiles")
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    description = LimitedTextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # Conditions, as codes: any of these life domains in the help questions (ZRM domain
    # codes), any of these expertise areas on the care team, and a safety concern at
    # registration (None: does not matter).
    life_domains = models.JSONField(_("life domains"), default=list, blank=True)
    expertise = models.JSONField(_("expertise"), default=list, blank=True)
    safety_concern = models.BooleanField(_("safety concern"), null=True, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        ordering: ClassVar = ["profile_set", "position", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["profile_set", "code"], name="insight_profile_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def matches(self, *, domains: set[str], expertise: set[str], safety: bool) -> bool:
        wanted = bool(self.life_domains or self.expertise)
        hit = bool(domains & set(self.life_domains)) or bool(expertise & set(self.expertise))
        return (hit or not wanted) and (
            self.safety_concern is None or self.safety_concern == safety
        )


class TrajectoryProfile(models.Model):
    """The profile a trajectory was classified with at the start of help, and on what."""

    trajectory = models.OneToOneField(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="profile"
    )
    profile = models.ForeignKey(Profile, on_delete=models.PROTECT, related_name="trajectories")
    # What the classification saw (codes only, no text of the family): to explain and audit.
    basis = models.JSONField(_("basis"), default=dict)
    classified_on = models.DateField(_("classified on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("trajectory profile")
        verbose_name_plural = _("trajectory profiles")
        indexes: ClassVar = [
            models.Index(fields=["profile"], name="insight_trajprofile_idx"),
        ]

    def __str__(self) -> str:
        return str(self.profile)
