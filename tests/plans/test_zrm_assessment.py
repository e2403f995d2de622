"""ZRM measurements score only the domains that matter for the help question, each with the
reason why; never every domain by force (Autoriteit Persoonsgegevens, 2018)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samenspel.plans import actions
from samenspel.plans.models import Assessment, DomainScore, InstrumentDomain, InstrumentVersion

pytestmark = pytest.mark.django_db


def _domain(code: str, instrument: str = "zrm-2017") -> InstrumentDomain:
    return InstrumentDomain.objects.get(version__instrument__code=instrument, code=code)


def test_only_some_domains_scored_the_rest_not_discussed(team, client_for):
    trajectory, coordinator = team
    finances, school = _domain("financien"), _domain("werk-opleiding")
    response = client_for(coordinator.user).post(
        reverse("plans:assessment_new", args=[trajectory.pk]) + "?instrument=zrm-2017",
        {
            "assessed_on": "2026-11-20",
            "member": "",
            "evaluation": "",
            f"score_{finances.pk}": "2",
            f"why_{finances.pk}": "Schulden zijn de hulpvraag.",
            f"score_{school.pk}": "3",
            f"why_{school.pk}": "Noah gaat niet naar school.",
        },
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.instrument_version.label == "2017"
    assert assessment.member is None  # the household
    assert dict(DomainScore.objects.values_list("domain__code", "score")) == {
        "financien": 2,
        "werk-opleiding": 3,
    }


def test_a_scored_domain_needs_the_reason_it_matters(team, client_for):
    trajectory, coordinator = team
    finances = _domain("financien")
    response = client_for(coordinator.user).post(
        reverse("plans:assessment_new", args=[trajectory.pk]),
        {"assessed_on": "2026-11-20", f"score_{finances.pk}": "2", f"why_{finances.pk}": ""},
    )
    assert response.status_code == 200
    assert "Zeg waarom Financiën belangrijk is voor de hulpvraag." in response.content.decode()
    assert not Assessment.objects.exists()


def test_nothing_scored_records_nothing(team, client_for):
    trajectory, coordinator = team
    response = client_for(coordinator.user).post(
        reverse("plans:assessment_new", args=[trajectory.pk]), {"assessed_on": "2026-11-20"}
    )
    assert response.status_code == 200
    assert not Assessment.objects.exists()


def test_zrm_households_is_the_alternative_domain_set(team, client_for):
    trajectory, coordinator = team
    url = reverse("plans:assessment_new", args=[trajectory.pk]) + "?instrument=zrm-huishoudens"
    page = client_for(coordinator.user).get(url)
    assert "Organisatie van het huishouden" in page.content.decode()
    household = _domain("organisatie-huishouden", "zrm-huishoudens")
    client_for(coordinator.user).post(
        url,
        {
            "assessed_on": "2026-11-20",
            f"score_{household.pk}": "4",
            f"why_{household.pk}": "De ochtend loopt vast.",
        },
    )
    assert Assessment.objects.get().instrument_version.instrument.code == "zrm-huishoudens"


def test_the_action_refuses_scores_off_the_scale_or_from_another_instrument(team):
    trajectory, coordinator = team
    zrm = InstrumentVersion.objects.get(instrument__code="zrm-2017")
    with pytest.raises(ValidationError):
        actions.record_assessment(
            trajectory,
            instrument_version=zrm,
            assessed_on=trajectory.opened_on,
            scores={_domain("financien").pk: (6, "reden")},
            actor=coordinator.user,
        )
    with pytest.raises(ValidationError):
        actions.record_assessment(
            trajectory,
            instrument_version=zrm,
            assessed_on=trajectory.opened_on,
            scores={_domain("huisvesting", "zrm-huishoudens").pk: (3, "reden")},
            actor=coordinator.user,
        )
    assert not Assessment.objects.exists()


def test_ors_items_are_scored_zero_to_ten_without_a_reason(team, client_for):
    trajectory, coordinator = team
    ors = InstrumentVersion.objects.get(instrument__code="ors")
    items = list(ors.domains.order_by("position"))
    data = {"assessed_on": "2026-11-20"}
    for item, score in zip(items, (4, 6, 5, 7), strict=True):
        data[f"score_{item.pk}"] = str(score)
        data[f"why_{item.pk}"] = ""
    response = client_for(coordinator.user).post(
        reverse("plans:assessment_new", args=[trajectory.pk]) + "?instrument=ors", data
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert sum(assessment.scores.values_list("score", flat=True)) == 22
    trends = client_for(coordinator.user).get(reverse("plans:trends", args=[trajectory.pk]))
    [row] = trends.context["questionnaires"]
    assert (row.total, row.kind) == (22, "ors")
    assert row.flag  # below the clinical cut-off of 25
