"""Verifies the access log and reports the first place where it does not hold.

1. The legacy unkeyed chain (events before migration 0006), link by link.
2. Every seal: it starts where the seal before ended (the first: at the legacy head), its key
   is known, and recomputing it over the events its snapshots cover gives its count, ids and
   keyed hash (which signs the Merkle root of its events, recomputed here too). A changed,
   removed or inserted event breaks the seal that covers it; a chain
   recomputed without the key breaks every seal.
3. The last exported head (outside the database) is still in the log with the same hash: a
   log cut short at the end, seals and events together, no longer reaches it.
Events appended since the last seal are counted as pending, not verified yet.
"""

from dataclasses import dataclass

from samenspel.audit.heads import Head
from samenspel.audit.keys import key_by_id
from samenspel.audit.models import GENESIS_HASH, AccessEvent, Seal
from samenspel.audit.seal import NOTHING, Snapshot, chain, members, pending_count, seal_hash


@dataclass(frozen=True)
class ChainReport:
    checked: int  # events verified (sealed, and legacy links)
    broken_at: int | None = None  # the event (or first event of the seal) where it breaks
    problem: str = ""
    seal_id: int | None = None  # the seal that does not hold
    seals: int = 0
    pending: int = 0
    head: Head | None = None  # the last seal verified

    @property
    def intact(self) -> bool:
        return not self.problem


def verify_chain(*, exported_head: Head | None = None, chunk_size: int = 5000) -> ChainReport:
    legacy_head, legacy_checked, broken = _verify_legacy(chunk_size)
    if broken is not None:
        return broken
    checked, seals, head = 0, 0, None
    expected_previous, before = legacy_head, NOTHING
    verified_hashes: dict[int, str] = {}
    for seal in Seal.objects.order_by("id").iterator(chunk_size=1000):
        problem = _check_seal(seal, expected_previous, before)
        if problem:
            return ChainReport(
                legacy_checked + checked,
                broken_at=seal.first_event_id,
                problem=problem,
                seal_id=seal.pk,
                seals=seals,
                head=head,
            )
        checked += seal.event_count
        seals += 1
        verified_hashes[seal.pk] = seal.hash
        head = Head.of(seal)
        expected_previous, before = seal.hash, Snapshot.parse(seal.snapshot)
    report = ChainReport(legacy_checked + checked, seals=seals, pending=pending_count(), head=head)
    if exported_head is not None:
        found = verified_hashes.get(exported_head.seal_id)
        if found is None:
            return _replace(
                report,
                problem=f"the exported head, seal {exported_head.seal_id}, is no longer in the "
                "log: seals and events were removed at the end",
                seal_id=exported_head.seal_id,
            )
        if found != exported_head.hash:
            return _replace(
                report,
                problem=f"seal {exported_head.seal_id} differs from the exported head: the log "
                "was rewritten",
                seal_id=exported_head.seal_id,
            )
    return report


def _replace(report: ChainReport, **changes: object) -> ChainReport:
    from dataclasses import replace

    return replace(report, **changes)  # type: ignore[arg-type]


def _check_seal(seal: Seal, expected_previous: str, before: Snapshot) -> str:
    if seal.previous_hash != expected_previous:
        if before is NOTHING:
            return (
                f"seal {seal.pk} does not start at the head of the legacy chain: events from "
                "before the keyed seals were changed, removed or inserted"
            )
        return f"seal {seal.pk} does not continue the seal before it: a seal was removed or changed"
    key = key_by_id(seal.key_id)
    if key is None:
        return f"seal {seal.pk} was made with key {seal.key_id!r}, which is not configured"
    try:
        now = Snapshot.parse(seal.snapshot)
    except ValueError:
        return f"seal {seal.pk} has an unreadable snapshot: it was changed"
    chained = chain(key, seal.previous_hash, members(before, now))
    if chained.count != seal.event_count:
        return (
            f"seal {seal.pk} covered {seal.event_count} events, now {chained.count}: events "
            f"were removed or inserted between {seal.first_event_id} and {seal.last_event_id}"
        )
    if (chained.first_id, chained.last_id) != (seal.first_event_id, seal.last_event_id):
        return f"seal {seal.pk} covers other events than it sealed: events were replaced"
    if seal_hash(key, chained.value, seal, chained.root if seal.merkle_root else "") != seal.hash:
        return (
            f"seal {seal.pk} does not hold: an event between {seal.first_event_id} and "
            f"{seal.last_event_id} was changed (or the seal was recomputed without the key)"
        )
    if seal.merkle_root and seal.merkle_root != chained.root:
        return f"seal {seal.pk} has another Merkle root than its events give: the root was changed"
    return ""


def _verify_legacy(chunk_size: int) -> tuple[str, int, ChainReport | None]:
    """The unkeyed chain of events written before the keyed seals."""
    previous_hash = GENESIS_HASH
    checked = 0
    legacy = AccessEvent.objects.filter(hash__isnull=False).order_by("id")
    for event in legacy.iterator(chunk_size=chunk_size):
        if event.previous_hash != previous_hash:
            problem = "the event before it was removed, inserted or changed"
        elif event.compute_legacy_hash() != event.hash:
            problem = "its content was changed after writing"
        else:
            previous_hash = event.hash or GENESIS_HASH
            checked += 1
            continue
        return (
            previous_hash,
            checked,
            ChainReport(checked, event.pk, f"event {event.pk}: {problem}"),
        )
    return previous_hash, checked, None
