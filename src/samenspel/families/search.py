"""Search before create: find a family that may already have a file, by name, date of birth
and postcode, fuzzy and insensitive to diacritics (a dotless i finds "Yilmaz", "Müller"
finds "Muller"), so that no family gets two files.

Every family keeps a folded search key (surnames, lower case, no diacritics). PostgreSQL
narrows the candidates with trigram word similarity on it (`pg_trgm`, GIN index, migration
0003); SQLite, the embedded default, narrows by the key's first letters, postcode and date of
birth. Both then score the candidates in Python with the same folding.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q

from samenspel.families.models import Family

# Names at least this similar (0 to 1) count as the same name.
NAME_THRESHOLD = 0.6
MAX_RESULTS = 10

_FOLD = str.maketrans({"\u0131": "i", "ß": "ss", "ø": "o", "æ": "ae", "ł": "l", "đ": "d"})


def fold(text: str) -> str:
    """Lower case, no diacritics, no punctuation: how names are compared."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD).casefold().translate(_FOLD))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9 ]+", " ", plain).strip()


def normalise_postcode(postcode: str) -> str:
    return re.sub(r"\s+", "", postcode).upper()


def name_similarity(a: str, b: str) -> float:
    a, b = fold(a), fold(b)
    if not a or not b:
        return 0.0
    if a == b or a in b.split() or b in a.split():
        return 1.0
    return difflib.SequenceMatcher(None, a, b).ratio()


@dataclass
class FamilyMatch:
    """A family that may be the one being registered, and why."""

    family: Family
    reasons: list[str] = field(default_factory=list)
    # Whether the searching user may open the file (set by the view, from the policy).
    visible: bool = False

    @property
    def score(self) -> int:
        return len(self.reasons)


def find_possible_duplicates(
    network_ids: list[int] | None,
    *,
    name: str = "",
    date_of_birth: datetime.date | None = None,
    postcode: str = "",
) -> list[FamilyMatch]:
    """Families in these networks (None: every network) that match on at least one of name
    (fuzzy), a member's date of birth, or postcode; best matches first."""
    name, postcode = name.strip(), normalise_postcode(postcode)
    if not (name or date_of_birth or postcode):
        return []
    families = Family.objects.select_related("network")
    if network_ids is not None:
        families = families.filter(network_id__in=network_ids)
    candidates = Q()
    if date_of_birth:
        candidates |= Q(members__date_of_birth=date_of_birth)
    if postcode:
        # Stored as written by `display_postcode`, so an exact match can use the index.
        candidates |= Q(postcode__in={postcode, _spaced(postcode)})
    folded = fold(name)
    if folded:
        # Both databases: the first letters of the folded name; PostgreSQL adds trigram word
        # similarity, which also finds a typo at the start ("Bakkker", "Jansen"/"Janssen").
        candidates |= Q(search_key__contains=folded[:3])
        if connection.vendor == "postgresql":
            candidates |= Q(search_key__trigram_word_similar=folded)
    rows = list(families.filter(candidates).distinct().prefetch_related("members")[:200])
    matches = []
    for family in rows:
        match = FamilyMatch(family)
        names = [family.name, *(m.family_name for m in family.members.all())]
        if name and max(name_similarity(name, n) for n in names) >= NAME_THRESHOLD:
            match.reasons.append("name")
        if date_of_birth and any(m.date_of_birth == date_of_birth for m in family.members.all()):
            match.reasons.append("date_of_birth")
        if postcode and normalise_postcode(family.postcode) == postcode:
            match.reasons.append("postcode")
        if match.reasons:
            matches.append(match)
    matches.sort(key=lambda m: (-m.score, m.family.name, m.family.pk))
    return matches[:MAX_RESULTS]


def display_postcode(postcode: str) -> str:
    """How a postcode is stored: upper case, Dutch ones with the space (2711 AB)."""
    return _spaced(normalise_postcode(postcode)) if postcode.strip() else ""


def _spaced(postcode: str) -> str:
    """Dutch postcodes are written with and without the space: 2711AB and 2711 AB."""
    return (
        f"{postcode[:4]} {postcode[4:]}" if re.fullmatch(r"\d{4}[A-Z]{2}", postcode) else postcode
    )
