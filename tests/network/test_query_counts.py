"""The directory, network, organisation and register pages take the same number of queries
whether the network has a few or many professionals, agreements and reviews (no N+1)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samenspel.network import actions
from samenspel.network.models import (
    Absence,
    AbsenceKind,
    ChecklistQuestion,
    GlossaryTerm,
    Intervention,
    LawfulBasis,
    LegalBasis,
    NetworkMembership,
    Service,
    Team,
)
from samenspel.network.values import AgreementValues, ReviewValues
from tests.factories import OrganisationFactory, SectorFactory, make_colleague, make_network_admin
from tests.helpers import get_with_query_count

pytestmark = pytest.mark.django_db


def _grow(network, admin, size):
    """Add `size` professionals, organisations with services, agreements and reviews."""
    term, _ = GlossaryTerm.objects.get_or_create(
        network=network,
        term="Gezin in kwetsbare omstandigheden",
        defaults={"definition": "Een gezin dat op meerdere gebieden hulp nodig heeft."},
    )
    team = Team.objects.create(name=f"Team {size}", network=network)
    team.areas.add(network.zoetermeer)
    for n in range(size):
        organisation = OrganisationFactory(sector=SectorFactory(code="welzijn"))
        NetworkMembership.objects.create(network=network, organisation=organisation)
        person = make_colleague(
            network,
            full_name=f"Collega {size}-{n}",
            organisation=organisation,
            expertise_levels={"lvb": 2, "jeugdhulp": 1},
            languages=("tr", "nl"),
            areas=(network.zoetermeer,),
            mfa=False,
        )
        team.members.add(person)
        if n % 2:
            Absence.objects.create(
                professional=person, kind=AbsenceKind.SICK, starts_on=timezone.localdate()
            )
        service = Service.objects.create(organisation=network.lvb, name=f"Dienst {size}-{n}")
        service.target_groups.add(term)
        Intervention.objects.create(service=service, name="Triple P")
        LegalBasis.objects.create(
            network=network,
            organisation=organisation,
            purpose="Integrale gezinshulp",
            basis=LawfulBasis.PUBLIC_TASK,
        )
        version = actions.save_agreement_version(
            network,
            None,
            actor=admin,
            values=AgreementValues(
                category="roles",
                title=f"Afspraak {n}",
                text="Tekst",
                status="active",
                valid_from=datetime.date(2026, 1, 1),
                reason="Nieuw",
                expected_number=0,
                parties=[organisation],
                terms=[term],
            ),
        )
        actions.record_process_review(
            network,
            actor=admin,
            values=ReviewValues(
                held_on=datetime.date(2026, 10, 1),
                participants="Team",
                case_summary="Casus",
                findings="Bevinding",
                produced_versions=[version],
            ),
        )
    for question in ChecklistQuestion:
        actions.answer_checklist_question(network, actor=admin, question=question, answer="Ja")


FILTERS = {"expertise": "lvb", "language": "tr", "available": "on"}
PAGES = [
    ("network:directory", lambda net: [net.slug], {}, 14),
    (
        "network:directory",
        lambda net: [net.slug],
        {"expertise": "lvb", "language": "tr", "available": "on"},
        16,
    ),
    ("network:detail", lambda net: [net.slug], {}, 15),
    ("network:organisation_detail", lambda net: [net.slug, net.lvb.pk], {}, 12),
    ("network:agreement_list", lambda net: [net.slug], {}, 7),
    ("network:review_list", lambda net: [net.slug], {}, 8),
    ("network:glossary", lambda net: [net.slug], {}, 7),
    ("network:manage", lambda net: [net.slug], {}, 8),
    ("network:professional", lambda net: [net.slug, net.first_colleague.pk], {}, 11),
    ("network:agreement_detail", lambda net: [net.slug, net.first_agreement.pk], {}, 10),
    ("network:glossary_term", lambda net: [net.slug, net.term.pk], {}, 9),
]


@pytest.mark.parametrize(("name", "args", "query", "expected"), PAGES)
def test_page_queries_stay_constant_as_the_network_grows(
    client, beter_thuis, colleague, name, args, query, expected
):
    admin = make_network_admin(beter_thuis)
    client.force_login(admin)
    _grow(beter_thuis, admin, 2)
    beter_thuis.first_colleague = colleague
    beter_thuis.first_agreement = beter_thuis.agreements.earliest("pk")
    beter_thuis.term = beter_thuis.glossary.get()
    url = reverse(name, args=args(beter_thuis))
    client.get(url, data=query)  # the session's first request does its own bookkeeping
    get_with_query_count(client, url, expected=expected, data=query)
    _grow(beter_thuis, admin, 6)

    response = get_with_query_count(client, url, expected=expected, data=query)

    assert response.status_code == 200
