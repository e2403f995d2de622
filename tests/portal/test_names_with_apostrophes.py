"""Dutch names with an apostrophe ("'s Gravensande", "van 't Hek") are shown as written and
escaped in the HTML, on the professional's family file and on the family's own pages. The
factories draw names without one (tests/factories/names.py), so this is where they are tested."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from samenspel.trajectories.actions import plan_meeting

pytestmark = pytest.mark.django_db

COORDINATOR = "Emma 's Gravensande"
FAMILY = "van 't Hek"


def test_names_with_an_apostrophe_are_shown_as_written(family, client_for):
    family.coordinator.user.full_name = COORDINATOR
    family.coordinator.user.save(update_fields=["full_name"])
    household = family.trajectory.family
    household.name = FAMILY
    household.save(update_fields=["name"])
    family.parent.family_name = FAMILY
    family.parent.save(update_fields=["family_name"])
    plan_meeting(
        family.trajectory,
        kind="evaluation",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        actor=family.coordinator.user,
        professionals=[family.coordinator],
        family_members=[family.parent, family.youth],
    )

    meetings = client_for(family.youth_user).get(
        reverse("portal:meetings", args=[family.trajectory.pk])
    )
    assert escape(COORDINATOR) in meetings.text and COORDINATOR not in meetings.text
    assert COORDINATOR in unescape(meetings.text)

    file_page = client_for(family.coordinator.user).get(
        reverse("families:family_detail", args=[household.pk])
    )
    assert file_page.status_code == 200
    assert escape(FAMILY) in file_page.text and f"Marieke {FAMILY}" in unescape(file_page.text)


def test_the_factories_draw_names_html_shows_unchanged():
    """Without the redraw, about one in three hundred Dutch last names has an apostrophe."""
    import factory

    from tests.factories.names import PlainFaker

    class Names(factory.DictFactory):
        plain = PlainFaker("last_name", locale="nl_NL")
        raw = factory.Faker("last_name", locale="nl_NL")

    drawn = Names.build_batch(3000)
    assert any("'" in row["raw"] for row in drawn)
    assert not any(escape(row["plain"]) != row["plain"] for row in drawn)
