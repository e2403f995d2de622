"""Reads of the hub: what a person may see, and the search.

Members see their learning networks and everything in them; an item marked public is seen by
everyone in the deployment who works with the hub (the professional roles). A person invited
as family representative or client panel member sees their own learning networks only.

The search runs over one table (`SearchEntry`): on PostgreSQL Dutch full text over the
stored vector (`search_vector @@ websearch_to_tsquery('dutch', …)`, GIN index, migration
0003); only when that finds nothing, a typo: trigram word similarity against the titles
(`%s <% title`, GIN trigram index). On SQLite (the demo) word prefixes over the document,
and only when they find nothing, a similarity ratio over the newest titles. The count is
capped (`SEARCH_COUNT_CAP`): a frequent word says "more than 1,000" instead of counting
every match.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, cast

from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

from samenspel.accounts.models import Role

if TYPE_CHECKING:
    from samenspel.accounts.models import User

# Who works with the hub and so sees what is marked public.
HUB_ROLES = (
    Role.PROFESSIONAL,
    Role.COORDINATOR,
    Role.NETWORK_ADMIN,
    Role.POLICY_ADVISER,
    Role.SYSTEM_ADMIN,
)
SQLITE_TITLE_SIMILARITY = 0.75
SQLITE_TYPO_TITLES = 5_000  # the newest titles compared for a typo on SQLite
SEARCH_COUNT_CAP = 1_000
_WORD = re.compile(r"\w+", re.UNICODE)


def member_network_ids(user: User) -> models.QuerySet:
    """The learning networks the user is a current member of, as a sub-select."""
    from samenspel.knowledge.models import Membership

    return Membership.objects.filter(user_id=user.pk, left_on__isnull=True).values(
        "learning_network_id"
    )


def sees_public(user: User) -> bool:
    return user.is_authenticated and user.has_role(*HUB_ROLES)


class LearningNetworkQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> LearningNetworkQuerySet:
        if not user.is_authenticated:
            return self.none()
        mine = Q(pk__in=member_network_ids(user)) | Q(facilitator_id=user.pk)
        return self.filter(mine | Q(is_public=True)) if sees_public(user) else self.filter(mine)


class HubItemQuerySet(models.QuerySet):
    """Updates and lessons: visible in the member's learning networks, or marked public."""

    def visible_to(self, user: User) -> HubItemQuerySet:
        if not user.is_authenticated:
            return self.none()
        from samenspel.knowledge.models import LearningNetwork

        # The user's learning networks as one sub-select (a handful of ids), not a join: a
        # join made a frequent word's search compare every match with every network.
        networks = LearningNetwork.objects.filter(
            Q(pk__in=member_network_ids(user)) | Q(facilitator_id=user.pk)
        ).values("pk")
        mine = Q(learning_network_id__in=networks)
        return self.filter(mine | Q(is_public=True)) if sees_public(user) else self.filter(mine)


def search_entries(user: User, text: str) -> models.QuerySet:
    """Search entries the user may see that match `text`, newest first."""
    from samenspel.knowledge.models import SearchEntry

    entries = HubItemQuerySet(SearchEntry).visible_to(user)
    text = text.strip()[:100]
    if not text:
        return entries.none()
    if connection.vendor == "postgresql":
        found = entries.filter(
            search_vector=SearchQuery(text, config="dutch", search_type="websearch")
        )
        if found.exists():
            return found
        # A typo: the word as typed against the titles' words (GIN trigram index).
        typo = RawSQL("%s <%% title", (text,), output_field=models.BooleanField())
        return entries.filter(typo)
    words = [word.lower() for word in _WORD.findall(text)]
    if not words:
        return entries.none()
    condition = Q()
    for word in words:
        # No Dutch stemmer here: a prefix of a long word finds its other forms ("meeloop"
        # finds "meelopen").
        condition &= Q(document__icontains=word[:-2] if len(word) > 6 else word)
    found = entries.filter(condition)
    if found.exists():
        return found
    newest = entries.order_by("-created_at", "-pk").values_list("pk", "title")
    similar = [
        pk
        for pk, title in newest[:SQLITE_TYPO_TITLES]
        if title_similarity(text, title) >= SQLITE_TITLE_SIMILARITY
    ]
    return entries.filter(pk__in=similar)


class CappedPaginator(Paginator):
    """Counts at most `SEARCH_COUNT_CAP` matches (a sub-select with a LIMIT), so a frequent
    word does not count every match; `capped` says there are more."""

    capped = False

    @cached_property
    def count(self) -> int:
        # Unordered: the GIN index hands over matches without sorting them all first.
        found = cast("models.QuerySet", self.object_list).order_by()[: SEARCH_COUNT_CAP + 1].count()
        self.capped = found > SEARCH_COUNT_CAP
        return min(found, SEARCH_COUNT_CAP)


def title_similarity(typed: str, title: str) -> float:
    """The best ratio between what was typed and any word of the title ("meelop" and
    "meelopen"), in the spirit of PostgreSQL's word_similarity."""
    typed = typed.strip().lower()
    words = [word.lower() for word in _WORD.findall(title)] or [""]
    return max(difflib.SequenceMatcher(None, typed, word).ratio() for word in words)
