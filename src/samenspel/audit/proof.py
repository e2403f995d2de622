"""Inclusion proofs: evidence that one access event is in the sealed log.

Every seal signs the Merkle root (RFC 6962 / 9162) of the events it covers (`audit/seal.py`).
A proof for an event is the event as it was sealed (its canonical leaf text), its position in
the seal, and the audit path: the sibling hashes from its leaf up to that root. Anyone with the
proof and the seal's root, e.g. from the exported heads (`.head.jsonl`), can check it without
the database, the key or any other event: hash the leaf, fold in the path, compare the root.
The path is built and checked by pymerkle (a maintained RFC 9162 implementation), so the check
does not rest on the sealer's own code.

Within the deployment, `prove` also checks that the seal is part of the verified keyed chain
up to the exported head (`verify_chain`), so the root itself is the one the log signed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from pymerkle import InclusionProof as PymerkleProof
from pymerkle import InmemoryTree, InvalidProof, verify_inclusion

from samenspel.audit.models import Seal
from samenspel.audit.seal import NOTHING, Snapshot, leaf, members

FORMAT = "samenspel-access-log-inclusion/1"


class NotProvableError(LookupError):
    """The event does not exist, or is not sealed yet."""


@dataclass(frozen=True)
class InclusionProof:
    event_id: int
    seal_id: int
    sealed_at: str
    seal_hash: str
    merkle_root: str
    index: int  # the event's position among the seal's events, from 1
    size: int  # how many events the seal covers
    leaf: str  # the event as sealed: canonical JSON of its fields, with its id and xid
    path: dict[str, Any]  # pymerkle's serialised audit path
    format: str = FORMAT

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> InclusionProof:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"not an access-log inclusion proof ({data.get('format')!r})")
        return cls(**data)


def _tree(rows: list[tuple[Any, ...]]) -> InmemoryTree:
    return InmemoryTree.init_from_entries([leaf(row) for row in rows], algorithm="sha256")


def _seal_of(event_id: int) -> tuple[Seal, list[tuple[Any, ...]]]:
    """The seal that covers `event_id`, and that seal's events (recomputed from its snapshots).
    Seals' id ranges overlap (ids are handed out before commit), so each candidate is asked."""
    candidates = Seal.objects.filter(
        first_event_id__lte=event_id, last_event_id__gte=event_id
    ).order_by("id")
    for seal in candidates:
        previous = Seal.objects.filter(id__lt=seal.pk).order_by("-id").first()
        before = Snapshot.parse(previous.snapshot) if previous else NOTHING
        rows = list(members(before, Snapshot.parse(seal.snapshot)))
        if any(row[0] == event_id for row in rows):
            return seal, rows
    raise NotProvableError(f"event {event_id} is not in a seal (not sealed yet, or no such event)")


def prove(event_id: int) -> InclusionProof:
    """The inclusion proof of one event. Raises `NotProvableError` for an event not sealed (yet),
    or sealed before the seals had Merkle roots, and `ValueError` when the events no longer
    give the seal's root (the log was changed: `verify_audit_log` says where)."""
    seal, rows = _seal_of(event_id)
    if not seal.merkle_root:
        raise NotProvableError(
            f"event {event_id} is in seal {seal.pk}, made before the seals had Merkle roots: "
            "its place is proven by `verify_audit_log` only"
        )
    tree = _tree(rows)
    if tree.get_root().hex() != seal.merkle_root:
        raise ValueError(f"the events of seal {seal.pk} no longer give its Merkle root")
    index = next(i for i, row in enumerate(rows, start=1) if row[0] == event_id)
    return InclusionProof(
        event_id=event_id,
        seal_id=seal.pk,
        sealed_at=seal.sealed_at.isoformat(),
        seal_hash=seal.hash,
        merkle_root=seal.merkle_root,
        index=index,
        size=len(rows),
        leaf=leaf(rows[index - 1]).decode(),
        path=tree.prove_inclusion(index, len(rows)).serialize(),
    )


def check(proof: InclusionProof, *, root: str | None = None) -> bool:
    """Whether the proof's event is in a tree with this root (default: the root the proof
    names; pass the root from an exported head to check against that instead)."""
    try:
        path = PymerkleProof.deserialize(proof.path)
        if (path.index, path.size) != (proof.index, proof.size):
            return False
        if json.loads(proof.leaf).get("id") != proof.event_id:
            return False
        base = InmemoryTree(algorithm="sha256").hash_buff(proof.leaf.encode())  # 0x00 | leaf
        verify_inclusion(base, bytes.fromhex(root or proof.merkle_root), path)
    except (InvalidProof, ValueError, KeyError, TypeError, AttributeError):
        return False
    return True
