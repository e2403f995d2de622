"""The sealer: chains committed access events into the keyed hash chain, in order, afterwards.

`audit.record` appends without a lock, so appends never wait on each other. Tamper evidence
comes from here: each run takes a snapshot of which transactions have finished, and seals the
events whose transaction finished since the seal before (and no others):

    r_0 = hash of the seal before (the first seal: the head of the legacy unkeyed chain)
    r_i = HMAC(key, r_(i-1) | canonical event i, with its id and transaction id), in id order
    seal = HMAC(key, "seal" | r_n | canonical seal fields: snapshot, count, first/last id,
                the Merkle root of the seal's events, ...)

The Merkle root (RFC 6962 / 9162: leaf = SHA-256(0x00 | canonical event), node =
SHA-256(0x01 | left | right)) lets anyone holding a seal's root check that one event is in it
from a short inclusion proof (`audit/proof.py`), without the key and without the other events.

Why snapshots and not "every id up to N": PostgreSQL hands out ids before commit and commits in
any order, so a gap below the highest visible id may be a rolled-back insert (gone for good)
or one still running (it will appear later). Every event stores its transaction's id (`xid`,
a column default); `pg_current_snapshot()` says which transaction ids had finished when it
was taken (`xmin:xmax:xip`). An event belongs to the first seal whose snapshot shows its
transaction finished. Once that snapshot is taken no event can join it any more, so the set a
seal covers is fixed, and verification recomputes it from the two snapshots alone. A long
transaction delays only its own events, not the rest. The events the sealer's own transaction
wrote so far (up to the highest id it sees of them) count as finished too: they commit or roll
back together with the seal (the tests and the generator seal inline). The snapshot names
that transaction and id, so its events written after the seal go to a later one.

SQLite has one writer, so its ids are already in commit order: there the "transaction id" is
the event id and the snapshot is "every id up to the highest committed one".
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from samenspel.audit.keys import SealKey, current_key
from samenspel.audit.models import GENESIS_HASH, AccessEvent, Seal, canonical

# Any constant will do: it names the lock that lets one sealer run at a time (appends do not
# take it).
_SEALER_LOCK_KEY = 7514

# The columns an event's leaf is made of: `AccessEvent.content()` plus its id and xid.
LEAF_FIELDS = (
    "id", "xid", "occurred_at", "event_type", "action", "outcome", "user_id", "user_label",
    "acting_role", "acting_organisation_id", "acting_organisation", "family_id", "member_id",
    "object_type", "object_id", "purpose", "consent_id", "reason", "detail", "request_id",
    "client_ip",
)  # fmt: skip
_ID, _XID, _OCCURRED_AT = 0, 1, 2


class SealError(RuntimeError):
    pass


@dataclass(frozen=True)
class Snapshot:
    """Which transactions had finished, in PostgreSQL's `xmin:xmax:xip,...` form; plus, after
    a slash, the sealer's own transaction and the highest id of its events it sealed."""

    xmin: int
    xmax: int
    xip: frozenset[int] = frozenset()
    own: int | None = None
    own_upto: int = 0

    def finished(self, position: int, event_id: int) -> bool:
        if position == self.own and event_id <= self.own_upto:
            return True
        return position < self.xmin or (position < self.xmax and position not in self.xip)

    @property
    def upper(self) -> int:
        """One past the highest position this snapshot counts as finished."""
        return max(self.xmax, self.own + 1 if self.own is not None else 0)

    def __str__(self) -> str:
        text = f"{self.xmin}:{self.xmax}:{','.join(str(x) for x in sorted(self.xip))}"
        return text if self.own is None else f"{text}/{self.own}:{self.own_upto}"

    @classmethod
    def parse(cls, text: str) -> Snapshot:
        standard, _, own = text.partition("/")
        xmin, xmax, xip = standard.split(":")
        own_xid, _, upto = own.partition(":")
        return cls(
            int(xmin),
            int(xmax),
            frozenset(int(x) for x in xip.split(",") if x),
            int(own_xid) if own_xid else None,
            int(upto) if upto else 0,
        )


