"""An organisation imports its own time registration: a dry run names every bad line, and
the import writes every line or none, once."""

import datetime
import io

import pytest
from django.urls import reverse

from samenspel.accounts.models import Role, RoleGrant
from samenspel.audit.models import AccessEvent
from samenspel.insight.models import TimeEntry, TimeSource
from samenspel.network.models import NetworkMembership
from tests.factories import TrajectoryFactory, make_user
from tests.factories.plans import make_team

TODAY = datetime.date(2026, 11, 18)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_on_today")]
URL = reverse("insight:time_import")


@pytest.fixture
def setting():
    trajectory, professional = make_team(TrajectoryFactory(family__name="Bakker"))
    network = trajectory.network
    organisation = professional.home_organisation
    NetworkMembership.objects.create(network=network, organisation=organisation)
    admin = make_user(Role.NETWORK_ADMIN)
    RoleGrant.objects.filter(user=admin).delete()
    RoleGrant.objects.create(user=admin, role=Role.NETWORK_ADMIN, network=network)
    return trajectory, professional, organisation, admin


def upload(client, organisation, text, *, dry_run):
    data = {"organisation": organisation.pk, "file": io.BytesIO(text.encode())}
    data["file"].name = "tijd.csv"
    if dry_run:
        data["dry_run"] = "on"
    return client.post(URL, data)


def test_a_dry_run_names_each_bad_line_and_imports_nothing(client, setting):
    trajectory, professional, organisation, admin = setting
    client.force_login(admin)
    text = (
        "regel;e-mail;traject;datum;minuten;activiteit\n"
        f"a1;{professional.user.email};{trajectory.pk};18-11-2026;45;Reistijd\n"
        f"a2;onbekend@example.org;{trajectory.pk};2026-11-18;30;travel\n"
        f"a3;{professional.user.email};999999;2026-11-18;0;dansen\n"
    )

    response = upload(client, organisation, text, dry_run=False)

    assert not TimeEntry.objects.exists()
    body = response.text
    assert "Geen professional van deze organisatie" in body
    assert "Onbekend trajectnummer" in body
    assert "Onbekende activiteit" in body
    assert "Bakker" not in body  # the importer learns nothing about the family


def test_a_clean_file_imports_once_and_updates_on_reimport(client, setting):
    trajectory, professional, organisation, admin = setting
    client.force_login(admin)
    text = (
        "external_id;email;trajectory;date;minutes;activity\n"
        f"a1;{professional.user.email};{trajectory.pk};2026-11-18;45;travel\n"
        f"a2;{professional.user.email};{trajectory.pk};2026-11-18;60;family_contact\n"
    )

    checked = upload(client, organisation, text, dry_run=True)
    assert 'data-testid="dry-run-ok"' in checked.text and not TimeEntry.objects.exists()
    upload(client, organisation, text, dry_run=False)
    upload(client, organisation, text.replace(";45;", ";50;"), dry_run=False)

    entries = {e.external_id: e for e in TimeEntry.objects.all()}
    assert set(entries) == {"a1", "a2"}
    assert (entries["a1"].minutes, entries["a1"].direct) == (50, False)
    assert entries["a2"].direct and entries["a2"].source == TimeSource.IMPORT
    assert AccessEvent.objects.filter(action="insight.time_entry.import").count() == 4


def test_time_of_a_professional_not_on_the_team_is_refused(client, setting):
    _trajectory, professional, organisation, admin = setting
    other = TrajectoryFactory(family__network=_trajectory.network)
    client.force_login(admin)
    text = (
        "external_id;email;trajectory;date;minutes;activity\n"
        f"a1;{professional.user.email};{other.pk};2026-11-18;45;travel\n"
    )

    response = upload(client, organisation, text, dry_run=False)

    assert "niet in dit team" in response.text
    assert not TimeEntry.objects.exists()


def test_only_network_administrators_import(client, setting):
    _trajectory, professional, _organisation, _admin = setting
    client.force_login(professional.user)
    assert client.get(URL).status_code == 403
