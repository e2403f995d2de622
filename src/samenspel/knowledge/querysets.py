"""Reads of the hub: what a person may see, and the search.

Members see their learning networks and everything in them; an item marked public is seen by
everyone in the deployment who works with the hub (the professional roles). A person invited
as family representative or client panel member sees their own learning networks only.

The search runs over one table (`SearchEntry`): on PostgreSQL Dutch full text
(to_tsvector('dutch', document) @@ websearch_to_tsquery) or, for typos, trigram word
similarity (`%s <% document`), both served by GIN indexes (migration 0002); on SQLite (the
demo) word prefixes over the same text, plus a similarity ratio over the titles.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL

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
        mine = Q(learning_network_id__in=member_network_ids(user)) | Q(
            learning_network__facilitator_id=user.pk
        )
        return self.filter(mine | Q(is_public=True)) if sees_public(user) else self.filter(mine)


def search_entries(user: User, text: str) -> models.QuerySet:
    """Search entries the user may see that match `text`, newest first."""
    from samenspel.knowledge.models import SearchEntry

    entries = HubItemQuerySet(SearchEntry).visible_to(user)
    text = text.strip()[:100]
    if not text:
        return entries.none()
    if connection.vendor == "postgresql":
        # Both conditions match an index expression of migration 0002 exactly.
        matches = RawSQL(
            "(to_tsvector('dutch'::regconfig, document) @@ "
            "websearch_to_tsquery('dutch'::regconfig, %s) OR %s <%% document)",
            (text, text),
            output_field=models.BooleanField(),
        )
        return entries.filter(matches)
    words = [word.lower() for word in _WORD.findall(text)]
    if not words:
        return entries.none()
    condition = Q()
    for word in words:
        # No Dutch stemmer here: a prefix of a long word finds its other forms ("meeloop"
        # finds "meelopen").
        condition &= Q(document__icontains=word[:-2] if len(word) > 6 else word)
    similar = [
        pk
        for pk, title in entries.values_list("pk", "title")
        if title_similarity(text, title) >= SQLITE_TITLE_SIMILARITY
    ]
    return entries.filter(condition | Q(pk__in=similar))


def title_similarity(typed: str, title: str) -> float:
    """The best ratio between what was typed and any word of the title ("meelop" and
    "meelopen"), in the spirit of PostgreSQL's word_similarity."""
    typed = typed.strip().lower()
    words = [word.lower() for word in _WORD.findall(title)] or [""]
    return max(difflib.SequenceMatcher(None, typed, word).ratio() for word in words)