# Before the first seal nothing counts as finished (events before migration 0006 have xid 0).
NOTHING = Snapshot(0, 0)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def take_snapshot() -> Snapshot:
    """Which events are committed for good now (see the module docstring)."""
    with connection.cursor() as cursor:
        if not _postgres():
            cursor.execute("SELECT max(id) FROM audit_accessevent")
            after_last = (cursor.fetchone()[0] or 0) + 1
            return Snapshot(after_last, after_last)
        cursor.execute("SELECT pg_current_snapshot()::text, pg_current_xact_id_if_assigned()::text")
        text, own = cursor.fetchone()
        snapshot = Snapshot.parse(text)
        if own is None:
            return snapshot
        # Our own transaction's events so far commit with the seal or not at all.
        cursor.execute("SELECT max(id) FROM audit_accessevent WHERE xid = %s", [int(own)])
        upto = cursor.fetchone()[0]
    if upto is None:
        return snapshot
    return Snapshot(snapshot.xmin, snapshot.xmax, snapshot.xip, int(own), upto)


def members(before: Snapshot, now: Snapshot) -> Iterator[tuple[Any, ...]]:
    """The events (LEAF_FIELDS rows) finished in `now` but not in `before`, in id order."""
    position = "xid" if _postgres() else "id"
    rows = (
        AccessEvent.objects.filter(
            _not_finished(before, position), **{f"{position}__lt": now.upper}
        )
        .order_by("id")
        .values_list(*LEAF_FIELDS)
    )
    index = _XID if position == "xid" else _ID
    for row in rows.iterator(chunk_size=5000):
        if now.finished(row[index], row[_ID]) and not before.finished(row[index], row[_ID]):
            yield row


def _not_finished(snapshot: Snapshot, position: str) -> Q:
    """Where the events `snapshot` does not count as finished can be: above its xmax, or in the
    transactions it listed as running (and its own, past what it sealed). Narrower than
    "from its xmin", which a long transaction anywhere in the cluster holds back."""
    running = sorted(snapshot.xip | ({snapshot.own} if snapshot.own is not None else set()))
    return Q(**{f"{position}__gte": snapshot.xmax}) | Q(**{f"{position}__in": running})


def leaf(row: tuple[Any, ...]) -> bytes:
    content = dict(zip(LEAF_FIELDS, row, strict=True))
    content["occurred_at"] = row[_OCCURRED_AT].isoformat()
    return canonical(content).encode()


def merkle_root(leaf_hashes: list[bytes]) -> str:
    """RFC 6962's Merkle tree hash over leaf hashes (hex; "" for none). Bottom-up: pairs from
    the left, an odd last node carried up unchanged, which gives the RFC's tree (split at the
    largest power of two below n). Written out here because it runs for every sealed event:
    7 µs an event against 47 µs through pymerkle's tree (measured on 20,000 events);
    `audit/proof.py` builds the proofs with pymerkle, which checks this root."""
    if not leaf_hashes:
        return ""
    level, sha256 = leaf_hashes, hashlib.sha256
    while len(level) > 1:
        paired = [
            sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)
        ]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0].hex()


@dataclass
class Chained:
    value: bytes
    count: int = 0
    first_id: int | None = None
    last_id: int | None = None
    leaf_hashes: list[bytes] = field(default_factory=list)

    @property
    def root(self) -> str:
        return merkle_root(self.leaf_hashes)


def chain(key: SealKey, start: str, rows: Iterable[tuple[Any, ...]]) -> Chained:
    """Chain `rows` (in order) onto `start` (a hex hash) with `key`, and hash them as the
    leaves of a Merkle tree."""
    result = Chained(bytes.fromhex(start))
    secret, digest, sha256 = key.secret, hmac.digest, hashlib.sha256
    value, leaf_hashes = result.value, result.leaf_hashes
    for row in rows:
        content = leaf(row)
        value = digest(secret, value + b"|" + content, "sha256")
        leaf_hashes.append(sha256(b"\x00" + content).digest())
        if result.first_id is None:
            result.first_id = row[_ID]
        result.last_id = row[_ID]
        result.count += 1
    result.value = value
    return result


