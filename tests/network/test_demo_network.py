"""The demo's networks load deterministically and idempotently, with the demo logins in
their places and stable e-mail addresses for the later demo steps."""

from pathlib import Path

import pytest

from samenspel.accounts.models import Role, RoleGrant
from samenspel.demo.accounts import DEMO_ACCOUNTS
from samenspel.demo.loader import load_network
from samenspel.demo.story import network as story
from samenspel.network.models import (
    Absence,
    Agreement,
    AgreementVersion,
    Network,
    NetworkAssignment,
    Organisation,
    Professional,
    Team,
)

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "networks": list(Network.objects.order_by("slug").values_list("slug", "name")),
        "organisations": Organisation.objects.count(),
        "professionals": sorted(Professional.objects.values_list("user__email", "job_title")),
        "assignments": NetworkAssignment.objects.count(),
        "teams": sorted(Team.objects.values_list("name", flat=True)),
        "agreements": Agreement.objects.count(),
        "versions": AgreementVersion.objects.count(),
        "absences": Absence.objects.count(),
        "grants": sorted(RoleGrant.objects.values_list("user__email", "role", "network__slug")),
    }


def _load():
    load_network()


def test_the_demo_network_loads_twice_without_change():
    _load()
    first = _snapshot()

    _load()

    assert _snapshot() == first
    assert [slug for slug, _name in first["networks"]] == [
        "beter-thuis",
        "extrateam-zuilen",
        "netwerk-oost-vlaanderen",
    ]
    assert 55 <= len(first["professionals"]) <= 70


def test_the_demo_logins_have_their_places_in_beter_thuis():
    _load()
    beter_thuis = Network.objects.get(slug="beter-thuis")
    people = {p.user.email: p for p in story.professionals_in("beter-thuis")}

    fatima = people["regisseur@demo.samenspel.nl"]
    assert fatima.home_organisation.sector.code == "jeugdhulp"
    assert fatima.teams.get().name == "Beter Thuis Zoetermeer"
    assert fatima.user.has_role_in_network(Role.COORDINATOR, beter_thuis.pk)
    assert people["hulpverlener@demo.samenspel.nl"].home_organisation.sector.code == (
        "volwassenen-ggz"
    )
    assert "nieuw@demo.samenspel.nl" in people
    admin = RoleGrant.objects.filter(user__email="netwerkbeheer@demo.samenspel.nl")
    assert sorted(admin.values_list("network__slug", flat=True)) == [
        "beter-thuis",
        "extrateam-zuilen",
    ]


def test_professionals_in_gives_a_fixed_order_and_stable_addresses():
    _load()

    emails = [p.user.email for p in story.professionals_in("netwerk-oost-vlaanderen")]

    assert emails == sorted(emails)
    assert "lieselot.van-den-broeck@cggscheldeland.demo" in emails


def test_several_colleagues_speak_the_families_languages():
    _load()
    spoken = Professional.objects.filter(languages__code__in=["tr", "ar", "zgh", "pl", "en"])

    assert spoken.values("languages__code").distinct().count() == 5
    assert Absence.objects.filter(note=story.DEMO_ABSENCE_NOTE).count() == 4


def test_the_two_stories_have_their_people_in_the_demo():
    """Issue 12: a referrer in Extrateam Zuilen, the trauma therapist she asks for, a school
    contact in a school organisation, a coordinator who takes Zuilen's registrations on, the
    LVB professional of Beter Thuis and a login in the Flemish network."""
    users = load_network()
    zuilen = Network.objects.get(slug="extrateam-zuilen")
    people = {p.user.email: p for p in story.professionals_in("extrateam-zuilen")}

    assert people["buurtteam@demo.samenspel.nl"].home_organisation.sector.code == "wijkteam"
    trauma = people["trauma@demo.samenspel.nl"]
    assert trauma.expertise_levels.filter(expertise__code="trauma").exists()
    assert people["school@demo.samenspel.nl"].home_organisation.sector.code == "onderwijs"
    coordinator = people["regie-zuilen@demo.samenspel.nl"]
    assert coordinator.user.has_role_in_network(Role.COORDINATOR, zuilen.pk)
    lvb = {p.user.email: p for p in story.professionals_in("beter-thuis")}["lvb@demo.samenspel.nl"]
    assert lvb.expertise_levels.filter(expertise__code="lvb").exists()
    assert "vlaanderen@demo.samenspel.nl" in {
        p.user.email for p in story.professionals_in("netwerk-oost-vlaanderen")
    }
    assert {user.email for user in users} == {account.email for account in DEMO_ACCOUNTS}


def test_the_readme_says_who_each_demo_login_is():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    missing = [a.email for a in DEMO_ACCOUNTS if f"| `{a.email}` |" not in readme]
    assert missing == []
