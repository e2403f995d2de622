"""The values the knowledge hub's actions take (issue 19: actions take values, not forms).
The pages' forms build one of these from what was typed and call the action, which checks
them itself (`full_clean` on the row it writes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from samenspel.network.models import AgreementVersion, Intervention


@dataclass(frozen=True)
class UpdateValues:
    """A progress update of a learning network."""

    kind: str
    title: str
    body: str
    is_public: bool = False


@dataclass(frozen=True)
class LessonValues:
    """A lesson, written or edited. `source_kind`/`source_id` (from `sources.py`) name where
    a new lesson came from; an edit keeps the lesson's source and ignores them."""

    title: str
    context: str
    what_happened: str
    what_we_learned: str
    what_we_change: str
    agreement_version: AgreementVersion | None = None
    intervention: Intervention | None = None
    is_public: bool = False
    source_kind: str = ""
    source_id: int | None = None
