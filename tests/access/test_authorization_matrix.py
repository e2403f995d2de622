"""The authorization matrix: every family URL for every role and relation, with the status
the policy promises — and the family list never holds a family whose page is refused."""

import pytest
from django.urls import reverse

from samenspel.families.models import Family

ALL = 200
FAMILY_READ = {"detail", "consents", "history", "export_json", "export_pdf"}

URLS = {
    "detail": "families:family_detail",
    "edit": "families:family_edit",
    "member_add": "families:member_add",
    "member_edit": "families:member_edit",
    "relation_add": "families:relation_add",
    "informal_add": "families:informal_add",
    "confidential_add": "families:confidential_add",
    "consents": "families:consent_list",
    "consent_add": "families:consent_add",
    "history": "families:access_history",
    "export_json": "families:export_json",
    "export_pdf": "families:export_pdf",
    "meldcode_add": "families:meldcode_add",
}


def expected(persona: str, url: str) -> int:
    if persona in ("coordinator", "own_organisation", "with_consent"):
        return 200
    if persona in ("without_consent", "withdrawn_consent", "expired_consent"):
        return 403
    if persona == "family_member":
        return 200 if url in FAMILY_READ else 403
    # non_member, network_coordinator (nothing in the intake queue), policy_adviser,
    # security_officer: the file's existence is not disclosed.
    return 404


PERSONAS = [
    "coordinator",
    "own_organisation",
    "with_consent",
    "without_consent",
    "withdrawn_consent",
    "expired_consent",
    "non_member",
    "network_coordinator",
    "policy_adviser",
    "security_officer",
    "family_member",
]


def _url(world, name: str) -> str:
    kwargs = {"family_id": world.family.pk}
    if name == "meldcode_add":
        kwargs["registration_id"] = world.registration.pk
    if name == "member_edit":
        kwargs["member_id"] = world.family.members.order_by("pk").first().pk
    return reverse(URLS[name], kwargs=kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_family_url_answers_as_the_policy_promises(world, client, persona):
    client.force_login(world.users[persona])
    answers = {name: client.get(_url(world, name)).status_code for name in URLS}
    assert answers == {name: expected(persona, name) for name in URLS}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_holds_exactly_what_the_detail_page_allows(world, client, persona):
    client.force_login(world.users[persona])
    response = client.get(reverse("families:family_list"))
    listed = (
        {family.pk for family in response.context["page"]} if response.status_code == 200 else set()
    )
    allowed = {
        family.pk
        for family in Family.objects.all()
        if client.get(reverse("families:family_detail", args=[family.pk])).status_code == 200
    }
    assert listed == allowed
    assert (world.family.pk in listed) == (expected(persona, "detail") == 200)
