"""Issue 12, seed 002's school contact, through the pages: the coordinator of Extrateam
Zuilen (regie-zuilen@) takes on a registration, finds the school's zorgcoördinator Ahmet
Çelik in the team picker, adds him to the family's care team, records the family's consent
that names his school's organisation (about one child, personal details and school only),
and invites him to the MDO. Then Ahmet (school@) opens the family file: he sees that child
and the meeting, and nothing the consent withholds is anywhere in the page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from samenspel.demo.loader import load_demo
from samenspel.families.models import Family, Registration
from samenspel.network.models import Professional
from tests.demo.logins import log_in_as

# The demo dates everything relative to today; the clock is pinned so the story replays.
TODAY = datetime.date(2026, 12, 2)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]

COORDINATOR = "regie-zuilen@demo.samenspel.nl"
SCHOOL = "school@demo.samenspel.nl"


def _value(html: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html
    )
    assert match, f"no field {name!r} on the page"
    return match.group(1)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_coordinator_brings_the_school_contact_in_and_he_sees_what_the_consent_allows(
    client, settings
):
    settings.DEMO_MODE = True
    load_demo()
    log_in_as(client, COORDINATOR)

    # The intake queue: take on the first registration of Extrateam Zuilen.
    queue = client.get(reverse("families:intake_queue")).text
    row = re.search(
        r'href="/families/(\d+)/"[^<]*</a>.*?action="(/trajectories/(\d+)/take-on/)"', queue, re.S
    )
    assert row, queue
    family = Family.objects.get(pk=int(row.group(1)))
    trajectory_id = int(row.group(3))
    assert family.network.slug == "extrateam-zuilen"
    taken = client.post(row.group(2), follow=True)
    compose_url = reverse("trajectories:compose", args=[trajectory_id])
    assert taken.redirect_chain[-1][0] == compose_url, _messages(taken)

    # The team picker finds Ahmet Çelik by a piece of his name.
    compose = client.get(compose_url).text
    search_url = reverse("trajectories:professional_search", args=[trajectory_id])
    assert search_url in compose
    found = client.get(
        search_url, {"field": "add", "add-q": "Çelik"}, headers={"HX-Request": "true"}
    )
    assert found.status_code == 200
    ahmet = Professional.objects.get(user__email=SCHOOL)
    assert f'value="{ahmet.pk}"' in found.text
    assert escape(str(ahmet.home_organisation)) in found.text

    added = client.post(
        reverse("trajectories:team_add", args=[trajectory_id]),
        {"add-professional": ahmet.pk, "add-role": "consulted", "add-selection": "other"},
        follow=True,
    )
    assert escape("Ahmet Çelik") in added.text, _messages(added)
    # Two walk along with the family: the coordinator and a colleague of the specialist team.
    found = client.get(
        search_url, {"field": "add", "add-q": "Inge"}, headers={"HX-Request": "true"}
    )
    inge = Professional.objects.get(user__email="trauma@demo.samenspel.nl")
    assert f'value="{inge.pk}"' in found.text
    added = client.post(
        reverse("trajectories:team_add", args=[trajectory_id]),
        {"add-professional": inge.pk, "add-role": "walk_along", "add-selection": "other"},
        follow=True,
    )
    assert escape("Inge Jansen") in added.text, _messages(added)

    # The consent on the family file names the school's organisation: about one child, for
    # personal details and school.
    members = list(family.members.order_by("date_of_birth"))
    child = next(m for m in reversed(members) if m.role == "child")
    # The parents, and the child from 12 (Jeugdwet 7.3.4; the form says so too).
    givers = [
        m
        for m in members
        if m.role == "parent" or (m.pk == child.pk and (child.age_on(TODAY) or 0) >= 12)
    ]
    detail = client.get(reverse("families:family_detail", args=[family.pk])).text
    consents_url = reverse("families:consent_list", args=[family.pk])
    assert f'href="{consents_url}"' in detail
    consent_url = reverse("families:consent_add", args=[family.pk])
    assert f'href="{consent_url}"' in client.get(consents_url).text
    form = client.get(consent_url).text
    assert escape(ahmet.home_organisation.name) in form
    recorded = client.post(
        consent_url,
        {
            "about": [child.pk],
            "given_by": [m.pk for m in givers],
            "purpose": "team_collaboration",
            "purpose_detail": "Samen met school werken aan schoolgang.",
            "recipient_organisations": [ahmet.home_organisation_id],
            "data_categories": ["personal", "school"],
            "valid_from": TODAY.isoformat(),
            "obtained_how": "signed",
        },
        follow=True,
    )
    assert recorded.redirect_chain, recorded.context["form"].errors

    # On to the walk-along, and the MDO with Ahmet invited.
    detail_url = reverse("trajectories:detail", args=[trajectory_id])
    page = client.get(detail_url).text
    moved = client.post(
        reverse("trajectories:phase", args=[trajectory_id]),
        {"target": "walk_along", "version": _value(page, "version"), "skip_reason": ""},
        follow=True,
    )
    assert "Meelopen" in " ".join(_messages(moved)), _messages(moved)
    meeting_url = reverse("trajectories:meeting_create", args=[trajectory_id])
    assert f'href="{meeting_url}' in moved.text
    form = client.get(meeting_url, {"kind": "mdo"})
    assert f'value="{ahmet.pk}"' in form.text
    planned = client.post(
        meeting_url,
        {
            "kind": "mdo",
            "starts_at": f"{TODAY + datetime.timedelta(days=7)}T10:00",
            "duration_minutes": 90,
            "location": "Schoolgebouw Zuilen",
            "professionals": [ahmet.pk],
        },
        follow=True,
    )
    assert planned.redirect_chain, planned.context["form"].errors
    meeting_path = planned.redirect_chain[-1][0]

    consents = client.get(consents_url).text
    assert escape(ahmet.home_organisation.name) in consents
    # What the consent withholds from the school: the parents, the help questions, the
    # registration's safety notes and wishes. The coordinator's file shows them.
    registration = Registration.objects.get(trajectory_id=trajectory_id)
    withheld = [m.given_name for m in members if m.pk != child.pk]
    withheld += [q.text for q in registration.help_questions.all()]
    withheld += [text for text in (registration.safety_notes, registration.family_wishes) if text]
    assert len(withheld) >= 3
    file_url = reverse("families:family_detail", args=[family.pk])
    coordinators_file = client.get(file_url).text
    for text in withheld:
        assert escape(text) in coordinators_file, text

    # Ahmet finds the family on his start page, its trajectory links the file and the MDO.
    log_in_as(client, SCHOOL)
    trajectory_url = reverse("trajectories:detail", args=[trajectory_id])
    assert f'href="{trajectory_url}"' in client.get(reverse("core:home")).text
    trajectory_page = client.get(trajectory_url).text
    assert f'href="{file_url}"' in trajectory_page
    assert f'href="{meeting_path}"' in trajectory_page
    file_page = client.get(file_url).text
    meeting_page = client.get(meeting_path).text
    assert "Schoolgebouw Zuilen" in meeting_page

    # The child the consent is about; nothing it withholds, on any of his pages.
    assert escape(child.given_name) in file_page
    for page in (trajectory_page, file_page, meeting_page):
        for text in withheld:
            assert escape(text) not in page, text


def test_the_loaded_demo_shows_the_school_contact_emir_and_the_mdo_only(client, settings):
    """Without playing anything first: school@ finds the judo family (seed 002) on his start
    page, consulted with a consent of its own about Emir and school; he sees Emir and the MDO
    he is invited to, and none of what that consent withholds."""
    from samenspel.demo.story.families import SOURCE_CASE_JUDO
    from samenspel.demo.story.trajectories import SCHOOL_CONSENT_NOTE
    from samenspel.families.models import Consent
    from samenspel.trajectories.models import Meeting

    settings.DEMO_MODE = True
    load_demo()
    family = Family.objects.get(network__slug="extrateam-zuilen", name=SOURCE_CASE_JUDO)
    ahmet = Professional.objects.get(user__email=SCHOOL)
    # The only consent that names the school is the narrow one.
    naming = Consent.objects.filter(family=family, recipient_organisations=ahmet.home_organisation)
    assert [c.purpose_detail for c in naming] == [SCHOOL_CONSENT_NOTE]
    trajectory = family.trajectories.get(closed_on__isnull=True)
    meeting = Meeting.objects.get(trajectory=trajectory, participants__professional=ahmet)

    log_in_as(client, SCHOOL)
    trajectory_url = reverse("trajectories:detail", args=[trajectory.pk])
    assert f'href="{trajectory_url}"' in client.get(reverse("core:home")).text
    trajectory_page = client.get(trajectory_url).text
    file_url = reverse("families:family_detail", args=[family.pk])
    meeting_url = reverse("trajectories:meeting", args=[meeting.pk])
    assert f'href="{file_url}"' in trajectory_page
    assert f'href="{meeting_url}"' in trajectory_page
    file_page = client.get(file_url).text
    meeting_page = client.get(meeting_url).text
    assert escape("Schoolgebouw Zuilen") in meeting_page
    assert "Emir" in file_page
    assert "U ziet dit niet" in file_page  # the withheld parts say so, not only go missing
    # "2 andere gezinsleden" labels the members withheld, and only there: not the family's
    # own network or the help questions, which are withheld for a category, Emir's too.
    assert file_page.count("andere gezinsleden") == 1
    # The walk-along journal's observations are withheld, and the page does not also claim
    # there are none.
    assert "observaties" in trajectory_page and "U ziet dit niet" in trajectory_page
    assert "Nog geen observaties" not in trajectory_page

    members = list(family.members.all())
    registration = Registration.objects.get(trajectory=trajectory)
    withheld = [m.given_name for m in members if m.given_name != "Emir"]
    withheld += [q.text for q in registration.help_questions.all()]
    withheld += [t for t in (registration.safety_notes, registration.family_wishes) if t]
    withheld += [s.title for m in members for s in m.confidential_sections.all()]
    assert len(withheld) >= 4
    for page in (trajectory_page, file_page, meeting_page):
        for text in withheld:
            assert escape(text) not in page, text
