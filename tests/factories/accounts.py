"""factory_boy factories. Faker speaks Dutch; nothing here is a real person or a real BSN."""

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from factory.django import DjangoModelFactory

from samenspel.accounts.models import MFA_ROLES, Role, RoleGrant, User
from tests.factories.names import PlainFaker

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    """A user with roles: `UserFactory(roles=[Role.SECURITY_OFFICER])`. No second factor:
    use `make_user` for a user who can actually get past the MFA requirement."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@example.nl")
    full_name = PlainFaker("name", locale="nl_NL")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs: object) -> None:
        if create:
            roles = extracted if extracted is not None else [Role.PROFESSIONAL]
            RoleGrant.objects.bulk_create([RoleGrant(user=self, role=role) for role in roles])
            self.__dict__.pop("_grants", None)  # drop grants cached before these were made


def enrol_totp(user: User) -> str:
    """Give a user a TOTP authenticator; returns the secret so a test can make codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def make_user(*roles: Role, mfa: bool = True, **fields: object) -> User:
    """A user with these roles (default: professional) who, when the roles demand it, has
    already enrolled a second factor."""
    roles = roles or (Role.PROFESSIONAL,)
    user = UserFactory(roles=list(roles), **fields)
    if mfa and set(roles) & MFA_ROLES:
        enrol_totp(user)
    return user
