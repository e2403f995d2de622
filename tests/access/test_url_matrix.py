"""The widened authorization matrix (issue 11, point 2): every URL that carries a family,
trajectory, plan, meeting, evaluation or export, enumerated from the URL conf, for every
persona and consent state (tests/access/personas.py: `build_wide_world`). For each cell the
status is the one the policy decides, and the body holds no name of a member the reader may
not see, no safety text without the safety category and no goal outside their categories.

A URL with a family-carrying argument that is not in `URLS` fails
`test_every_family_url_is_in_the_matrix`: a new page cannot escape the matrix."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from samenspel.access.policy import Action, Decision, decide
from samenspel.families.models import DataCategory
from tests.access.personas import WIDE_GOAL, WIDE_NAMES, WIDE_SAFETY, build_wide_world

TODAY = datetime.date(2026, 11, 25)

# The arguments that name something of a family (a `pk` does so in these namespaces).
FAMILY_KWARGS = {
    "family_id",
    "trajectory_id",
    "meeting_id",
    "registration_id",
    "member_id",
    "relation_id",
    "contact_id",
    "consent_id",
    "evaluation_id",
    "item_id",
    "membership_id",
    "access_id",
    "request_id",
    "absence_id",
}
PK_NAMESPACES = {"trajectories", "plans", "families", "access", "fhir"}

# How each URL answers a GET: "read" (the page, 200 when the policy allows `action`), "form"
# (a form that needs `action`; allowed: the form, a redirect, or 403/404 for a narrower rule
# of the page, such as coordinator-only steering), "post" (POST only: 405 to a GET) and
# "other" (reached through another object or a rule of its own — the emergency form, a
# review, a request, an absence, destruction — whose status that rule decides; the body
# check holds for them as for every page).
# "system": the API and FHIR (docs/API.md) answer only a system's bearer token: a logged-in
# person gets 401 and nothing of the file (tests/api/test_api_matrix.py holds the matrix for
# the systems of each organisation persona).
READ, FORM, POST, OTHER, SYSTEM = "read", "form", "post", "other", "system"
URLS: dict[str, tuple[str, Action]] = {
    "families:family_detail": (READ, Action.VIEW),
    "families:family_edit": (FORM, Action.EDIT),
    "families:member_add": (FORM, Action.EDIT),
    "families:member_edit": (FORM, Action.EDIT),
    "families:relation_add": (FORM, Action.EDIT),
    "families:relation_remove": (POST, Action.EDIT),
    "families:informal_add": (FORM, Action.EDIT),
    "families:informal_remove": (POST, Action.EDIT),
    "families:confidential_add": (FORM, Action.ADD_CONFIDENTIAL),
    "families:meldcode_add": (FORM, Action.EDIT),
    "families:consent_list": (READ, Action.VIEW),
    "families:consent_add": (FORM, Action.EDIT),
    "families:consent_withdraw": (FORM, Action.EDIT),
    "families:access_history": (READ, Action.VIEW),
    "families:export_json": (READ, Action.EXPORT),
    "families:export_pdf": (READ, Action.EXPORT),
    "families:family_destroy": (OTHER, Action.EDIT),
    "access:break_glass": (OTHER, Action.VIEW),
    "access:break_glass_review": (OTHER, Action.VIEW),
    "trajectories:timeline": (READ, Action.VIEW),
    "trajectories:detail": (READ, Action.VIEW),
    "trajectories:take_on": (POST, Action.EDIT),
    "trajectories:phase": (POST, Action.EDIT),
    "trajectories:observation_add": (POST, Action.EDIT),
    "trajectories:close": (FORM, Action.EDIT),
    "trajectories:follow_up": (OTHER, Action.VIEW),
    "trajectories:reopen": (POST, Action.EDIT),
    "trajectories:compose": (FORM, Action.VIEW),
    "trajectories:professional_search": (FORM, Action.VIEW),
    "trajectories:team_add": (POST, Action.EDIT),
    "trajectories:ask": (POST, Action.EDIT),
    "trajectories:team_end": (POST, Action.EDIT),
    "trajectories:coordinator": (POST, Action.EDIT),
    "trajectories:answer": (OTHER, Action.VIEW),
    "trajectories:request_steer": (OTHER, Action.VIEW),
    "trajectories:team_add_pair": (POST, Action.EDIT),
    "trajectories:handover": (OTHER, Action.VIEW),
    "trajectories:cover": (OTHER, Action.EDIT),
    "trajectories:meeting_create": (FORM, Action.EDIT),
    "trajectories:meeting": (READ, Action.VIEW),
    "trajectories:perspective_add": (POST, Action.EDIT),
    "trajectories:follow_up_add": (POST, Action.EDIT),
    "trajectories:meeting_ics": (READ, Action.EXPORT),
    "plans:plan_detail": (READ, Action.VIEW),
    "plans:plan_start": (POST, Action.EDIT),
    "plans:plan_pdf": (READ, Action.PRINT),
    "plans:version_diff": (FORM, Action.VIEW),
    "plans:version_edit": (FORM, Action.EDIT),
    "plans:version_agree": (FORM, Action.EDIT),
    "plans:version_new": (FORM, Action.EDIT),
    "plans:own_agreement": (POST, Action.AGREE_SELF),
    "plans:member_agreement_new": (FORM, Action.EDIT),
    "plans:evaluation_list": (READ, Action.VIEW),
    "plans:evaluation_new": (FORM, Action.EDIT),
    "plans:assessment_new": (FORM, Action.EDIT),
    "plans:trends": (READ, Action.VIEW),
    "plans:item_new": (FORM, Action.EDIT),
    "plans:item_edit": (FORM, Action.EDIT),
    "plans:item_remove": (POST, Action.EDIT),
    "insight:book_meeting": (POST, Action.EDIT),
    "collaboration:component_rating": (FORM, Action.EDIT),
    # portal:glossary (the family's word list, issue 13) names no family and holds no family
    # data: outside this matrix; tests/portal/test_glossary.py checks who reaches it.
    "portal:plan": (READ, Action.SPEAK_SELF),
    "portal:view_edit": (FORM, Action.SPEAK_SELF),
    "portal:goal_propose": (FORM, Action.SPEAK_SELF),
    "portal:proposal_adopt": (FORM, Action.EDIT),
    "portal:evaluation": (FORM, Action.SPEAK_SELF),
    "portal:meetings": (READ, Action.SPEAK_SELF),
    "portal:messages": (FORM, Action.SPEAK_SELF),
    "portal:consents": (READ, Action.CONSENT_SELF),
    "portal:consent_new": (FORM, Action.CONSENT_SELF),
    "portal:consent_confirm": (POST, Action.CONSENT_SELF),
    "portal:consent_withdraw": (FORM, Action.CONSENT_SELF),
    "portal:choose": (FORM, Action.SPEAK_SELF),
    "portal:offer_photo": (OTHER, Action.SPEAK_SELF),  # 404 without a photo
    "portal:offer_create": (POST, Action.EDIT),
    "portal:offer_withdraw": (POST, Action.EDIT),
    "portal:login_link_send": (POST, Action.EDIT),
    "v1:trajectory": (SYSTEM, Action.VIEW),
    "v1:plan": (SYSTEM, Action.VIEW),
    "v1:consents": (SYSTEM, Action.VIEW),
    "v1:meetings": (SYSTEM, Action.VIEW),
    "v1:access_events": (SYSTEM, Action.VIEW),
    # The API's writes (POST only; tests/api/test_writes.py holds their matrix).
    "v1:add_journal_note": (POST, Action.EDIT),
    "v1:record_time": (POST, Action.EDIT),
    "v1:propose_goal": (POST, Action.EDIT),
    "v1:propose_plan_action": (POST, Action.EDIT),
    "fhir:care_team": (SYSTEM, Action.VIEW),
    "fhir:group": (SYSTEM, Action.VIEW),
    "fhir:care_plan": (SYSTEM, Action.VIEW),
    "fhir:care_plan_history": (SYSTEM, Action.VIEW),
    "fhir:care_plan_version": (SYSTEM, Action.VIEW),
    "fhir:practitioner": (SYSTEM, Action.VIEW),
    "fhir:organization": (SYSTEM, Action.VIEW),
    "fhir:questionnaire_response": (SYSTEM, Action.VIEW),
}

PERSONAS = [
    "coordinator",
    "own_organisation",
    "consent_full",
    "consent_partial",
    "consent_none",
    "consent_withdrawn",
    "consent_expired",
    "consent_turned_12",
    "non_member",
    "network_coordinator",
    "emergency",
    "policy_adviser",
    "security_officer",
    "parent_with_authority",
    "youth_13",
    "youth_11",
]


def _patterns(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            name = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern), name)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def family_urls() -> dict[str, set[str]]:
    """Every named URL of the URL conf that carries a family, with its arguments."""
    found = {}
    for name, entry in _patterns(get_resolver().url_patterns):
        kwargs = set(entry.pattern.converters)
        namespace = name.split(":")[0] if ":" in name else ""
        if kwargs & FAMILY_KWARGS or ("pk" in kwargs and namespace in PK_NAMESPACES):
            found[name] = kwargs
    return found


def test_every_family_url_is_in_the_matrix():
    assert set(family_urls()) == set(URLS)


@pytest.fixture(scope="module")
def wide(django_db_setup, django_db_blocker):
    """The world, built once with the clock held on TODAY for the fixture and every test."""
    noon = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(noon), django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_wide_world(TODAY)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


class _FakeHTML:
    """WeasyPrint stand-in: the 'PDF' is the HTML it was given, so the body can be read
    (and the matrix stays fast)."""

    def __init__(self, string: str = "", **_kwargs: object) -> None:
        self.string = string

    def write_pdf(self) -> bytes:
        return self.string.encode()


def _expected(kind: str, action: Action, decisions: dict[Action, Decision]) -> set[int]:
    if kind == SYSTEM:
        return {401}
    if kind == POST:
        return {403, 405}  # a role check may answer before the method check; nothing shown
    if kind == OTHER:
        return {200, 302, 403, 404, 405}  # the body check is what holds here
    if not decisions[Action.VIEW].visible:
        return {404}
    if not decisions[action].allowed:
        return {403}
    # A form of a step that belongs to another phase answers 409 with why (the phase guard,
    # trajectories/phases.py), after the policy allowed the reader.
    return {200} if kind == READ else {200, 302, 403, 404, 409}


def _withheld(user, wide) -> list[str]:
    decision = decide(user, wide.family, Action.VIEW)
    texts = [
        WIDE_NAMES[key]
        for key, member in wide.members.items()
        if not decision.sees_member(member.pk)
    ]
    if not decision.sees(DataCategory.SAFETY):
        texts.append(WIDE_SAFETY)
    if not decision.sees_about(wide.members["mother"].pk, DataCategory.FINANCES):
        texts.append(WIDE_GOAL)
    return texts


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_family_url_answers_as_the_policy_decides(wide, client, persona, monkeypatch):
    import weasyprint

    monkeypatch.setattr(weasyprint, "HTML", _FakeHTML)
    user = wide.users[persona]
    client.force_login(user)
    withheld = _withheld(user, wide)
    decisions = {action: decide(user, wide.family, action) for action in Action}
    urls = family_urls()
    problems = []
    for name, (kind, action) in URLS.items():
        url = reverse(name, kwargs={k: wide.kwargs[k] for k in urls[name]})
        response = client.get(url)
        expected = _expected(kind, action, decisions)
        if response.status_code not in expected:
            problems.append(f"{name}: {response.status_code}, expected {sorted(expected)}")
        body = b"".join(response) if response.streaming else response.content
        text = body.decode(errors="replace")
        problems += [f"{name}: shows {shown!r}" for shown in withheld if shown in text]
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_the_matrix_reads_what_it_means_to(wide):
    """The personas stand where the matrix assumes (so its checks cannot pass vacuously)."""
    family, users, members = wide.family, wide.users, wide.members
    partial = decide(users["consent_partial"], family)
    assert partial.allowed and set(partial.scope) == {members["child"].pk}
    assert not partial.sees(DataCategory.SAFETY) and not partial.allows(Action.EDIT)
    turned = decide(users["consent_turned_12"], family)
    assert turned.allowed and turned.renewal_due == {members["sister"].pk}
    for refused in ("consent_none", "consent_withdrawn", "consent_expired"):
        decision = decide(users[refused], family)
        assert (decision.allowed, decision.visible) == (False, True)
    assert not decide(users["youth_11"], family).visible
    emergency = decide(users["emergency"], family)
    assert emergency.allowed and not emergency.allows(Action.EDIT)
    assert len(_withheld(users["consent_partial"], wide)) == 5
