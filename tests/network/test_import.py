"""Importing organisations and professionals: a dry run lists every problem by line, field
and a Dutch message; the import writes all rows or none; a re-import updates by external id."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from samenspel.network import actions, importing
from samenspel.network.models import (
    ImportJob,
    ImportStatus,
    NetworkAssignment,
    Organisation,
    Professional,
)
from tests.factories import make_network_admin

pytestmark = pytest.mark.django_db

ORGANISATIONS = (
    "external_id;name;sector;country;region\n"
    "ORG-1;Jeugdhulp Zuid;jeugdhulp;NL;Zoetermeer\n"
    "ORG-2;GGZ Delfland;volwassenen-ggz;NL;Den Haag\n"
)
PROFESSIONALS = (
    "external_id;email;full_name;organisation;job_title;hours_per_week;expertise;languages\n"
    'P-1;emre.yilmaz@example.nl;Emre Yilmaz;ORG-1;Gezinscoach;24;"lvb:3;jeugdhulp";"tr;nl"\n'
    "P-2;els.devos@example.nl;Els De Vos;ORG-2;SPV;16;volwassenen-ggz;nl\n"
)


@pytest.fixture
def admin(beter_thuis, client):
    user = make_network_admin(beter_thuis)
    client.force_login(user)
    return user


def _upload(client, network, name, content, kind, commit_callbacks):
    with commit_callbacks(execute=True):
        response = client.post(
            reverse("network:import", args=[network.slug]),
            {"kind": kind, "file": SimpleUploadedFile(name, content)},
        )
    assert response.status_code == 302, response.context["form"].errors
    return ImportJob.objects.latest("pk")


def _confirm(client, network, job, commit_callbacks):
    with commit_callbacks(execute=True):
        client.post(reverse("network:import_confirm", args=[network.slug, job.pk]))
    job.refresh_from_db()
    return job


def test_a_clean_file_is_checked_then_imported(
    client, beter_thuis, admin, django_capture_on_commit_callbacks
):
    job = _upload(
        client,
        beter_thuis,
        "org.csv",
        ORGANISATIONS.encode(),
        "organisations",
        django_capture_on_commit_callbacks,
    )
    assert job.status == ImportStatus.CHECKED and job.problems == []
    assert not Organisation.objects.filter(external_id="ORG-1").exists()  # a dry run first

    job = _confirm(client, beter_thuis, job, django_capture_on_commit_callbacks)

    assert job.status == ImportStatus.DONE
    assert (job.created_count, job.updated_count) == (2, 0)
    assert set(beter_thuis.organisations.values_list("external_id", flat=True)) >= {
        "ORG-1",
        "ORG-2",
    }


def test_the_dry_run_lists_every_problem_by_line_and_field(
    client, beter_thuis, admin, django_capture_on_commit_callbacks
):
    organisations = importing.read_rows(io.BytesIO(ORGANISATIONS.encode()), "org.csv")
    importing.apply_rows("organisations", organisations, beter_thuis)
    content = (
        PROFESSIONALS
        + "P-3;geen-adres;Piet;ORG-9;;80;toverkunst:5;xx\n"
        + "P-1;emre2@example.nl;Emre;ORG-1;;24;;\n"
    ).encode()

    job = _upload(
        client, beter_thuis, "pro.csv", content, "professionals", django_capture_on_commit_callbacks
    )

    problems = {(p["line"], p["field"]) for p in job.problems}
    assert problems == {
        (4, "email"),
        (4, "organisation"),
        (4, "hours_per_week"),
        (4, "expertise"),
        (4, "languages"),
        (5, "external_id"),
    }
    page = client.get(reverse("network:import_detail", args=[beter_thuis.slug, job.pk]))
    assert "Dit is geen geldig e-mailadres." in page.text
    assert "Importeer nu" not in page.text
    assert not Professional.objects.exists()


def test_a_file_with_problems_cannot_be_imported(
    client, beter_thuis, admin, django_capture_on_commit_callbacks
):
    job = _upload(
        client,
        beter_thuis,
        "org.csv",
        b"external_id;name;sector\nX;;onbekend\n",
        "organisations",
        django_capture_on_commit_callbacks,
    )

    job = _confirm(client, beter_thuis, job, django_capture_on_commit_callbacks)

    assert job.status == ImportStatus.CHECKED
    assert not Organisation.objects.filter(external_id="X").exists()


def test_the_import_is_all_or_nothing(beter_thuis, admin):
    rows = importing.read_rows(io.BytesIO(ORGANISATIONS.encode()), "org.csv")
    rows[1]["sector"] = "bestaat-niet"  # slipped past the check, e.g. removed in between

    with pytest.raises(KeyError):
        importing.apply_rows("organisations", rows, beter_thuis)

    assert not Organisation.objects.filter(external_id__in=["ORG-1", "ORG-2"]).exists()


def test_a_failed_import_says_so_and_leaves_nothing(
    client, beter_thuis, admin, django_capture_on_commit_callbacks
):
    job = _upload(
        client,
        beter_thuis,
        "org.csv",
        ORGANISATIONS.encode(),
        "organisations",
        django_capture_on_commit_callbacks,
    )
    rows = job.rows
    rows[1]["sector"] = "bestaat-niet"
    ImportJob.objects.filter(pk=job.pk).update(rows=rows)

    job = _confirm(client, beter_thuis, job, django_capture_on_commit_callbacks)

    assert job.status == ImportStatus.FAILED
    assert not Organisation.objects.filter(external_id="ORG-1").exists()


def test_a_reimport_updates_instead_of_duplicating(beter_thuis, admin):
    organisations = importing.read_rows(io.BytesIO(ORGANISATIONS.encode()), "org.csv")
    importing.apply_rows("organisations", organisations, beter_thuis)
    people = importing.read_rows(io.BytesIO(PROFESSIONALS.encode()), "pro.csv")
    assert importing.apply_rows("professionals", people, beter_thuis) == (2, 0)
    people[0]["job_title"] = "Senior gezinscoach"
    people[0]["hours_per_week"] = "32"
    people[0]["languages"] = "tr;ar"

    assert importing.check_rows("professionals", people, beter_thuis) == []
    assert importing.apply_rows("professionals", people, beter_thuis) == (0, 2)

    emre = Professional.objects.get(external_id="P-1")
    assert Professional.objects.filter(external_id__isnull=False).count() == 2
    assert emre.job_title == "Senior gezinscoach"
    assert sorted(emre.languages.values_list("code", flat=True)) == ["ar", "tr"]
    assert (
        NetworkAssignment.objects.get(professional=emre, network=beter_thuis).hours_per_week == 32
    )
    assert {e.expertise.code: e.level for e in emre.expertise_levels.all()} == {
        "lvb": 3,
        "jeugdhulp": 2,
    }
    assert not emre.user.has_usable_password()


def test_an_excel_file_is_read_like_a_csv(beter_thuis):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Extern ID", "Naam", "Sector", "Land"])
    sheet.append(["ORG-7", "CGG Waasland", "cgg", "BE"])
    sheet.append([None, None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    rows = importing.read_rows(buffer, "lijst.xlsx")

    assert rows == [
        {
            "external_id": "ORG-7",
            "name": "CGG Waasland",
            "sector": "cgg",
            "country": "BE",
            "_line": 2,
        }
    ]
    assert importing.check_rows("organisations", rows, beter_thuis) == []


def test_a_missing_column_is_reported_once(beter_thuis):
    rows = importing.read_rows(io.BytesIO(b"external_id;name\nA;B\n"), "org.csv")

    problems = importing.check_rows("organisations", rows, beter_thuis)

    assert [(p.line, p.field) for p in problems] == [(1, "sector")]


def test_a_file_that_is_not_csv_or_xlsx_is_refused(client, beter_thuis, admin):
    response = client.post(
        reverse("network:import", args=[beter_thuis.slug]),
        {"kind": "organisations", "file": SimpleUploadedFile("lijst.pdf", b"%PDF")},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_progress_is_shown_while_checking(client, beter_thuis, admin):
    job = ImportJob.objects.create(
        network=beter_thuis,
        kind="organisations",
        file_name="groot.csv",
        rows=[{"_line": n} for n in range(2, 202)],
        processed=50,
        created_by=admin,
    )

    response = client.get(
        reverse("network:import_detail", args=[beter_thuis.slug, job.pk]), HTTP_HX_REQUEST="true"
    )

    assert 'value="25"' in response.text
    assert 'hx-trigger="every 1s"' in response.text
    assert "<h1" not in response.text  # only the status partial


def test_starting_an_import_is_logged(beter_thuis, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = actions.start_import(
            beter_thuis, actor=admin, kind="organisations", file_name="a.csv", rows=[]
        )

    assert beter_thuis.changes.filter(object_id=str(job.pk)).exists()


@pytest.mark.parametrize("kind", ["organisations", "professionals"])
def test_the_example_file_passes_its_own_check(client, beter_thuis, admin, kind):
    response = client.get(reverse("network:import_example", args=[beter_thuis.slug, kind]))

    assert response["Content-Type"].startswith("text/csv")
    organisations = importing.read_rows(
        io.BytesIO(importing.example_csv("organisations").encode()), "org.csv"
    )
    importing.apply_rows("organisations", organisations, beter_thuis)
    rows = importing.read_rows(io.BytesIO(response.content), "voorbeeld.csv")
    assert importing.check_rows(kind, rows, beter_thuis) == []
