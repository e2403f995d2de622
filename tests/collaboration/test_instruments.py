"""Instruments are data: loaded from TOML files, idempotently; a deployment's own version
becomes current; an answered version cannot silently change its texts."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from samenspel.collaboration.loader import SHIPPED_DIR, load_instruments
from samenspel.collaboration.models import Instrument, InstrumentItem, ItemKind, Level

pytestmark = pytest.mark.django_db

OWN = """
code = "samenwerkingsbarometer"
version = "regio-2027"
level = "organisation"
name = "Barometer (eigen tekst)"
for_rounds = true

[scales]
s = [[1, "Laag"], [5, "Hoog"]]

[[items]]
code = "urgentie"
text = "Eigen gelicentieerde tekst"
scale = "s"
"""


def test_the_shipped_instruments_are_seeded():
    load_instruments([SHIPPED_DIR])
    current = {i.code: i for i in Instrument.objects.filter(is_current=True)}
    assert current["samenwerkingsbarometer"].items.count() == 14
    assert current["samenwerkingsbarometer"].level == Level.ORGANISATION
    value = current["waardecreatie"].items
    assert value.filter(kind=ItemKind.SCALE).count() == 5
    assert value.filter(kind=ItemKind.TEXT).count() == 5
    assert current["twaalf-componenten-gezin"].items.count() == 12
    assert current["twaalf-componenten-gezin"].level == Level.FAMILY
    assert current["twaalf-componenten-professional"].items.count() == 12
    phases = current["stent-fasenmodel"].items.order_by("position")
    assert [p.text for p in phases][2] == "Overeenkomen"
    assert phases[0].deliverable == "Startnotitie"
    assert current["checklist-samenwerking"].items.filter(kind=ItemKind.YES_NO).count() == 14


def test_loading_twice_changes_nothing():
    load_instruments([SHIPPED_DIR])
    before = list(InstrumentItem.objects.order_by("pk").values_list("pk", "text"))
    call_command("load_instruments", stdout=None)
    assert list(InstrumentItem.objects.order_by("pk").values_list("pk", "text")) == before


def test_a_deployment_loads_its_own_version(tmp_path):
    (tmp_path / "barometer.toml").write_text(OWN, encoding="utf-8")
    load_instruments([SHIPPED_DIR, tmp_path])
    current = Instrument.objects.get(code="samenwerkingsbarometer", is_current=True)
    assert current.version == "regio-2027"
    assert current.items.get().text == "Eigen gelicentieerde tekst"
    assert Instrument.objects.filter(code="samenwerkingsbarometer").count() == 2


def test_a_broken_file_is_refused_with_its_name(tmp_path):
    (tmp_path / "kapot.toml").write_text('code = "x"\nversion = "1"\nlevel = "galaxy"\n')
    with pytest.raises(ValidationError, match=r"kapot\.toml"):
        load_instruments([tmp_path])
    assert not Instrument.objects.filter(code="x").exists()
