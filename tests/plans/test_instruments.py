"""Instruments are versioned data, seeded with names only (the ZRM texts are licensed)."""

import pytest
from django.db import IntegrityError, transaction

from samenspel.plans.models import Instrument, InstrumentVersion

pytestmark = pytest.mark.django_db


def test_zrm_2017_ships_its_thirteen_domains_and_five_levels():
    version = InstrumentVersion.objects.get(instrument__code="zrm-2017", is_current=True)
    assert version.domains.filter(scored=True).count() == 13
    # and the one extra life domain, never scored (plans/migrations/0008, issue 19)
    assert list(version.domains.filter(scored=False).values_list("code", flat=True)) == [
        "opvoeding"
    ]
    assert list(version.domains.values_list("name", flat=True)[:2]) == [
        "Financiën",
        "Werk & opleiding",
    ]
    assert list(version.scale_levels.values_list("value", "name")) == [
        (1, "Acute problematiek"),
        (2, "Niet zelfredzaam"),
        (3, "Beperkt zelfredzaam"),
        (4, "Voldoende zelfredzaam"),
        (5, "Volledig zelfredzaam"),
    ]
    assert all(not domain.criteria for domain in version.domains.all())


def test_zrm_households_has_household_and_child_domains():
    version = InstrumentVersion.objects.get(instrument__code="zrm-huishoudens")
    levels = set(version.domains.values_list("level", flat=True))
    assert levels == {"household", "child"}
    assert version.domains.filter(level="child").count() == 6


def test_a_new_version_replaces_the_current_one_without_touching_the_old():
    zrm = Instrument.objects.get(code="zrm-2017")
    old = zrm.versions.get(is_current=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        InstrumentVersion.objects.create(
            instrument=zrm, label="2026", scale_min=1, scale_max=5, is_current=True
        )
    old.is_current = False
    old.save()
    InstrumentVersion.objects.create(
        instrument=zrm, label="2026", scale_min=1, scale_max=5, is_current=True
    )
    assert old.domains.filter(scored=True).count() == 13


def test_gas_levels_run_from_minus_two_to_plus_two():
    version = InstrumentVersion.objects.get(instrument__code="gas")
    assert list(version.scale_levels.values_list("value", flat=True)) == [-2, -1, 0, 1, 2]
