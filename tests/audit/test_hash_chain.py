"""The access log is a hash chain: `verify_audit_log` finds the first changed or removed row."""

import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from samenspel import audit
from samenspel.audit.models import GENESIS_HASH, EventType
from samenspel.audit.verify import verify_chain
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    user = make_user()
    return [
        audit.record(EventType.READ, "families.family.read", actor=user, family_id=n)
        for n in range(1, 6)
    ]


def _raw(sql, params):
    """Tamper as someone with direct database access would, past the trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A superuser can switch triggers off; the chain must still give them away.
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


def test_each_event_links_to_the_previous_one(events):
    assert events[0].previous_hash == GENESIS_HASH
    for before, after in itertools.pairwise(events):
        assert after.previous_hash == before.hash
    assert verify_chain().intact
    assert verify_chain().checked == 5


def test_a_changed_row_is_found(events):
    _raw("UPDATE audit_accessevent SET family_id = %s WHERE id = %s", [999, events[2].pk])

    report = verify_chain()

    assert report.broken_at == events[2].pk
    assert "changed" in report.problem


def test_a_removed_row_is_found_at_its_successor(events):
    _raw("DELETE FROM audit_accessevent WHERE id = %s", [events[1].pk])

    report = verify_chain()

    assert report.broken_at == events[2].pk
    assert report.checked == 1


def test_command_fails_loudly_on_a_broken_chain(events):
    call_command("verify_audit_log")  # intact: no error
    _raw("UPDATE audit_accessevent SET reason = %s WHERE id = %s", ["edited", events[4].pk])

    with pytest.raises(CommandError, match=f"broken at event {events[4].pk}"):
        call_command("verify_audit_log")


def test_record_stores_who_on_whose_behalf_and_why(rf):
    user = make_user()
    request = rf.get("/", REMOTE_ADDR="192.0.2.7")
    request.request_id = "abc123def456"

    event = audit.record(
        EventType.EMERGENCY_ACCESS,
        "access.break_glass.open",
        actor=user,
        request=request,
        family_id=42,
        member_id=7,
        purpose="break_the_glass",
        reason="Veilig Thuis called about the child",
    )

    event.refresh_from_db()
    assert event.user == user
    # The name and address as then: a later rename does not rewrite the history.
    assert event.user_label == f"{user.full_name} <{user.email}>"
    assert event.name_as_then == user.full_name
    assert event.acting_role == "professional"
    assert (event.family_id, event.member_id) == (42, 7)
    assert event.client_ip == "192.0.2.7"
    assert event.request_id == "abc123def456"
    assert event.compute_hash() == event.hash


def test_one_event_per_family_for_a_list_page_joins_the_same_chain(events):
    user = make_user()
    written = audit.record_each_family(
        EventType.READ, "trajectories.handover.read", actor=user, family_ids=[7, 8, 7, 9]
    )
    assert [e.family_id for e in written] == [7, 8, 9]
    assert written[0].previous_hash == events[-1].hash
    report = verify_chain()
    assert (report.intact, report.checked) == (True, 8)
