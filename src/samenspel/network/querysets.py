"""Reads of the network: which networks a user may see, and the directory's search.

The search always runs inside one network (at most a few hundred professionals, DOMAIN.md §8)
after the indexed assignment filter, so the text vector is computed on the fly rather than
kept in an index that would span the user and professional tables.

The directory search uses PostgreSQL's Dutch full-text search and trigram similarity for
names; on SQLite the same kinds of results come from word-prefix matching and a similarity
ratio computed in Python over the (at most a few hundred) names of one network.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from typing import TYPE_CHECKING

from django.db import connection, models
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from samenspel.accounts.models import Role

if TYPE_CHECKING:
    from samenspel.accounts.models import User
    from samenspel.network.models.core import Network, Professional  # noqa: F401

# Roles that see every network when granted without a network (deployment-wide).
DEPLOYMENT_WIDE_ROLES = (Role.NETWORK_ADMIN, Role.SYSTEM_ADMIN)
# How similar a typed name must be to a real one (0..1): "Jansen" finds "Janssen".
NAME_SIMILARITY = 0.4
# difflib's ratio runs higher than trigram similarity for the same pair of names.
SQLITE_NAME_SIMILARITY = 0.7
_WORD = re.compile(r"\w+", re.UNICODE)


def uses_postgresql() -> bool:
    return connection.vendor == "postgresql"


class NetworkQuerySet(models.QuerySet["Network"]):
    def visible_to(self, user: User) -> NetworkQuerySet:
        """The networks whose directory this user may see: those they work in (an assignment
        that has not ended), those they hold a role in, or every network for a
        deployment-wide network or system administrator."""
        if not user.is_authenticated:
            return self.none()
        if any(
            role in DEPLOYMENT_WIDE_ROLES and network is None
            for role, network in user._grants  # one cached query per request
        ):
            return self.all()
        role_networks = {network for _role, network in user._grants if network is not None}
        today = timezone.localdate()
        works_in = Q(
            assignments__professional__user=user,
            assignments__valid_from__lte=today,
        ) & (Q(assignments__valid_until__isnull=True) | Q(assignments__valid_until__gte=today))
        return self.filter(works_in | Q(pk__in=role_networks)).distinct()


class ProfessionalQuerySet(models.QuerySet["Professional"]):
    def in_network(
        self, network: Network, *, on: datetime.date | None = None
    ) -> ProfessionalQuerySet:
        """Professionals with a current assignment in `network`."""
        from samenspel.network.models import NetworkAssignment

        day = on or timezone.localdate()
        current = NetworkAssignment.objects.filter(
            professional=OuterRef("pk"), network=network, valid_from__lte=day
        ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        return self.filter(Exists(current))

    def available_between(
        self, network: Network, start: datetime.date, end: datetime.date
    ) -> ProfessionalQuerySet:
        """Not absent on any day from `start` to `end` and with hours in `network`."""
        from samenspel.network.models import Absence, NetworkAssignment

        hours = NetworkAssignment.objects.filter(
            professional=OuterRef("pk"), network=network, hours_per_week__gt=0
        )
        away = Absence.objects.filter(professional=OuterRef("pk"), starts_on__lte=end).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=start)
        )
        return self.filter(Exists(hours)).exclude(Exists(away))

    def search(self, text: str) -> ProfessionalQuerySet:
        """Free text over name, job title, introduction and expertise: Dutch full-text search
        plus name similarity on PostgreSQL; word prefixes plus a similarity ratio on SQLite."""
        text = text.strip()
        if not text:
            return self
        if uses_postgresql():
            return self._search_postgresql(text)
        return self._search_sqlite(text)

    def _search_postgresql(self, text: str) -> ProfessionalQuerySet:
        from django.contrib.postgres.lookups import Unaccent
        from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramWordSimilarity

        # One vector over the three texts (a phrase may run from one into the next); without
        # weights, which only a ranking would read: the list is ordered by name.
        vector = SearchVector("user__full_name", "job_title", "introduction", config="dutch")
        query = SearchQuery(text, config="dutch", search_type="websearch")
        expertise_match = self.model.expertise.through.objects.filter(
            professional=OuterRef("pk"), expertise__name__icontains=text
        )
        # Unaccented, so "Yilmaz" finds the Turkish name with a dotless i, "Desire" "Désiré".
        # The typed text in a scalar sub-select: unaccent() is only STABLE, so written inline
        # it ran again for every professional of the network.
        typed = RawSQL("SELECT unaccent(%s)", (text,), output_field=models.TextField())
        return self.annotate(
            _search=vector,
            _name_similarity=TrigramWordSimilarity(
                typed,  # type: ignore[arg-type]  # the stubs say str only
                Unaccent("user__full_name"),
            ),
        ).filter(
            Q(_search=query) | Q(_name_similarity__gte=NAME_SIMILARITY) | Q(Exists(expertise_match))
        )

    def _search_sqlite(self, text: str) -> ProfessionalQuerySet:
        words = [word.lower() for word in _WORD.findall(text)]
        if not words:
            return self
        condition = Q()
        for word in words:
            # Dutch stemming is not available: a prefix of the word also finds its longer
            # forms ("gezin" finds "gezinnen", "gezinscoach").
            stem = word[:-2] if len(word) > 6 else word
            condition &= (
                Q(user__full_name__icontains=stem)
                | Q(job_title__icontains=stem)
                | Q(introduction__icontains=stem)
                | Q(expertise__name__icontains=stem)
            )
        similar_ids = [
            pk
            for pk, name in self.values_list("pk", "user__full_name")
            if _name_similarity(text, name) >= SQLITE_NAME_SIMILARITY
        ]
        matching = self.filter(condition).values("pk")
        return self.filter(Q(pk__in=matching) | Q(pk__in=similar_ids))


def _name_similarity(typed: str, name: str) -> float:
    """The best similarity between what was typed and any word or the whole of a name,
    in the spirit of PostgreSQL's word_similarity."""
    typed = _plain(typed)
    candidates = [_plain(name), *(_plain(word) for word in _WORD.findall(name))]
    return max(difflib.SequenceMatcher(None, typed, candidate).ratio() for candidate in candidates)


def _plain(text: str) -> str:
    """Lower case without accents or the Turkish dotless i: "Désiré" → "desire"."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower().replace("\u0131", "i"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))
