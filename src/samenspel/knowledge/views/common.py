from __future__ import annotations

from typing import TYPE_CHECKING

from samenspel.knowledge.richtext import GlossaryLinker, Term
from samenspel.network.models import GlossaryTerm

if TYPE_CHECKING:
    from samenspel.knowledge.models import LearningNetwork

PAGE_SIZE = 20


def linker_for(learning_network: LearningNetwork) -> GlossaryLinker:
    """The glossary terms of the networks taking part, one per word (one query)."""
    rows = GlossaryTerm.objects.filter(network__learning_networks=learning_network).values_list(
        "pk", "term", "definition"
    )
    terms: dict[str, Term] = {}
    for pk, term, definition in rows:
        terms.setdefault(term.lower(), Term(pk, term, definition))
    return GlossaryLinker(list(terms.values()))
