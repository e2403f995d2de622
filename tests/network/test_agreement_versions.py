"""The agreements register keeps every change as a new version (who, when, why), refuses to
overwrite a colleague's change, and compares any two versions readably."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samenspel.audit.models import AccessEvent
from samenspel.network import actions
from samenspel.network.models import (
    Agreement,
    AgreementStatus,
    AgreementVersion,
    NetworkChange,
    ProcessReview,
)
from samenspel.network.values import AgreementValues
from tests.factories import make_network_admin

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "category": "information",
        "title": "Informatie delen",
        "text": "We delen alleen wat nodig is.\nMet toestemming van het gezin.",
        "status": "active",
        "valid_from": "2026-01-01",
        "reason": "Eerste versie",
        "expected_number": 0,
    }
    return data | overrides


def _values(**overrides):
    return AgreementValues(**_form(**overrides))


@pytest.fixture
def admin(beter_thuis):
    return make_network_admin(beter_thuis, full_name="Anke Jansen")


def test_each_change_is_a_new_version_with_who_and_why(client, beter_thuis, admin):
    client.force_login(admin)
    client.post(reverse("network:agreement_new", args=[beter_thuis.slug]), _form())
    agreement = Agreement.objects.get()

    response = client.post(
        reverse("network:agreement_edit", args=[beter_thuis.slug, agreement.pk]),
        _form(
            text=_form()["text"] + "\nBij zorg over veiligheid volgen we de meldcode.",
            reason="Besproken in de procesreview van oktober",
            expected_number=1,
            parties=[beter_thuis.youth.pk, beter_thuis.lvb.pk],
        ),
    )

    assert response.status_code == 302
    first, second = AgreementVersion.objects.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert first.text.count("\n") == 1  # the old version is untouched
    assert second.created_by == admin
    assert second.reason == "Besproken in de procesreview van oktober"
    assert set(second.parties.all()) == {beter_thuis.youth, beter_thuis.lvb}
    assert AccessEvent.objects.filter(action="network.agreement.version").count() == 2
    assert NetworkChange.history_of(agreement).count() == 2


def test_a_stale_form_does_not_overwrite_a_colleagues_version(client, beter_thuis, admin):
    client.force_login(admin)
    client.post(reverse("network:agreement_new", args=[beter_thuis.slug]), _form())
    agreement = Agreement.objects.get()
    url = reverse("network:agreement_edit", args=[beter_thuis.slug, agreement.pk])
    client.post(url, _form(title="Eerste wijziging", reason="a", expected_number=1))

    response = client.post(url, _form(title="Tweede wijziging", reason="b", expected_number=1))

    assert response.status_code == 200
    assert "in de tussentijd" in response.text or "in the meantime" in response.text
    assert list(agreement.versions.values_list("title", flat=True)) == [
        "Eerste wijziging",
        "Informatie delen",
    ]


def test_a_version_cannot_be_rewritten(beter_thuis, admin):
    version = actions.save_agreement_version(
        beter_thuis, None, actor=admin, values=_values(valid_from=datetime.date(2026, 1, 1))
    )
    version.text = "Anders"

    with pytest.raises(ValueError, match="immutable"):
        version.save()


def test_an_end_before_the_start_is_refused_with_a_message(client, beter_thuis, admin):
    client.force_login(admin)

    response = client.post(
        reverse("network:agreement_new", args=[beter_thuis.slug]),
        _form(valid_from="2026-05-01", valid_until="2026-04-01"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["valid_until"]
    assert not Agreement.objects.exists()


def test_the_comparison_shows_changed_fields_and_text_lines(client, beter_thuis, admin, colleague):
    first = actions.save_agreement_version(
        beter_thuis, None, actor=admin, values=_values(valid_from=datetime.date(2026, 1, 1))
    )
    actions.save_agreement_version(
        beter_thuis,
        first.agreement,
        actor=admin,
        values=_values(
            status="retired",
            valid_from=datetime.date(2026, 1, 1),
            text="We delen alleen wat nodig is.\nBij zorg volgen we de meldcode.",
            reason="Vervangen",
            expected_number=1,
        ),
    )
    client.force_login(colleague.user)

    response = client.get(
        reverse("network:agreement_compare", args=[beter_thuis.slug, first.agreement_id]),
        {"from": 1, "to": 2},
    )

    fields = [(str(c.label), c.old, c.new) for c in response.context["fields"]]
    assert [(old, new) for _label, old, new in fields] == [
        (str(AgreementStatus.ACTIVE.label), str(AgreementStatus.RETIRED.label))
    ]
    lines = [(line.kind, line.text) for line in response.context["lines"]]
    assert lines == [
        ("same", "We delen alleen wat nodig is."),
        ("removed", "Met toestemming van het gezin."),
        ("added", "Bij zorg volgen we de meldcode."),
    ]


def test_comparing_a_version_that_does_not_exist_is_not_found(client, beter_thuis, admin):
    version = actions.save_agreement_version(
        beter_thuis, None, actor=admin, values=_values(valid_from=datetime.date(2026, 1, 1))
    )
    client.force_login(admin)

    response = client.get(
        reverse("network:agreement_compare", args=[beter_thuis.slug, version.agreement_id]),
        {"from": 1, "to": 7},
    )

    assert response.status_code == 404


def test_a_process_review_links_to_the_versions_it_produced(client, beter_thuis, admin):
    version = actions.save_agreement_version(
        beter_thuis, None, actor=admin, values=_values(valid_from=datetime.date(2026, 1, 1))
    )
    client.force_login(admin)

    response = client.post(
        reverse("network:review_new", args=[beter_thuis.slug]),
        {
            "held_on": "2026-10-14",
            "participants": "Team Zoetermeer, Jeugdhulp Hofstad",
            "case_summary": "Een gezin met schulden en een kind met LVB; de overdracht liep vast.",
            "findings": "Niemand wist wie de regie had.",
            "produced_versions": [version.pk],
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    review = ProcessReview.objects.get()
    assert list(review.produced_versions.all()) == [version]
    detail = client.get(
        reverse("network:agreement_detail", args=[beter_thuis.slug, version.agreement_id])
    )
    assert "14 oktober 2026" in detail.text or "14 October 2026" in detail.text


def test_creating_an_agreement_with_a_stale_start_is_refused(beter_thuis, admin):
    with pytest.raises(ValidationError):
        actions.save_agreement_version(
            beter_thuis, None, actor=admin, values=_values(expected_number=3)
        )