def seal_hash(key: SealKey, chained: bytes, seal: Seal, root: str | None = None) -> str:
    """The seal's keyed hash. `root`: the Merkle root recomputed from the events
    (verification), else the seal's own. Seals from before the Merkle roots (audit migration
    0007) have none and their hash leaves it out; for every later seal the key signs it."""
    root = seal.merkle_root if root is None else root
    fields = {
        "previous_hash": seal.previous_hash,
        "snapshot": seal.snapshot,
        "event_count": seal.event_count,
        "first_event_id": seal.first_event_id,
        "last_event_id": seal.last_event_id,
        "key_id": seal.key_id,
        "sealed_at": seal.sealed_at.isoformat(),
    }
    if root:
        fields["merkle_root"] = root
    message = b"seal|" + chained + b"|" + canonical(fields).encode()
    return hmac.digest(key.secret, message, "sha256").hex()


def legacy_head() -> str:
    """The last link of the unkeyed chain of events before migration 0006, if any."""
    head = (
        AccessEvent.objects.filter(hash__isnull=False)
        .order_by("-id")
        .values_list("hash", flat=True)
        .first()
    )
    return head or GENESIS_HASH


def seal_pending() -> Seal | None:
    """Seal every event committed since the last seal; None when there was none."""
    with transaction.atomic():
        if _postgres():
            with connection.cursor() as cursor:
                # Only sealers wait for this lock; SQLite's IMMEDIATE transaction already
                # holds the one write lock.
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SEALER_LOCK_KEY])
        last = Seal.objects.order_by("-id").first()
        before = Snapshot.parse(last.snapshot) if last else NOTHING
        now = take_snapshot()
        if now.xmax < before.xmax:
            raise SealError(
                f"The transaction counter went back ({now.xmax} < {before.xmax}): this database "
                "was restored from a logical dump. Restore the access log physically "
                "(base backup and WAL), which keeps transaction ids."
            )
        key = current_key()
        start = last.hash if last else legacy_head()
        chained = chain(key, start, members(before, now))
        if not chained.count:
            return None
        seal = Seal(
            sealed_at=timezone.now(),
            key_id=key.id,
            snapshot=str(now),
            event_count=chained.count,
            first_event_id=chained.first_id,
            last_event_id=chained.last_id,
            previous_hash=start,
            merkle_root=chained.root,
        )
        seal.hash = seal_hash(key, chained.value, seal)
        seal.save(force_insert=True)
    return seal


def pending_count() -> int:
    """Events not sealed yet (appended since the last seal's snapshot)."""
    last = Seal.objects.order_by("-id").first()
    before = Snapshot.parse(last.snapshot) if last else NOTHING
    position = "xid" if _postgres() else "id"
    rows = AccessEvent.objects.filter(_not_finished(before, position)).values_list(position, "id")
    return sum(1 for value, pk in rows.iterator(chunk_size=5000) if not before.finished(value, pk))


def backlog() -> tuple[int, datetime.datetime | None]:
    """How many events wait for a seal, and when the oldest of them was written: one aggregate
    over where unsealed events can be (the index on xid), for the metrics at every scrape."""
    last = Seal.objects.order_by("-id").first()
    before = Snapshot.parse(last.snapshot) if last else NOTHING
    position = "xid" if _postgres() else "id"
    rows = AccessEvent.objects.filter(_not_finished(before, position))
    if before.own is not None:  # the sealer's own events it sealed with that snapshot
        rows = rows.exclude(**{position: before.own, "id__lte": before.own_upto})
    found = rows.aggregate(count=Count("id"), oldest=Min("occurred_at"))
    return found["count"], found["oldest"]
