"""A family (gezin / huishouden), its members, the relations between them with parental
authority (gezag), and the family's informal network: the client unit of every trajectory.

Minimal data (DOMAIN.md §6): nothing is required beyond what a registration needs; every
other field may stay empty. The BSN is optional, stored encrypted and never shown in lists.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core import crypto

if TYPE_CHECKING:
    from samenspel.accounts.models import User


class FamilyQuerySet(models.QuerySet["Family"]):
    def visible_to(self, user: User) -> FamilyQuerySet:
        """The families this user may see: the access policy's answer, as a queryset."""
        from samenspel.access.policy import visible_family_ids

        return self.filter(pk__in=visible_family_ids(user))

    def due_for_review(self, day: datetime.date) -> FamilyQuerySet:
        """Files whose retention period has ended on `day`: to review for destruction."""
        return self.filter(retain_until__lte=day)


class Family(models.Model):
    """A family (gezin): a household of members, registered in one network."""

    network = models.ForeignKey(
        "network.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="families",
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("How the team refers to the family, e.g. Bakker.")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("place"), max_length=100, blank=True)
    district = models.CharField(_("district (wijk)"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # The last change to anything in the file: retention counts from here (NL: 20 years).
    changed_at = models.DateTimeField(_("last changed"), default=timezone.now)
    # Computed by families.retention on every change; stored so the daily review can use an
    # index instead of recomputing a million files.
    retain_until = models.DateField(_("keep until"), null=True, blank=True)
    # The family's and members' surnames folded (lower case, no diacritics) for search before
    # create; kept by families.actions, trigram-indexed on PostgreSQL (migration 0003).
    search_key = models.CharField(max_length=500, blank=True, editable=False)
    # Optimistic lock: a form carries the version it was shown with; a stale save is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = FamilyQuerySet.as_manager()

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")
        ordering: ClassVar = ["name", "id"]
        indexes: ClassVar = [
            # The network's family lists and intake queue.
            models.Index(fields=["network", "name"], name="families_family_network_idx"),
            # The daily retention review: Family.objects.due_for_review(day).
            models.Index(fields=["retain_until"], name="families_family_retain_idx"),
            # Search before create: families in a network by postcode.
            models.Index(fields=["network", "postcode"], name="families_family_postcode_idx"),
        ]

    def __str__(self) -> str:
        return str(_("Family %(name)s") % {"name": self.name})


class MemberRole(models.TextChoices):
    PARENT = "parent", _("Parent or carer")
    CHILD = "child", _("Child")
    OTHER = "other", _("Other household member")


class Gender(models.TextChoices):
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")
    OTHER = "x", _("Other")


class FamilyMember(models.Model):
    """A member of a family (gezinslid)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    given_name = models.CharField(_("first name"), max_length=100)
    family_name = models.CharField(_("surname"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    role = models.CharField(_("role in the family"), max_length=10, choices=MemberRole.choices)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    # Fernet token (core.crypto); read through `bsn`, never listed, never searched.
    bsn_encrypted = models.TextField(_("citizen service number (encrypted)"), blank=True)
    deceased = models.BooleanField(_("deceased"), default=False)
    # A family member's own login for the family portal, when they have one.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="family_member",
    )

    class Meta:
        verbose_name = _("family member")
        verbose_name_plural = _("family members")
        # Oldest first; unknown dates last on both databases (SQLite would put NULL first).
        ordering: ClassVar = ["family", models.F("date_of_birth").asc(nulls_last=True), "id"]
        indexes: ClassVar = [
            # Search before create: members by date of birth.
            models.Index(fields=["date_of_birth"], name="families_member_dob_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def age_on(self, day: datetime.date) -> int | None:
        """Age in whole years on `day` (the day of the birthday counts as the new age)."""
        born = self.date_of_birth
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def bsn(self) -> str:
        return crypto.decrypt(self.bsn_encrypted) if self.bsn_encrypted else ""

    @bsn.setter
    def bsn(self, value: str) -> None:
        self.bsn_encrypted = crypto.encrypt(value) if value else ""

    @property
    def bsn_masked(self) -> str:
        """The last three digits only, for the one page that may hint at it."""
        value = self.bsn
        return f"••••••{value[-3:]}" if value else ""


class RelationKind(models.TextChoices):
    PARENT_OF = "parent_of", _("is parent of")
    PARTNER_OF = "partner_of", _("is partner of")
    GUARDIAN_OF = "guardian_of", _("is guardian of")


class MemberRelation(models.Model):
    """A relation between two members: "Anna is parent of Sem", with or without parental
    authority (gezag), which decides who consents for a child (Jeugdwet 7.3.4)."""

    member = models.ForeignKey(FamilyMember, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("relation"), max_length=12, choices=RelationKind.choices)
    other = models.ForeignKey(
        FamilyMember, verbose_name=_("to"), on_delete=models.CASCADE, related_name="+"
    )
    parental_authority = models.BooleanField(_("has parental authority (gezag)"), default=False)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["member", "kind", "other"], name="families_relation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(member=models.F("other")), name="families_relation_not_self"
            ),
            # Authority is something a parent or guardian has over a child, not a partner.
            models.CheckConstraint(
                condition=~models.Q(kind="partner_of", parental_authority=True),
                name="families_relation_authority_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.other}"


class InformalRelation(models.TextChoices):
    GRANDPARENT = "grandparent", _("Grandparent")
    RELATIVE = "relative", _("Other relative")
    NEIGHBOUR = "neighbour", _("Neighbour")
    FRIEND = "friend", _("Friend")
    COACH = "coach", _("Coach or trainer")
    OTHER = "other", _("Other")


class InformalNetworkContact(models.Model):
    """Someone from the family's own network (grandparent, neighbour, coach) who can later
    join the care team as a family-network member."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="informal_network")
    name = models.CharField(_("name"), max_length=200)
    relation = models.CharField(_("relation"), max_length=12, choices=InformalRelation.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("informal network contact")
        verbose_name_plural = _("informal network")
        ordering: ClassVar = ["family", "name"]

    def __str__(self) -> str:
        return self.name
