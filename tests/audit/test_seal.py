"""The access log is appended without a lock and sealed afterwards with a keyed hash chain:
`verify_audit_log` finds a changed, removed or inserted event, a chain recomputed without the
key, and a log cut short at the end (against the exported head)."""

import hashlib

import pytest
from django.core.management import CommandError, call_command

from samenspel import audit
from samenspel.audit.heads import last_exported_head
from samenspel.audit.models import GENESIS_HASH, AccessEvent, EventType, Seal
from samenspel.audit.seal import Snapshot, seal_pending
from samenspel.audit.verify import verify_chain
from tests.audit.helpers import raw
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _record(user, family_id):
    return audit.record(EventType.READ, "families.family.read", actor=user, family_id=family_id)


@pytest.fixture
def user():
    return make_user()


@pytest.fixture
def events(user):
    return [_record(user, n) for n in range(1, 6)]


def test_a_seal_covers_the_committed_events_in_id_order_and_verifies(events):
    seal = seal_pending()

    assert seal is not None
    assert seal.event_count == 5
    assert (seal.first_event_id, seal.last_event_id) == (events[0].pk, events[-1].pk)
    assert seal.previous_hash == GENESIS_HASH
    report = verify_chain()
    assert report.intact, report.problem
    assert (report.checked, report.seals, report.pending) == (5, 1, 0)
    assert seal_pending() is None  # nothing new: no empty seal


def test_the_next_seal_continues_the_one_before(user, events):
    first = seal_pending()
    later = _record(user, 6)
    assert verify_chain().pending == 1

    second = seal_pending()

    assert second.previous_hash == first.hash
    assert (second.event_count, second.first_event_id) == (1, later.pk)
    report = verify_chain()
    assert report.intact and report.checked == 6 and report.pending == 0
    assert report.head.seal_id == second.pk


def test_a_changed_event_breaks_its_seal(events):
    seal = seal_pending()
    raw("UPDATE audit_accessevent SET family_id = %s WHERE id = %s", [999, events[2].pk])

    report = verify_chain()

    assert not report.intact
    assert report.seal_id == seal.pk
    assert report.broken_at == events[0].pk
    assert "changed" in report.problem


def test_a_removed_event_breaks_its_seal(events):
    seal_pending()
    raw("DELETE FROM audit_accessevent WHERE id = %s", [events[1].pk])

    report = verify_chain()

    assert not report.intact
    assert "covered 5 events, now 4" in report.problem


def test_an_inserted_event_breaks_its_seal(events):
    # A gap in the ids (a rolled-back insert leaves one too), then sealed around it.
    raw("DELETE FROM audit_accessevent WHERE id = %s", [events[2].pk])
    seal_pending()
    assert verify_chain().intact
    columns = [f.column for f in AccessEvent._meta.concrete_fields if f.column != "xid"]
    listed = ", ".join(columns)
    copied = ", ".join("%s" if c == "id" else c for c in columns)
    raw(
        f"INSERT INTO audit_accessevent ({listed}) "  # noqa: S608
        f"SELECT {copied} FROM audit_accessevent WHERE id = %s",
        [events[2].pk, events[1].pk],
    )

    report = verify_chain()

    assert not report.intact
    assert "covered 4 events, now 5" in report.problem


def test_a_chain_recomputed_without_the_key_does_not_verify(events):
    """The old unkeyed chain could be recomputed by anyone who could write to the database."""
    seal = seal_pending()
    raw("UPDATE audit_accessevent SET reason = %s WHERE id = %s", ["covered up", events[4].pk])
    forged = hashlib.sha256(f"{seal.previous_hash}|forged".encode()).hexdigest()
    raw("UPDATE audit_seal SET hash = %s WHERE id = %s", [forged, seal.pk])

    report = verify_chain()

    assert not report.intact
    assert "does not hold" in report.problem


def test_a_changed_seal_snapshot_is_found(user, events):
    seal = seal_pending()
    _record(user, 7)
    seal_pending()
    # Moving the boundary would hide the second seal's events in the first one.
    raw("UPDATE audit_seal SET snapshot = %s WHERE id = %s", ["0:0:", seal.pk])

    assert not verify_chain().intact


def test_a_log_cut_short_at_the_end_is_found_against_the_exported_head(user, events):
    seal_pending()
    call_command("verify_audit_log")
    _record(user, 8)
    last = seal_pending()
    call_command("verify_audit_log")  # exports the head: the last seal
    assert last_exported_head().seal_id == last.pk
    raw("DELETE FROM audit_accessevent WHERE id > %s", [events[-1].pk])
    raw("DELETE FROM audit_seal WHERE id = %s", [last.pk])

    assert verify_chain().intact  # what is left holds together ...
    with pytest.raises(CommandError, match=f"exported head, seal {last.pk}, is no longer"):
        call_command("verify_audit_log")  # ... but the log was longer
    assert last_exported_head().seal_id == last.pk  # the evidence is not overwritten


