"""Inclusion proofs: one event shown to be in the sealed log, checkable without the database
or the key (the seal signs the Merkle root of its events)."""

import dataclasses
import hashlib
import json

import pytest
from django.core.management import CommandError, call_command
from pymerkle import InmemoryTree

from samenspel import audit
from samenspel.audit.heads import exported_heads, last_exported_head
from samenspel.audit.keys import current_key
from samenspel.audit.models import EventType, Seal
from samenspel.audit.proof import NotProvableError, check, prove
from samenspel.audit.seal import NOTHING, Snapshot, chain, members, merkle_root, seal_hash
from samenspel.audit.verify import verify_chain
from tests.audit.helpers import raw
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    user = make_user()
    return [
        audit.record(EventType.READ, "families.family.read", actor=user, family_id=n)
        for n in range(1, 8)
    ]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 13, 17])
def test_the_sealers_root_is_rfc_6962s_as_pymerkle_computes_it(size):
    entries = [f"event {n}".encode() for n in range(size)]
    leaves = [hashlib.sha256(b"\x00" + entry).digest() for entry in entries]

    expected = InmemoryTree.init_from_entries(entries, algorithm="sha256").get_root().hex()

    assert merkle_root(leaves) == expected


def test_a_seal_signs_the_merkle_root_of_its_events(events):
    seal = audit_seal()

    assert len(seal.merkle_root) == 64
    assert verify_chain().intact
    raw("UPDATE audit_seal SET merkle_root = %s WHERE id = %s", ["0" * 64, seal.pk])
    report = verify_chain()
    assert not report.intact and report.seal_id == seal.pk


def test_every_sealed_event_has_a_proof_that_checks_out(events):
    seal = audit_seal()

    for position, event in enumerate(events, start=1):
        proof = prove(event.pk)
        assert (proof.seal_id, proof.index, proof.size) == (seal.pk, position, len(events))
        assert proof.merkle_root == seal.merkle_root
        assert json.loads(proof.leaf)["family_id"] == event.family_id
        assert check(proof)


def test_a_proof_with_a_changed_event_position_or_root_does_not_check_out(events):
    audit_seal()
    proof = prove(events[2].pk)
    changed_leaf = json.loads(proof.leaf) | {"family_id": 999}
    leaf_text = json.dumps(changed_leaf, sort_keys=True, separators=(",", ":"))

    assert not check(dataclasses.replace(proof, leaf=leaf_text))
    assert not check(dataclasses.replace(proof, index=proof.index + 1))
    assert not check(dataclasses.replace(proof, event_id=events[3].pk))
    assert not check(proof, root="0" * 64)
    other = prove(events[3].pk)
    assert not check(dataclasses.replace(proof, path=other.path))


def test_an_event_not_sealed_yet_has_no_proof(events):
    with pytest.raises(NotProvableError):
        prove(events[0].pk)


def test_a_changed_event_no_longer_gives_its_seals_root(events):
    audit_seal()
    raw("UPDATE audit_accessevent SET family_id = 999 WHERE id = %s", [events[1].pk])

    with pytest.raises(ValueError, match="Merkle root"):
        prove(events[1].pk)


def test_seals_from_before_the_merkle_roots_still_verify_but_give_no_proof(events):
    seal = audit_seal()
    # As migration 0007 found a seal: no root, and a hash that does not sign one.
    rows = members(NOTHING, Snapshot.parse(seal.snapshot))
    chained = chain(current_key(), seal.previous_hash, rows)
    seal.merkle_root = ""
    old_hash = seal_hash(current_key(), chained.value, seal)
    raw("UPDATE audit_seal SET merkle_root = '', hash = %s WHERE id = %s", [old_hash, seal.pk])

    assert verify_chain().intact
    with pytest.raises(NotProvableError, match="before the seals had Merkle roots"):
        prove(events[0].pk)


def test_a_later_seal_proves_its_own_events(events):
    audit_seal()
    later = audit.record(EventType.READ, "families.family.read", actor=None, family_id=42)
    second = audit_seal()

    proof = prove(later.pk)

    assert (proof.seal_id, proof.index, proof.size) == (second.pk, 1, 1)
    assert proof.path["path"] == [proof.merkle_root]  # a single leaf is its own root
    assert check(proof)


def test_command_proves_writes_and_checks_against_the_exported_heads(events, tmp_path, capsys):
    call_command("seal_audit_log")  # seals and exports the head, with its root
    seal = Seal.objects.get()
    assert last_exported_head().merkle_root == seal.merkle_root
    out = tmp_path / "proof.json"

    call_command("prove_audit_event", str(events[4].pk), "--output", str(out))
    text = capsys.readouterr().out
    assert f"event 5 of 7 in seal {seal.pk}" in text
    assert "the log verifies (7 events)" in text

    call_command("prove_audit_event", "--check", str(out))
    text = capsys.readouterr().out
    assert "The proof checks out" in text
    assert f"The exported head of seal {seal.pk} has the same root." in text
    assert exported_heads()[seal.pk].merkle_root == seal.merkle_root


def test_command_refuses_a_tampered_proof_file_and_an_unsealed_event(events, tmp_path):
    call_command("seal_audit_log")
    out = tmp_path / "proof.json"
    call_command("prove_audit_event", str(events[0].pk), "--output", str(out))
    data = json.loads(out.read_text())
    data["leaf"] = data["leaf"].replace('"family_id":1', '"family_id":2')
    out.write_text(json.dumps(data))

    with pytest.raises(CommandError, match="does NOT check out"):
        call_command("prove_audit_event", "--check", str(out))
    later = audit.record(EventType.READ, "families.family.read", actor=None, family_id=3)
    with pytest.raises(CommandError, match="not in a seal"):
        call_command("prove_audit_event", str(later.pk))


def audit_seal():
    from samenspel.audit.seal import seal_pending

    seal = seal_pending()
    assert seal is not None
    return seal
