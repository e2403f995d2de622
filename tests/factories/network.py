"""Factories for the network: sectors, networks, organisations, professionals."""

from importlib import import_module

import factory
from factory.django import DjangoModelFactory

from samenspel.accounts.models import Role, RoleGrant, User
from samenspel.network.models import (
    Area,
    Expertise,
    Language,
    Network,
    NetworkAssignment,
    NetworkMembership,
    Organisation,
    Professional,
    ProfessionalExpertise,
    Sector,
)
from tests.factories.accounts import make_user


class SectorFactory(DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = "jeugdhulp"
    name = "Jeugdhulp"


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Samenwerkingsverband {n}")
    slug = factory.Sequence(lambda n: f"netwerk-{n}")
    region = "Zoetermeer"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Zorgorganisatie {n}")
    sector = factory.SubFactory(SectorFactory)


def add_to_network(organisation: Organisation, network: Network) -> NetworkMembership:
    return NetworkMembership.objects.create(network=network, organisation=organisation)


def make_professional(
    *,
    organisation: Organisation | None = None,
    network: Network | None = None,
    hours: int = 24,
    roles: tuple[Role, ...] = (Role.PROFESSIONAL,),
    mfa: bool = True,
    **user_fields: object,
) -> Professional:
    """A professional with a login (second factor enrolled), a home organisation and, when
    given, hours in a network."""
    organisation = organisation or OrganisationFactory()
    professional = Professional.objects.create(
        user=make_user(*roles, mfa=mfa, **user_fields), home_organisation=organisation
    )
    if network is not None:
        NetworkAssignment.objects.create(
            professional=professional, network=network, hours_per_week=hours
        )
    return professional


# The defaults from the data migration; a browser test (transaction=True) empties the tables
# after the first test, so the factories put a default back when it is missing.
_DEFAULTS = import_module("samenspel.network.migrations.0004_default_sectors_expertise_languages")


def expertise(code: str) -> Expertise:
    """One of the default expertise areas."""
    name = dict(_DEFAULTS.EXPERTISE).get(code, code)
    return Expertise.objects.get_or_create(code=code, defaults={"name": name})[0]


def language(code: str) -> Language:
    name = dict(_DEFAULTS.LANGUAGES).get(code, code)
    return Language.objects.get_or_create(code=code, defaults={"name": name})[0]


def area(municipality: str, name: str | None = None) -> Area:
    return Area.objects.get_or_create(municipality=municipality, name=name or municipality)[0]


def make_colleague(
    network: Network,
    *,
    full_name: str,
    organisation: Organisation | None = None,
    expertise_levels: dict[str, int] | None = None,
    languages: tuple[str, ...] = (),
    areas: tuple[Area, ...] = (),
    hours: int = 24,
    mfa: bool = True,
    **fields: object,
) -> Professional:
    """A professional in `network` with expertise (code → level), languages and areas."""
    professional = make_professional(
        organisation=organisation, network=network, hours=hours, full_name=full_name, mfa=mfa
    )
    for name, value in fields.items():
        setattr(professional, name, value)
    professional.save()
    for code, level in (expertise_levels or {}).items():
        ProfessionalExpertise.objects.create(
            professional=professional, expertise=expertise(code), level=level
        )
    professional.languages.set([language(code) for code in languages])
    professional.areas.set(areas)
    return professional


def make_network_admin(network: Network, **user_fields: object) -> User:
    user = make_user(Role.NETWORK_ADMIN, **user_fields)
    RoleGrant.objects.filter(user=user, role=Role.NETWORK_ADMIN).update(network=network)
    user.__dict__.pop("_grants", None)
    return user