def test_a_rotated_key_still_verifies_the_old_seals(settings, user, events):
    settings.AUDIT_KEYS = ["2026-a:" + "a" * 40]
    old = seal_pending()
    settings.AUDIT_KEYS = ["2026-b:" + "b" * 40, "2026-a:" + "a" * 40]
    _record(user, 9)
    new = seal_pending()

    assert (old.key_id, new.key_id) == ("2026-a", "2026-b")
    assert verify_chain().intact
    settings.AUDIT_KEYS = ["2026-b:" + "b" * 40]  # the old key dropped too early
    report = verify_chain()
    assert report.seal_id == old.pk and "not configured" in report.problem


def test_a_seal_made_with_another_key_does_not_verify(settings, events):
    settings.AUDIT_KEYS = ["k1:" + "x" * 40]
    seal_pending()
    settings.AUDIT_KEYS = ["k1:" + "y" * 40]  # same id, other secret: a forger's guess

    assert "does not hold" in verify_chain().problem


def test_command_prints_and_exports_the_head(events, capsys):
    seal = seal_pending()

    call_command("verify_audit_log")

    out = capsys.readouterr().out
    assert f"Head: seal {seal.pk} {seal.hash}" in out
    assert "Access log intact: 5 events in 1 seals; 0 not sealed yet." in out
    assert last_exported_head().hash == seal.hash


def test_command_fails_loudly_on_a_broken_log(events):
    seal_pending()
    call_command("verify_audit_log")
    raw("UPDATE audit_accessevent SET reason = %s WHERE id = %s", ["edited", events[4].pk])

    with pytest.raises(CommandError, match=f"broken at event {events[0].pk}"):
        call_command("verify_audit_log")


def test_seal_command_seals_and_exports(events, capsys):
    call_command("seal_audit_log")

    seal = Seal.objects.get()
    assert f"Seal {seal.pk}: 5 events" in capsys.readouterr().out
    assert last_exported_head().seal_id == seal.pk
    call_command("seal_audit_log")
    assert "Nothing to seal." in capsys.readouterr().out


def test_snapshot_round_trips_and_says_what_finished():
    snapshot = Snapshot.parse("10:20:12,15")

    assert str(snapshot) == "10:20:12,15"
    finished = [x for x in range(8, 22) if snapshot.finished(x, 1)]
    assert finished == [8, 9, 10, 11, 13, 14, 16, 17, 18, 19]
    own = Snapshot.parse("10:20:12,15/21:500")  # the sealer's own transaction, up to id 500
    assert str(own) == "10:20:12,15/21:500"
    assert own.finished(21, 500) and not own.finished(21, 501)
    assert own.upper == 22


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
    assert event.hash is None  # no legacy link: the sealer seals it


def test_one_event_per_family_for_a_list_page_is_sealed_like_any_other(user, events):
    written = audit.record_each_family(
        EventType.READ, "trajectories.handover.read", actor=user, family_ids=[7, 8, 7, 9]
    )
    assert [e.family_id for e in written] == [7, 8, 9]
    seal_pending()
    report = verify_chain()
    assert report.intact


def _legacy_events(user, count):
    """Events as they were written before the keyed seals (audit migration 0006): the
    unkeyed chain, and the xid the migration gave them (0)."""
    from django.utils import timezone

    previous = GENESIS_HASH
    events = []
    for n in range(count):
        event = AccessEvent(
            occurred_at=timezone.now(),
            event_type=EventType.READ,
            action="families.family.read",
            user=user,
            user_label=user.email,
            family_id=100 + n,
            xid=0,
            previous_hash=previous,
        )
        event.hash = event.compute_legacy_hash()
        event.save(force_insert=True)
        previous = event.hash
        events.append(event)
    return events


def test_events_from_before_the_keyed_seals_stay_verifiable(user):
    legacy = _legacy_events(user, 3)
    assert verify_chain().intact  # the legacy links alone, nothing sealed yet
    new = _record(user, 1)

    seal = seal_pending()

    assert seal.previous_hash == legacy[-1].hash  # the keyed chain starts at the legacy head
    assert (seal.event_count, seal.first_event_id, seal.last_event_id) == (
        4,
        legacy[0].pk,
        new.pk,
    )
    report = verify_chain()
    assert report.intact, report.problem
    assert report.checked == 3 + 4  # legacy links, then the same events again under the seal


def test_a_legacy_event_rewritten_with_a_recomputed_unkeyed_chain_is_found(user):
    from samenspel.audit.models import legacy_chain_hash

    legacy = _legacy_events(user, 3)
    seal_pending()
    # The attack the unkeyed chain could not stop: change an event, recompute every link.
    raw("UPDATE audit_accessevent SET family_id = %s WHERE id = %s", [999, legacy[1].pk])
    previous = legacy[0].hash
    for event in AccessEvent.objects.filter(pk__gte=legacy[1].pk).order_by("id"):
        digest = legacy_chain_hash(previous, event.content())
        raw(
            "UPDATE audit_accessevent SET previous_hash = %s, hash = %s WHERE id = %s",
            [previous, digest, event.pk],
        )
        previous = digest

    report = verify_chain()

    assert not report.intact
    assert "does not start at the head of the legacy chain" in report.problem
