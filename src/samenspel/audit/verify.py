"""Walks the hash chain and reports the first link that does not hold."""

from dataclasses import dataclass

from samenspel.audit.models import GENESIS_HASH, AccessEvent


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain(*, chunk_size: int = 5000) -> ChainReport:
    previous_hash = GENESIS_HASH
    checked = 0
    for event in AccessEvent.objects.in_chain_order().iterator(chunk_size=chunk_size):
        if event.previous_hash != previous_hash:
            return ChainReport(
                checked, event.pk, "the event before it was removed, inserted or changed"
            )
        if event.compute_hash() != event.hash:
            return ChainReport(checked, event.pk, "its content was changed after writing")
        previous_hash = event.hash
        checked += 1
    return ChainReport(checked)
