"""Flemish where it is Flemish (issue 13, DOMAIN.md §6): someone who works or gets help in
Belgium reads `nl-be` (rijksregisternummer, trajectbegeleider, the VK and 1712, the decree),
a registration in Flanders has no Verwijsindex and checks the rijksregisternummer; the
Flemish catalogue follows the Dutch ones."""

import gettext
import importlib.util
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samenspel.families.identifiers import national_number
from samenspel.families.models import Family
from tests.factories import NetworkFactory, OrganisationFactory, make_professional
from tests.families.test_register_family import _post_data

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("flemish", ROOT / "scripts" / "flemish_catalogue.py")
assert _spec and _spec.loader
flemish = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(flemish)


def _rrn(born: str, serial: str, *, after_2000: bool = False) -> str:
    base = born + serial
    check = 97 - int(("2" if after_2000 else "") + base) % 97
    return f"{base}{check:02d}"


def test_the_flemish_catalogue_follows_the_dutch_ones():
    """Every Dutch translation the rules change is in nl_BE with the Flemish words, and
    nl_BE holds nothing else (run scripts/flemish_catalogue.py after changing Dutch)."""
    expected = {}
    for po in flemish.dutch_catalogues():
        with po.with_suffix(".mo").open("rb") as handle:
            catalogue = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        for key, text in catalogue.items():
            msgid = key[0] if isinstance(key, tuple) else key
            if not msgid or msgid.split("\x04")[-1] in flemish.EXEMPT:
                continue
            if flemish.flemish(text) != text:
                expected.setdefault(key, flemish.flemish(text))
    with flemish.TARGET.with_suffix(".mo").open("rb") as handle:
        built = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    built = {k: v for k, v in built.items() if (k[0] if isinstance(k, tuple) else k)}
    assert built == expected
    assert any("trajectbegeleider" in text for text in built.values())
    words = " ".join(built.values())
    for dutch_only in ("regisseur", "BSN", "burgerservicenummer", "Veilig Thuis", "Jeugdwet"):
        assert dutch_only not in words


def test_national_numbers_are_checked_by_country():
    assert national_number("111222333", "NL") == "111222333"
    rrn = _rrn("850730", "033")
    assert national_number(f"{rrn[:2]}.{rrn[2:4]}.{rrn[4:6]}-{rrn[6:9]}.{rrn[9:]}", "BE") == rrn
    assert national_number(_rrn("050101", "001", after_2000=True), "BE")
    for bad, country in (("123456789", "NL"), (rrn, "NL"), ("111222333", "BE")):
        with pytest.raises(ValidationError):
            national_number(bad, country)
    wrong_check = rrn[:9] + f"{(int(rrn[9:]) + 1) % 100:02d}"
    with pytest.raises(ValidationError):
        national_number(wrong_check, "BE")


@pytest.fixture
def flemish_professional(db):
    network = NetworkFactory(country="BE")
    organisation = OrganisationFactory(country="BE")
    return make_professional(network=network, organisation=organisation), network


def test_a_professional_in_flanders_reads_flemish(client, flemish_professional):
    professional, _network = flemish_professional
    client.force_login(professional.user)
    page = client.get(reverse("families:register"))
    body = page.content.decode()
    assert page["Content-Language"] == "nl-be" and '<html lang="nl-be"' in body
    assert "Rijksregisternummer" in body and "BSN" not in body
    # Belgium has no Verwijsindex: the registration does not ask for it.
    assert "Verwijsindex" not in body and 'name="verwijsindex"' not in body


def test_a_dutch_professional_reads_dutch_and_english_stays_english(client, flemish_professional):
    dutch = make_professional(network=NetworkFactory())
    client.force_login(dutch.user)
    body = client.get(reverse("families:register")).content.decode()
    assert "Burgerservicenummer (BSN)" in body and "Verwijsindex" in body
    professional, _ = flemish_professional
    client.force_login(professional.user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("families:register")).content.decode()
    assert "Citizen service number (BSN)" in body


def test_a_registration_in_flanders_stores_a_rijksregisternummer(client, flemish_professional):
    professional, network = flemish_professional
    client.force_login(professional.user)
    bad = _post_data(network=network.pk, verwijsindex="on", **{"member-1-bsn": "111222333"})
    response = client.post(reverse("families:register"), bad)
    assert "Een rijksregisternummer heeft elf cijfers" in response.content.decode()
    assert not Family.objects.exists()
    rrn = _rrn("850730", "033")
    good = _post_data(network=network.pk, verwijsindex="on", **{"member-1-bsn": rrn})
    response = client.post(reverse("families:register"), good)
    assert response.status_code == 302
    family = Family.objects.get()
    assert family.members.get(given_name="Petra").bsn == rrn
    assert family.registrations.get().verwijsindex_flagged_on is None


@pytest.mark.django_db
def test_reference_data_reads_in_the_readers_language():
    """Sectors, expertise, languages and the ZRM's words are data; a professional who chose
    English reads them in English, Dutch readers read the stored (or a deployment's own)
    name."""
    from django.utils import translation

    from samenspel.network.models import Expertise, Language, Sector
    from samenspel.plans.models import InstrumentDomain, ScaleLevel

    lvb = Expertise.objects.get(code="lvb")
    finances = InstrumentDomain.objects.filter(code="financien").first()
    acute = ScaleLevel.objects.filter(value=1, name="Acute problematiek").first()
    assert finances is not None and acute is not None
    with translation.override("en"):
        assert str(lvb) == "Mild intellectual disability (LVB)"
        assert str(Sector.objects.get(code="schuldhulp")) == "Debt counselling"
        assert str(Language.objects.get(code="tr")) == "Turkish"
        assert (finances.label, acute.label) == ("Finances", "Acute problems")
    with translation.override("nl"):
        assert str(lvb) == "LVB (licht verstandelijke beperking)"
        assert finances.label == "Financiën"
    own = Expertise.objects.create(code="eigen", name="Eigen methodiek")
    with translation.override("en"):
        assert str(own) == "Eigen methodiek"


def test_every_shipped_name_is_in_the_dutch_catalogue_as_itself():
    """The Dutch catalogue maps each reference word back to the name the migrations ship, so
    a Dutch reader sees exactly what is stored."""
    from django.utils import translation

    from samenspel.core.reference import SHIPPED

    with translation.override("nl"):
        assert {dutch: str(word) for dutch, word in SHIPPED.items()} == {d: d for d in SHIPPED}
