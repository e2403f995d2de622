"""Consent in the family portal (issue 17, point 4): the family reads in B1 who may see what
about whom until when, withdraws at once (logged; the organisation loses the file on its next
page), and gives consent under the age rules: a 14-year-old and a parent each say yes."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samenspel.access.policy import decide
from samenspel.audit.models import AccessEvent
from samenspel.families.models import Consent
from samenspel.portal.models import ConsentDraft
from tests.factories import OrganisationFactory, add_consent, add_to_team, make_professional
from tests.portal.b1 import b1_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def debt_help(family):
    organisation = OrganisationFactory(name="Schuldhulp Zoetermeer")
    professional = make_professional(organisation=organisation)
    add_to_team(family.trajectory, professional)
    return organisation, professional


def test_the_parent_reads_and_withdraws_a_consent_which_stops_at_once(
    family, debt_help, client_for
):
    organisation, professional = debt_help
    consent = add_consent(
        family.trajectory.family,
        organisation,
        valid_until=timezone.localdate() + datetime.timedelta(days=90),
    )
    assert decide(professional.user, family.trajectory.family).allowed
    parent = client_for(family.parent_user)
    url = reverse("portal:consents", args=[family.trajectory.family_id])
    page = parent.get(url)
    assert page.status_code == 200
    assert "Schuldhulp Zoetermeer" in page.text and "mag dit zien" in page.text
    assert "geld en schulden" in page.text and "Marieke" in page.text
    assert b1_problems(page.text) == []

    withdraw = reverse("portal:consent_withdraw", args=[family.trajectory.family_id, consent.pk])
    form = parent.get(withdraw)
    assert "Het stopt meteen." in form.text and b1_problems(form.text) == []
    response = parent.post(withdraw, {"reason": "Ik wil dit eerst zelf regelen."})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by.startswith("Marieke")
    assert AccessEvent.objects.filter(
        action="families.consent.withdraw", user=family.parent_user, consent_id=consent.pk
    ).exists()
    assert not decide(professional.user, family.trajectory.family).allowed
    assert "Ingetrokken op" in parent.get(url).text


def test_a_fourteen_year_old_and_a_parent_each_say_yes(family, debt_help, client_for):
    organisation, professional = debt_help
    youth = client_for(family.youth_user)
    new = reverse("portal:consent_new", args=[family.trajectory.family_id])
    form = youth.get(new)
    assert form.status_code == 200 and b1_problems(form.text) == []
    # Only himself to choose: not his mother.
    assert f'name="about" value="{family.youth.pk}"' in form.text
    assert f'name="about" value="{family.parent.pk}"' not in form.text
    until = (timezone.localdate() + datetime.timedelta(days=180)).isoformat()
    response = youth.post(
        new,
        {
            "organisations": [organisation.pk],
            "categories": ["school"],
            "about": [family.youth.pk],
            "valid_until": until,
        },
    )
    assert response.status_code == 302
    draft = ConsentDraft.objects.get()
    assert draft.consent is None and not Consent.objects.exists()

    parent = client_for(family.parent_user)
    page = parent.get(reverse("portal:consents", args=[family.trajectory.family_id])).text
    assert "Ik zeg ook ja" in page and "Schuldhulp Zoetermeer" in page
    parent.post(reverse("portal:consent_confirm", args=[family.trajectory.family_id, draft.pk]))
    consent = Consent.objects.get()
    assert set(consent.given_by.all()) == {family.parent, family.youth}
    assert set(consent.about.all()) == {family.youth}
    assert consent.data_categories == ["school"]
    decision = decide(professional.user, family.trajectory.family)
    assert decision.allowed and decision.sees_about(family.youth.pk, "school")
    assert not decision.sees_about(family.parent.pk, "school")
    assert AccessEvent.objects.filter(action="portal.consent.confirm").count() == 1


def test_the_youth_cannot_consent_about_his_mother(family, debt_help, client_for):
    organisation, _professional = debt_help
    youth = client_for(family.youth_user)
    response = youth.post(
        reverse("portal:consent_new", args=[family.trajectory.family_id]),
        {
            "organisations": [organisation.pk],
            "categories": ["finances"],
            "about": [family.parent.pk],
            "valid_until": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert not ConsentDraft.objects.exists()
    assert b1_problems(response.text) == []


def test_the_youth_does_not_read_his_mothers_consents(family, debt_help, client_for):
    organisation, _professional = debt_help
    consent = add_consent(family.trajectory.family, organisation)
    consent.about.set([family.parent])
    consent.given_by.set([family.parent])
    page = client_for(family.youth_user).get(
        reverse("portal:consents", args=[family.trajectory.family_id])
    )
    assert "Schuldhulp Zoetermeer" not in page.text
    assert (
        client_for(family.youth_user)
        .get(reverse("portal:consent_withdraw", args=[family.trajectory.family_id, consent.pk]))
        .status_code
        == 404
    )
