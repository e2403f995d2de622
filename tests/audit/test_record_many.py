"""`audit.record_many`: several events of one request in one INSERT, each exactly the event
`audit.record` writes with the same arguments, sealed and verified like any other append."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samenspel import audit
from samenspel.audit import vocabulary
from samenspel.audit.log import ActingAs, Entry, on_family_change
from samenspel.audit.models import AccessEvent, EventType, Outcome
from samenspel.audit.seal import seal_pending
from samenspel.audit.verify import verify_chain
from tests.factories import FamilyFactory, make_user

pytestmark = pytest.mark.django_db

# Every field but the time (one per call) and the id.
COMPARED = (
    "event_type", "action", "outcome", "user_id", "user_label", "acting_role",
    "acting_organisation_id", "acting_organisation", "family_id", "member_id", "object_type",
    "object_id", "purpose", "consent_id", "reason", "detail", "request_id", "client_ip", "xid",
    "hash", "previous_hash",
)  # fmt: skip


def _entries(family):
    return [
        Entry(family_id=family.pk, obj=family, purpose="care_team"),
        Entry(family_id=7, outcome=Outcome.DENIED, detail={"id": 3}),
        Entry(family_id=family.pk, member_id=4, consent_id=9, purpose="consent", reason="r"),
    ]


def _fields(event: AccessEvent) -> tuple:
    event.refresh_from_db()
    return tuple(getattr(event, name) for name in COMPARED)


@pytest.fixture
def request_(rf):
    request = rf.get("/", REMOTE_ADDR="192.0.2.7")
    request.request_id = "abc123def456"
    request.acting_as = ActingAs(
        role="system",
        organisation_id=12,
        organisation_name="Jeugdhulp",
        client_id="client-1",
        client_label="Systeem",
    )
    return request


@pytest.mark.parametrize("with_actor", [False, True])
def test_the_events_are_those_of_single_records_in_one_insert(request_, with_actor):
    actor = make_user() if with_actor else None
    family = FamilyFactory()
    entries = _entries(family)
    single = [
        audit.record(
            EventType.READ,
            "families.family.read",
            actor=actor,
            request=request_,
            family_id=e.family_id,
            member_id=e.member_id,
            obj=e.obj,
            purpose=e.purpose,
            consent_id=e.consent_id,
            reason=e.reason,
            detail=e.detail,
            outcome=e.outcome,
            user_label="Systeem" if actor is None else "",
        )
        for e in entries
    ]
    with CaptureQueriesContext(connection) as queries:
        many = audit.record_many(
            EventType.READ,
            "families.family.read",
            entries,
            actor=actor,
            request=request_,
            user_label="Systeem" if actor is None else "",
        )
    assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]
    assert [_fields(e) for e in many] == [_fields(e) for e in single]
    assert [e.pk for e in many] == sorted(e.pk for e in many)
    assert len({e.occurred_at for e in many}) == 1
    if with_actor:  # a client acting for a professional: named in every event's detail
        assert all(e.detail["client_id"] == "client-1" for e in many)


def test_nothing_to_record_writes_nothing():
    with CaptureQueriesContext(connection) as queries:
        assert audit.record_many(EventType.READ, "families.family.read", [], actor=None) == []
    assert len(queries) == 0


def test_an_unknown_name_or_purpose_is_refused_before_anything_is_written():
    with pytest.raises(vocabulary.UnknownAuditNameError):
        audit.record_many(EventType.READ, "families.family.peek", [Entry(family_id=1)], actor=None)
    with pytest.raises(vocabulary.UnknownAuditNameError):
        audit.record_many(
            EventType.READ,
            "families.family.read",
            [Entry(family_id=1), Entry(family_id=2, purpose="curiosity")],
            actor=None,
        )
    assert not AccessEvent.objects.exists()


def test_a_change_tells_the_listeners_once_per_event():
    heard = []

    def listener(family_id, when, action):
        heard.append((family_id, action))

    on_family_change(listener)
    try:
        audit.record_many(
            EventType.UPDATE,
            "families.family.update",
            [Entry(family_id=1), Entry(family_id=2, outcome=Outcome.DENIED), Entry(family_id=3)],
            actor=None,
        )
    finally:
        from samenspel.audit import log

        log._change_listeners.remove(listener)
    assert heard == [(1, "families.family.update"), (3, "families.family.update")]


def test_events_written_together_are_sealed_in_order_and_verify(request_):
    before = audit.record(EventType.READ, "families.family.read", actor=None, family_id=1)
    many = audit.record_many(
        EventType.READ,
        "families.family.read",
        [Entry(family_id=n) for n in range(2, 7)],
        actor=None,
        request=request_,
    )
    after = audit.record(EventType.READ, "families.family.read", actor=None, family_id=7)
    seal = seal_pending()
    assert seal is not None and seal.event_count == 7
    assert (seal.first_event_id, seal.last_event_id) == (before.pk, after.pk)
    report = verify_chain()
    assert report.intact, report.problem
    assert report.checked == 7 and report.pending == 0
    assert [e.family_id for e in AccessEvent.objects.in_chain_order()] == list(range(1, 8))
    assert {e.pk for e in many} < {e.pk for e in AccessEvent.objects.all()}
