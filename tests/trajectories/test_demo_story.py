"""The demo story: families in every phase, the demo logins on teams, and a second run
changes nothing."""

import pytest

from samenspel.access.policy import visible_family_ids
from samenspel.accounts.models import User
from samenspel.demo.loader import load_demo
from samenspel.trajectories.models import (
    CareTeamMembership,
    Closure,
    Handover,
    Meeting,
    Observation,
    Phase,
    Trajectory,
)

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    return {
        "phases": sorted(Trajectory.objects.values_list("pk", "phase")),
        "team": CareTeamMembership.objects.count(),
        "journal": Observation.objects.count(),
        "meetings": Meeting.objects.count(),
        "handovers": Handover.objects.count(),
        "closures": Closure.objects.count(),
    }


def test_the_demo_spreads_families_over_every_phase_and_is_idempotent():
    load_demo()
    phases = set(Trajectory.objects.values_list("phase", flat=True))
    assert phases == set(Phase.values)
    assert Meeting.objects.filter(kind="mdo", held=True).exists()
    assert Handover.objects.filter(kind="temporary").exists()
    assert Closure.objects.filter(dropout=True).exists()
    # Indicator 3.4 comes from the last evaluation: no evaluation, never "realised".
    assert Closure.objects.filter(reason="goals_reached").exists()
    assert not Closure.objects.filter(goals_realised=True, evaluations=0).exists()
    for email in ("regisseur@demo.samenspel.nl", "hulpverlener@demo.samenspel.nl"):
        user = User.objects.get(email=email)
        assert Trajectory.objects.filter(family_id__in=visible_family_ids(user)).count() >= 3, email
    first = snapshot()
    load_demo()
    assert snapshot() == first


def test_the_demo_logins_pages_render_with_the_demo_data(client):
    load_demo()
    for email in ("regisseur@demo.samenspel.nl", "hulpverlener@demo.samenspel.nl"):
        user = User.objects.get(email=email)
        client.force_login(user)
        home = client.get("/")
        assert home.status_code == 200
        assert "Mijn gezinnen" in home.content.decode()
        for trajectory in Trajectory.objects.filter(family_id__in=visible_family_ids(user)):
            assert client.get(f"/trajectories/{trajectory.pk}/").status_code == 200
            assert (
                client.get(f"/trajectories/families/{trajectory.family_id}/timeline/").status_code
                == 200
            )
            for meeting in trajectory.meetings.all():
                assert client.get(f"/trajectories/meetings/{meeting.pk}/").status_code == 200
    client.force_login(User.objects.get(email="regisseur@demo.samenspel.nl"))
    overview = client.get("/trajectories/network/")
    assert overview.status_code == 200
    assert "Aanmelding" in overview.content.decode()
    # "Afgesloten": a demo login's closed help, read-only until the follow-up check.
    shown = set()
    for email in ("regisseur@demo.samenspel.nl", "hulpverlener@demo.samenspel.nl"):
        client.force_login(User.objects.get(email=email))
        closed = client.get("/trajectories/closed/").content.decode()
        if 'data-testid="closed"' in closed:
            shown.add(email)
            assert 'data-testid="follow-up"' in closed or "vanaf" in closed
    assert shown, "no demo login has closed help to show under Afgesloten"
