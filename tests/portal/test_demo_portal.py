"""The demo lets the issue's "Done when" be played: the parent (ouder@) and the 14-year-old
(jongere@) each reach an agreed plan with goals in the portal; the 14-year-old does not see
the mother's goal about money. Idempotent on a second run."""

import pytest
from django.urls import reverse

from samenspel.demo.story import portal as story
from samenspel.plans.models import Goal
from samenspel.portal.models import ProfessionalOffer

pytestmark = pytest.mark.django_db


def test_the_demo_family_logins_reach_their_plan(client):
    from samenspel.demo.loader import load_demo

    users = {u.email: u for u in load_demo()}
    goals, offers = Goal.objects.count(), ProfessionalOffer.objects.count()
    story.load(users)
    assert Goal.objects.count() == goals
    assert ProfessionalOffer.objects.count() == offers

    for email, own, withheld in (
        ("ouder@demo.samenspel.nl", "Marieke weet waar ze staat met geld", None),
        (story.YOUTH_EMAIL, "Emir gaat elke dag naar school", "Ayşe krijgt grip op de rekeningen"),
    ):
        client.force_login(users[email])
        home = client.get(reverse("portal:home"))
        assert home.status_code == 200
        link = next(
            part.split('"')[0]
            for part in home.text.split('href="')[1:]
            if part.startswith("/portal/t/") and part.split('"')[0].count("/") == 4
        )
        page = client.get(link)
        assert page.status_code == 200 and own in page.text
        assert "Het plan van gezin" in page.text
        if withheld:
            assert withheld not in page.text
        # Two professionals proposed by the team, reached from the plan ("Wie gaat je helpen?").
        assert link + "choose/" in page.text
        choose = client.get(link + "choose/")
        assert choose.text.count('data-testid="offer"') == 2
        assert choose.text.count("Het team raadt deze persoon aan.") == 1
