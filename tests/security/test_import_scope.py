"""A network administrator's import stays in their network and never changes a login
address; malformed cells and oversized files get a clear error, not a 500."""

import csv
import io
import zipfile

import pytest

from samenspel.network import importing
from samenspel.network.models import Organisation
from tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    SectorFactory,
    add_to_network,
    make_network_admin,
    make_professional,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_networks():
    home = NetworkFactory(name="Beter Thuis")
    other = NetworkFactory(name="Oost-Vlaanderen")
    sector = SectorFactory(code="jeugdhulp")
    ours = OrganisationFactory(external_id="ORG-OURS", sector=sector)
    theirs = OrganisationFactory(external_id="ORG-THEIRS", sector=sector, name="CGG Gent")
    add_to_network(ours, home)
    add_to_network(theirs, other)
    return home, other, ours, theirs


def _rows(text: str):
    return importing.read_rows(io.BytesIO(text.encode()), "import.csv")


def test_an_import_cannot_rename_another_networks_organisation(two_networks):
    home, _other, _ours, theirs = two_networks
    rows = _rows("external_id;name;sector\nORG-THEIRS;Overgenomen;jeugdhulp\n")

    problems = importing.check_rows("organisations", rows, home)

    assert [(p.line, p.field) for p in problems] == [(2, "external_id")]
    theirs.refresh_from_db()
    assert theirs.name == "CGG Gent"


def test_an_import_cannot_rewrite_another_networks_professional(two_networks):
    home, other, _ours, theirs = two_networks
    victim = make_professional(organisation=theirs, network=other)
    rows = _rows(
        "external_id;email;full_name;organisation\n"
        f"{victim.external_id or 'P-V'};aanvaller@example.nl;X;ORG-OURS\n"
    )
    victim.external_id = victim.external_id or "P-V"
    victim.save(update_fields=["external_id"])

    problems = importing.check_rows("professionals", rows, home)

    assert "external_id" in {p.field for p in problems}, problems


def test_an_import_never_changes_a_login_address(two_networks):
    home, _other, ours, _theirs = two_networks
    person = make_professional(organisation=ours, network=home)
    person.external_id = "P-1"
    person.save(update_fields=["external_id"])
    old_email = person.user.email
    rows = _rows(
        f"external_id;email;full_name;organisation\nP-1;nieuw@example.nl;{person.user.full_name};ORG-OURS\n"
    )

    problems = importing.check_rows("professionals", rows, home)

    assert [(p.line, p.field) for p in problems] == [(2, "email")]
    person.user.refresh_from_db()
    assert person.user.email == old_email


def test_a_nul_byte_is_a_line_error(two_networks):
    home, *_ = two_networks
    rows = _rows("external_id;name;sector\nORG-N;Naam\x00;jeugdhulp\n")

    problems = importing.check_rows("organisations", rows, home)

    assert [(p.line, p.field) for p in problems] == [(2, "name")]


def test_a_cell_over_the_csv_limit_is_a_clear_error():
    huge = "x" * (csv.field_size_limit() + 10)
    with pytest.raises(importing.UnreadableFileError, match="2"):
        _rows(f'external_id;name;sector\nORG-1;"{huge}";jeugdhulp\n')


def test_quotes_survive_the_fixed_dialect():
    rows = _rows('external_id;name;sector\nORG-1;"Zorg, Welzijn; en ""meer""";jeugdhulp\n')
    assert rows[0]["name"] == 'Zorg, Welzijn; en "meer"'


def test_a_zip_bomb_shaped_workbook_is_refused_by_its_unpacked_size():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/worksheets/sheet1.xml", b"\x00" * (importing.MAX_XLSX_UNCOMPRESSED + 1)
        )
    buffer.seek(0)

    with pytest.raises(importing.UnreadableFileError):
        importing.read_rows(buffer, "bom.xlsx")


