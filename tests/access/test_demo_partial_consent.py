"""The demo shows consent limiting what is shown (issue 11): hulpverlener@ has a consent
about one child of a Beter Thuis family only, for personal details and school."""

import pytest
from django.urls import reverse

from samenspel.access.policy import Ground, decide
from samenspel.demo.loader import load_demo
from samenspel.demo.story.trajectories import PROFESSIONAL_EMAIL, partial_consent_family
from samenspel.families.models import DataCategory

pytestmark = pytest.mark.django_db


def test_the_demo_professional_sees_one_child_and_two_categories(client):
    users = {user.email: user for user in load_demo()}
    load_demo()  # idempotent: a second run adds no second consent or place
    user = users[PROFESSIONAL_EMAIL]
    family = partial_consent_family()
    assert family is not None
    consent = family.consents.get(purpose_detail__startswith="Alleen over")
    (child,) = consent.about.all()
    decision = decide(user, family)
    assert decision.ground == Ground.CONSENT
    assert decision.scope == {child.pk: frozenset({DataCategory.PERSONAL, DataCategory.SCHOOL})}
    client.force_login(user)
    body = client.get(reverse("families:family_detail", args=[family.pk])).content.decode()
    assert child.given_name in body
    others = family.members.exclude(pk=child.pk)
    assert others.exists()
    for other in others:
        assert other.given_name not in body
    assert "U ziet dit niet: geen toestemming" in body
    listed = client.get(reverse("families:family_list")).content.decode()
    assert family.name in listed
    print(f"demo: {PROFESSIONAL_EMAIL} sees family {family.name}, child {child.given_name}")  # noqa: T201 - named in the report
