"""The demo's networks load deterministically and idempotently, with the demo logins in
their places and stable e-mail addresses for the later demo steps."""

import pytest

from samenspel.accounts.models import Role, RoleGrant
from samenspel.demo.accounts import DEMO_ACCOUNTS
from samenspel.demo.loader import _ensure_account
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
    users = [_ensure_account(account) for account in DEMO_ACCOUNTS]
    story.load({user.email: user for user in users})


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
