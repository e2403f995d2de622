"""Users and their roles.

A user logs in with an e-mail address. What they may do follows from their roles; every role
except family member works with other people's family data, so every such role must use a
second factor (NEN 7510, Dutch DPA).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.core.query_shapes import QueryShape

if TYPE_CHECKING:
    from collections.abc import Iterable


class Role(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    COORDINATOR = "coordinator", _("Coordinator")
    NETWORK_ADMIN = "network_admin", _("Network administrator")
    # The trekker who keeps the collaboration going, and the partners' managers who steer it
    # (seed 001); they read the network's own figures, never a family file.
    NETWORK_COORDINATOR = "network_coordinator", _("Network coordinator")
    STEERING_GROUP = "steering_group", _("Steering group member")
    POLICY_ADVISER = "policy_adviser", _("Policy adviser")
    SECURITY_OFFICER = "security_officer", _("Security officer")
    FAMILY_MEMBER = "family_member", _("Family member")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


# Every role that can see or manage other people's data; a second factor is mandatory.
MFA_ROLES = frozenset(Role) - {Role.FAMILY_MEMBER}


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(
        self,
        email: str,
        password: str | None = None,
        *,
        roles: Iterable[Role] = (),
        **fields: object,
    ) -> User:
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        RoleGrant.objects.bulk_create([RoleGrant(user=user, role=role) for role in roles])
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, roles=[Role.SYSTEM_ADMIN], **fields)

    def with_role(self, role: Role) -> models.QuerySet[User]:
        return self.filter(role_grants__role=role)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: a professional, a family member or an administrator."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # The language the user last chose (the language switch): mails to them go out in it.
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints: ClassVar = [
            # Logins are case-insensitive, so addresses must be unique regardless of case.
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def _grants(self) -> tuple[tuple[Role, int | None], ...]:
        """(role, network id or None) for every grant; one query per request, its SQL
        compiled once per process (every page asks, for the menu if nothing else)."""
        return tuple(
            (Role(row["role"]), row["network_id"]) for row in _GRANTS.rows(user_id=self.pk)
        )

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(role for role, _network in self._grants)

    def networks_with_role(self, role: Role) -> frozenset[int] | None:
        """The networks in which the user holds `role`; None means every network (a grant
        without a network, e.g. a deployment-wide security officer)."""
        ids = [network for granted, network in self._grants if granted == role]
        if any(network is None for network in ids):
            return None
        return frozenset(ids)  # type: ignore[arg-type]

    def has_role_in_network(self, role: Role, network_id: int) -> bool:
        networks = self.networks_with_role(role)
        return role in self.roles and (networks is None or network_id in networks)

    def has_role(self, *roles: Role) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def requires_mfa(self) -> bool:
        return bool(self.roles & MFA_ROLES)

    @property
    def primary_role(self) -> Role | None:
        """The role shown in the header and written to the access log by default."""
        for role in Role:  # declaration order is the order of importance for display
            if role in self.roles:
                return role
        return None


class RoleGrant(models.Model):
    """One role held by one user, in one network or (network empty) everywhere."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    network = models.ForeignKey(
        "network.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints: ClassVar = [
            # Two partial constraints instead of NULLS NOT DISTINCT, which SQLite lacks.
            models.UniqueConstraint(
                fields=["user", "role", "network"],
                condition=Q(network__isnull=False),
                name="accounts_rolegrant_unique_in_network",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(network__isnull=True),
                name="accounts_rolegrant_unique_everywhere",
            ),
        ]
        indexes: ClassVar = [
            # "Who are the security officers?" for review notifications.
            models.Index(fields=["role"], name="accounts_rolegrant_role_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


def _grants_of(user_id: int) -> models.QuerySet:
    return RoleGrant.objects.filter(user_id=user_id).values("role", "network_id")


_GRANTS = QueryShape(_grants_of, user_id=-7_613_203)


class SecondStepFailure(models.Model):
    """One wrong second-step code. Kept in the database, not a cache, so that the limits per
    account and per address hold across all workers and machines (accounts/second_step.py)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    ip_address = models.CharField(max_length=45)
    failed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["user", "failed_at"], name="accounts_2sf_user_idx"),
            models.Index(fields=["ip_address", "failed_at"], name="accounts_2sf_ip_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.failed_at:%Y-%m-%d %H:%M}"


class SecondStepLock(models.Model):
    """The second step of one account refused until `until`, after too many wrong codes."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="+")
    until = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user_id} · {self.until:%Y-%m-%d %H:%M}"


class SecondStepCodeUse(models.Model):
    """The last TOTP time step used per authenticator: a code (and any older one) works once
    (RFC 6238 §5.2), whichever worker checks it."""

    authenticator = models.OneToOneField(
        "mfa.Authenticator", on_delete=models.CASCADE, related_name="+"
    )
    counter = models.BigIntegerField()
    used_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.authenticator_id} · {self.counter}"
