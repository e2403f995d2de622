"""The demo's dates hang from the day it is made (issue 12): whatever day that is, there is
an overdue evaluation and an upcoming meeting, every evaluation comes after the agreement of
the version it evaluates; and seed 002's wíe-vraag is played: the referrer asked for the
trauma therapist, whose login finds the request."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from samenspel.accounts.models import User
from samenspel.demo.loader import load_demo
from samenspel.families.models import Registration
from samenspel.plans.models import Evaluation
from samenspel.trajectories.models import DirectRequest, Meeting, Trajectory

pytestmark = pytest.mark.django_db


def test_the_demo_always_has_something_overdue_and_something_ahead(client):
    # Any day the demo is made on: one far from the day these lines were written.
    day = datetime.date(2027, 8, 19)
    moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(moment, tick=False):
        load_demo()
        today = timezone.localdate()
        assert today == day
        overdue = Trajectory.objects.filter(closed_on__isnull=True, next_evaluation_on__lt=today)
        assert overdue.exists()
        assert Meeting.objects.filter(starts_at__gt=timezone.now(), held=False).exists()
        for evaluation in Evaluation.objects.select_related("plan_version"):
            agreed = evaluation.plan_version.agreed_at
            assert agreed is not None, evaluation.pk
            assert timezone.localdate(agreed) <= evaluation.held_on, evaluation.pk

        registration = Registration.objects.get(asked_professional__user__full_name="Inge Jansen")
        assert registration.asked_professional.expertise_levels.filter(
            expertise__code="trauma", expertise__name="Traumabehandeling"
        ).exists()
        request = DirectRequest.objects.get(
            trajectory=registration.trajectory, professional=registration.asked_professional
        )
        assert request.status == "pending" and "judo" in request.message
        client.force_login(User.objects.get(email="trauma@demo.samenspel.nl"))
        home = client.get("/").content.decode()
        assert f"{request.requested_by} vraagt u voor een gezinsteam" in home
        answer = reverse("trajectories:answer", args=[request.pk])
        assert answer in home
        assert "Emir wil eerst judo" in client.get(answer).content.decode()
