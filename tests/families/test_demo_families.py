"""The demo families: about forty across the three networks, the two source cases, the
parent login in its family, consents in every state, and idempotent on a second run."""

import pytest

from samenspel.access.models import BreakGlassAccess
from samenspel.demo.story import families as story
from samenspel.families.models import Consent, Family, MeldcodeRecord, Registration

pytestmark = pytest.mark.django_db


def test_the_demo_families_load_once_and_stay_the_same():
    from samenspel.demo.loader import load_demo

    users = load_demo()
    first = [(f.network.slug, f.name, f.members.count()) for f in story.demo_families()]
    assert 35 <= len(first) <= 45
    assert {slug for slug, _name, _count in first} == set(story.NETWORKS)

    judo = Family.objects.get(name=story.SOURCE_CASE_JUDO, network__slug="extrateam-zuilen")
    emir = judo.members.get(given_name="Emir")
    assert emir.age_on(Registration.objects.get(family=judo).registered_at.date()) == 14
    assert emir.confidential_sections.exists()
    school = Family.objects.get(name=story.SOURCE_CASE_SCHOOL, network__slug="beter-thuis")
    assert (
        "Niemand was echt bij ons in huis" in school.registrations.get().help_questions.first().text
    )

    parent = next(u for u in users if u.email == story.PARENT_EMAIL)
    assert parent.family_member.family.name == story.PARENT_FAMILY
    assert Consent.objects.exclude(withdrawn_at=None).filter(family__name="Vermeulen").exists()
    assert Consent.objects.filter(family__name=story.PARENT_FAMILY, valid_until__isnull=False)
    assert MeldcodeRecord.objects.count() == 3
    assert BreakGlassAccess.objects.awaiting_review().count() == 1

    consents = Consent.objects.count()
    story.load({u.email: u for u in users})
    again = [(f.network.slug, f.name, f.members.count()) for f in story.demo_families()]
    assert again == first
    assert Consent.objects.count() == consents
