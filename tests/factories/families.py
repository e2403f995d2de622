"""Factories for family files. Names come from Faker nl_NL; nothing here is a real person."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from samenspel.families.models import (
    Consent,
    DataCategory,
    Family,
    FamilyMember,
    MemberRole,
    ObtainedHow,
    Purpose,
)
from tests.factories.names import PlainFaker
from tests.factories.network import NetworkFactory


class FamilyFactory(DjangoModelFactory):
    class Meta:
        model = Family

    network = factory.SubFactory(NetworkFactory)
    name = PlainFaker("last_name", locale="nl_NL")
    postcode = "2711 AB"
    city = "Zoetermeer"


class FamilyMemberFactory(DjangoModelFactory):
    class Meta:
        model = FamilyMember

    family = factory.SubFactory(FamilyFactory)
    given_name = PlainFaker("first_name", locale="nl_NL")
    family_name = factory.SelfAttribute("family.name")
    role = MemberRole.CHILD
    date_of_birth = datetime.date(2014, 5, 1)


def add_consent(family: Family, *organisations: object, **fields: object) -> Consent:
    """An active team-collaboration consent about every member, naming these organisations."""
    fields.setdefault("purpose", Purpose.TEAM_COLLABORATION)
    fields.setdefault("obtained_how", ObtainedHow.SIGNED)
    # Given yesterday (today's age rule: an older consent can have lapsed at a 12th or 16th
    # birthday), or on its last day when the test gives it one.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    until = fields.get("valid_until")
    fields.setdefault("valid_from", min(yesterday, until) if until else yesterday)
    # Every category but safety, which a consent shares only when it names it.
    fields.setdefault(
        "data_categories", [c for c in DataCategory.values if c != DataCategory.SAFETY]
    )
    consent = Consent.objects.create(family=family, **fields)
    consent.recipient_organisations.set(organisations)
    consent.about.set(family.members.all())
    return consent