def test_organisations_of_this_network_are_still_updated(two_networks):
    home, _other, ours, _theirs = two_networks
    rows = _rows("external_id;name;sector\nORG-OURS;Nieuwe naam;jeugdhulp\n")
    assert importing.check_rows("organisations", rows, home) == []
    importing.apply_rows("organisations", rows, home)
    assert Organisation.objects.get(pk=ours.pk).name == "Nieuwe naam"


def _admin_of(*networks):
    from samenspel.accounts.models import Role, RoleGrant

    admin = make_network_admin(networks[0])
    for network in networks[1:]:
        RoleGrant.objects.create(user=admin, role=Role.NETWORK_ADMIN, network=network)
    admin.__dict__.pop("_grants", None)
    return admin


def test_an_import_reaches_every_network_its_administrator_manages(two_networks):
    home, _other, _ours, theirs = two_networks
    second = NetworkFactory(name="Tweede netwerk")
    mine_too = OrganisationFactory(external_id="ORG-SECOND", sector=theirs.sector)
    add_to_network(mine_too, second)
    colleague = make_professional(organisation=mine_too, network=second)
    colleague.external_id = "P-SECOND"
    colleague.save(update_fields=["external_id"])
    admin = _admin_of(home, second)
    organisations = _rows("external_id;name;sector\nORG-SECOND;Hernoemd;jeugdhulp\n")
    professionals = _rows(
        "external_id;email;full_name;organisation\n"
        f"P-SECOND;{colleague.user.email};Nieuwe Naam;ORG-SECOND\n"
    )

    # Without the administrator (only the network itself) the same rows are refused.
    assert importing.check_rows("organisations", organisations, home) != []
    assert importing.check_rows("organisations", organisations, home, user=admin) == []
    assert importing.check_rows("professionals", professionals, home, user=admin) == []
    importing.apply_rows("organisations", organisations, home, user=admin)
    importing.apply_rows("professionals", professionals, home, user=admin)

    mine_too.refresh_from_db()
    assert mine_too.name == "Hernoemd"
    assert set(mine_too.memberships.values_list("network", flat=True)) == {home.pk, second.pk}
    colleague.user.refresh_from_db()
    assert colleague.user.full_name == "Nieuwe Naam"
    assert set(colleague.assignments.values_list("network", flat=True)) == {home.pk, second.pk}


def test_an_administrator_of_several_networks_still_cannot_reach_another(two_networks):
    home, _other, _ours, theirs = two_networks
    admin = _admin_of(home, NetworkFactory(name="Tweede netwerk"))
    rows = _rows("external_id;name;sector\nORG-THEIRS;Overgenomen;jeugdhulp\n")

    problems = importing.check_rows("organisations", rows, home, user=admin)

    assert [(p.line, p.field) for p in problems] == [(2, "external_id")]
    with pytest.raises(Exception):  # noqa: B017  # the dry run stops it first
        importing.apply_rows("organisations", rows, home, user=admin)
    theirs.refresh_from_db()
    assert theirs.name == "CGG Gent"


def test_the_dry_run_of_an_upload_uses_its_administrators_reach(two_networks):
    from samenspel.network import actions
    from samenspel.network.models import ImportJob
    from samenspel.network.tasks import check_import

    home, _other, _ours, theirs = two_networks
    second = NetworkFactory(name="Tweede netwerk")
    add_to_network(OrganisationFactory(external_id="ORG-2", sector=theirs.sector), second)
    admin = _admin_of(home, second)
    rows = _rows("external_id;name;sector\nORG-2;Ok;jeugdhulp\nORG-THEIRS;Niet;jeugdhulp\n")
    job = actions.start_import(
        home, actor=admin, kind="organisations", file_name="x.csv", rows=rows
    )

    check_import.call(job.pk)

    job = ImportJob.objects.get(pk=job.pk)
    assert [(p["line"], p["field"]) for p in job.problems] == [(3, "external_id")]
