"""Finding a colleague in "Wie is wie": every filter narrows, they combine, and the search
gives the same kinds of results on PostgreSQL (full text, trigrams) and SQLite (fallback)."""

import datetime

import pytest
from django.urls import reverse

from samenspel.network.models import Absence, AbsenceKind
from samenspel.network.views import this_week
from tests.factories import NetworkFactory, make_colleague

# "Available this week" depends on the day: fixtures and requests all run on Wednesday
# 25 November 2026 (the clock is pinned before any fixture, see tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]

MONDAY = datetime.date(2026, 11, 23)
TODAY = MONDAY + datetime.timedelta(days=2)
YILMAZ = "Emre Y\u0131lmaz"  # a Turkish dotless i: colleagues type "Yilmaz"


def _names(response):
    return [person.user.full_name for person in response.context["page_obj"]]


@pytest.fixture
def people(beter_thuis, colleague):
    """Four LVB colleagues who each miss one part of "LVB + Turkish + Zoetermeer, available"."""
    net = beter_thuis
    found = make_colleague(
        net,
        full_name=YILMAZ,
        organisation=net.lvb,
        expertise_levels={"lvb": 3},
        languages=("tr", "nl"),
        areas=(net.zoetermeer,),
        job_title="Gezinscoach LVB",
    )
    make_colleague(  # speaks Arabic, not Turkish
        net,
        full_name="Sara Haddou",
        organisation=net.lvb,
        expertise_levels={"lvb": 2},
        languages=("ar",),
        areas=(net.zoetermeer,),
    )
    make_colleague(  # works in Den Haag
        net,
        full_name="Kemal Demir",
        organisation=net.lvb,
        expertise_levels={"lvb": 2},
        languages=("tr",),
        areas=(net.den_haag,),
    )
    away = make_colleague(  # on leave this week
        net,
        full_name="Ayşe Kaya",
        organisation=net.lvb,
        expertise_levels={"lvb": 2},
        languages=("tr",),
        areas=(net.zoetermeer,),
    )
    Absence.objects.create(
        professional=away,
        kind=AbsenceKind.LEAVE,
        starts_on=MONDAY,
        ends_on=MONDAY + datetime.timedelta(days=4),
    )
    no_hours = make_colleague(  # in the network, but with no hours this period
        net,
        full_name="Zeynep Arslan",
        organisation=net.lvb,
        expertise_levels={"lvb": 1},
        languages=("tr",),
        areas=(net.zoetermeer,),
        hours=0,
    )
    return {"found": found, "no_hours": no_hours}


def test_lvb_turkish_zoetermeer_available_this_week_finds_exactly_the_right_person(
    client, beter_thuis, colleague, people
):
    client.force_login(colleague.user)

    response = client.get(
        reverse("network:directory", args=[beter_thuis.slug]),
        {
            "expertise": "lvb",
            "language": "tr",
            "area": beter_thuis.zoetermeer.pk,
            "available": "on",
        },
    )

    assert response.status_code == 200, response.context["form"].errors if response.context else ""
    assert _names(response) == [YILMAZ]


def test_without_the_availability_filter_the_absent_and_hourless_colleagues_appear(
    client, beter_thuis, colleague, people
):
    client.force_login(colleague.user)

    response = client.get(
        reverse("network:directory", args=[beter_thuis.slug]),
        {"language": "tr", "area": beter_thuis.zoetermeer.pk},
    )

    assert _names(response) == ["Ayşe Kaya", YILMAZ, "Zeynep Arslan"]
    away = {p.user.full_name: p.absences_this_week for p in response.context["page_obj"]}
    assert [a.kind for a in away["Ayşe Kaya"]] == [AbsenceKind.LEAVE]
    assert away[YILMAZ] == []


def test_a_misspelt_name_still_finds_the_colleague(client, beter_thuis, colleague, people):
    client.force_login(colleague.user)

    response = client.get(reverse("network:directory", args=[beter_thuis.slug]), {"q": "Yilmas"})

    assert _names(response) == [YILMAZ]


def test_a_word_from_the_job_title_finds_the_colleague(client, beter_thuis, colleague, people):
    client.force_login(colleague.user)

    response = client.get(
        reverse("network:directory", args=[beter_thuis.slug]), {"q": "gezinscoach"}
    )

    assert _names(response) == [YILMAZ]


def test_filtering_by_organisation_shows_only_its_people(client, beter_thuis, colleague, people):
    client.force_login(colleague.user)

    response = client.get(
        reverse("network:directory", args=[beter_thuis.slug]),
        {"organisation": beter_thuis.youth.pk},
    )

    assert _names(response) == ["Fatima el Amrani"]


def test_the_directory_shows_only_this_networks_professionals(client, beter_thuis, colleague):
    other = NetworkFactory(slug="elders")
    make_colleague(other, full_name="Iemand Elders")
    client.force_login(colleague.user)

    response = client.get(reverse("network:directory", args=[beter_thuis.slug]))

    assert _names(response) == ["Fatima el Amrani"]


def test_an_invalid_filter_value_is_reported_not_a_crash(client, beter_thuis, colleague):
    client.force_login(colleague.user)

    response = client.get(
        reverse("network:directory", args=[beter_thuis.slug]), {"expertise": "onbekend"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["expertise"]


def test_this_week_runs_from_today_to_sunday():
    assert this_week(datetime.date(2026, 11, 25)) == (
        datetime.date(2026, 11, 25),
        datetime.date(2026, 11, 29),
    )


def test_the_directory_says_until_when_a_colleague_is_away_but_not_why(
    client, beter_thuis, colleague, people
):
    """Privacy of employees: colleagues see that someone is away and until when, not the
    reason (sick, leave)."""
    Absence.objects.filter(professional__user__full_name="Ayşe Kaya").update(kind=AbsenceKind.SICK)
    client.force_login(colleague.user)

    response = client.get(
        reverse("network:directory", args=[beter_thuis.slug]),
        {"language": "tr", "area": beter_thuis.zoetermeer.pk},
        headers={"accept-language": "nl"},
    )

    body = response.content.decode()
    assert "Afwezig tot en met" in body
    assert "Ziek" not in body and "ziek" not in body
