"""The demo's knowledge hub: the four SAMEN themes with a year of updates dated from today,
lessons from Beter Thuis's process review and Zuilen's value round (the one about walking
along in the home changed an agreement), two experience experts; loads twice without change."""

import datetime

import pytest
from django.utils import timezone

from samenspel.demo.accounts import DEMO_ACCOUNTS
from samenspel.demo.loader import _ensure_account
from samenspel.demo.story import knowledge, network
from samenspel.knowledge.models import (
    LearningMeeting,
    LearningNetwork,
    Lesson,
    Membership,
    ProgressUpdate,
    SearchEntry,
)
from samenspel.knowledge.querysets import search_entries
from tests.knowledge.conftest import theme

pytestmark = pytest.mark.django_db


def _load():
    for slug in (
        "gezinnen-in-kwetsbare-omstandigheden",
        "normaliseren",
        "integraal-werken",
        "leren-en-implementeren",
    ):
        theme(slug)
    users = [_ensure_account(account) for account in DEMO_ACCOUNTS]
    logins = {user.email: user for user in users}
    network.load(logins)
    knowledge.load(logins)
    return logins


def _snapshot():
    return {
        "networks": sorted(LearningNetwork.objects.values_list("slug", "theme__slug")),
        "members": Membership.objects.count(),
        "updates": sorted(ProgressUpdate.objects.values_list("title", "created_at")),
        "lessons": sorted(Lesson.objects.values_list("title", "agreement_version__number")),
        "entries": SearchEntry.objects.count(),
        "meetings": LearningMeeting.objects.count(),
    }


def test_the_demo_hub_loads_twice_without_change():
    _load()
    first = _snapshot()
    _load()
    assert _snapshot() == first
    assert {slug for _name, slug in first["networks"]} == {
        "gezinnen-in-kwetsbare-omstandigheden",
        "normaliseren",
        "integraal-werken",
        "leren-en-implementeren",
    }


def test_the_demo_has_a_year_of_news_and_the_lesson_a_newcomer_looks_for():
    logins = _load()
    dates = [when for _title, when in _snapshot()["updates"]]
    now = timezone.now()
    assert max(dates) > now - datetime.timedelta(days=7)  # this week's digest has news
    assert min(dates) < now - datetime.timedelta(days=330)
    experts = Membership.objects.filter(kind="experience_expert").values("user").distinct()
    assert experts.count() == 2

    joost = logins["hulpverlener@demo.samenspel.nl"]
    found = search_entries(joost, "meeloop")
    lesson = Lesson.objects.get(pk=found.get(kind="lesson").object_id)
    assert "Meelopen in de thuissituatie" in lesson.title
    assert lesson.agreement_version.number == 2
    assert lesson.agreement_version.title == "Meelopen in de thuissituatie"
    assert Lesson.objects.filter(source_kind="barometer_round").exists()
    assert Lesson.objects.filter(source_kind="process_review").count() == 2
