"""What of a file a reader may see: which family members, and which data categories
(DOMAIN.md §6), once the policy (`access.policy.decide`) has allowed the file.

The policy's grounds give the scope:
- CARE_TEAM, INTAKE, BREAK_THE_GLASS: everything the help needs (no limit);
- CONSENT: exactly what the reader's valid consents cover: consent is about named members,
  for named categories, to a named organisation and (when it says so) named team roles.
  Safety information is shared only by a consent that names SAFETY. A consent that names no
  category shares nothing beyond the names of the members it is about (fail closed);
- FAMILY_MEMBER: the age rules (Jeugdwet 7.3.4/7.3.5; Flanders from 12), see
  `family_member_scope` and docs/ARCHITECTURE.md "Who sees what of a file".

A scope is a mapping member id → categories; a member missing from it is withheld entirely
(not even the name), a member with no categories is shown by name only. The family-level
categories (help questions and plan, safety, journal) are the union over the members.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from samenspel.families.models.consent import DataCategory

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from samenspel.families.models import Family

Scope = dict[int, frozenset[str]]

ALL_CATEGORIES: frozenset[str] = frozenset(DataCategory.values)

# A family login never sees the safety track (Meldcode steps, the safety check's notes): the
# Meldcode's own route decides when and how the family is told.
_FAMILY_CATEGORIES = ALL_CATEGORIES - {DataCategory.SAFETY}

_CHILD_OWN = _FAMILY_CATEGORIES - {DataCategory.JOURNAL}

# What a parent with parental authority sees of a child of 12 to 15 in the Netherlands: the
# shared plan, personal details and school; the child's health (GGZ) and the journal stay
# the child's (Jeugdwet 7.3.4: the child has their own say from 12; DOMAIN.md §6).
_PARENT_OF_ADOLESCENT = frozenset(
    {DataCategory.PERSONAL, DataCategory.HELP_QUESTIONS, DataCategory.SCHOOL}
)
# What every family login sees of another adult in the household: who they are and the
# shared plan; their own health, finances and school are their own.
_OTHER_ADULT = frozenset({DataCategory.PERSONAL, DataCategory.HELP_QUESTIONS})


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


# The life domains (codes of plans.queries.life_domains()) whose items belong to a
# narrower category than "help questions and plan". Every other domain is the plan's.
_DOMAIN_CATEGORIES: dict[str, str] = {
    "financien": DataCategory.FINANCES,
    "financien-huishouden": DataCategory.FINANCES,
    "werk-opleiding": DataCategory.SCHOOL,
    "scholing": DataCategory.SCHOOL,
    "geestelijke-gezondheid": DataCategory.HEALTH,
    "lichamelijke-gezondheid": DataCategory.HEALTH,
    "middelengebruik": DataCategory.HEALTH,
}


def domain_category(code: str | None) -> str:
    """The data category of a plan item or journal entry filed under life domain `code`."""
    return _DOMAIN_CATEGORIES.get(code or "", DataCategory.HELP_QUESTIONS)


def role_tokens(recipient_roles: str) -> set[str]:
    """The care-team roles a consent names (stored comma-separated; empty: every role)."""
    return {token.strip() for token in recipient_roles.split(",") if token.strip()}


def consent_scope(
    consents: Iterable[tuple[int, Iterable[str], str]], team_roles: frozenset[str]
) -> Scope:
    """The scope of a reader on the CONSENT ground: `consents` are (member id, categories,
    recipient roles) rows of the valid consents naming the reader's organisation."""
    scope: Scope = {}
    for member_id, categories, roles in consents:
        named = role_tokens(roles)
        if named and not named & team_roles:
            continue  # this consent is for other roles on the team
        given = frozenset(categories or ()) & ALL_CATEGORIES
        scope[member_id] = scope.get(member_id, frozenset()) | given
    return scope


def family_member_scope(family: Family, viewer_id: int, *, on: datetime.date) -> Scope:
    """What a family member's own login shows (decided in docs/ARCHITECTURE.md):

    - their own part: everything but the safety track (a child: nor the household's journal);
    - a child (12 or older, the only children with a login that opens the file): the others
      by name only;
    - a parent (or guardian) with parental authority, of a child under 12: the same as of
      themselves; of a child of 12 to 15 (NL): personal details, the shared plan and school;
      of a child of 16 or older (NL) or 12 or older (Flanders): the name only;
    - a parent without parental authority, a brother or sister, anyone else: the name only of
      a child, the name, personal details and the shared plan of another adult.
    """
    from samenspel.families.models import MemberRelation, MemberRole, RelationKind

    members = list(family.members.all().values("pk", "role", "date_of_birth"))
    authority = set(
        MemberRelation.objects.filter(
            member_id=viewer_id,
            kind__in=[RelationKind.PARENT_OF, RelationKind.GUARDIAN_OF],
            parental_authority=True,
        ).values_list("other_id", flat=True)
    )
    adult_age = 12 if family.network.country == "BE" else 16
    viewer_is_child = any(m["pk"] == viewer_id and m["role"] == MemberRole.CHILD for m in members)
    scope: Scope = {}
    for member in members:
        pk, born = member["pk"], member["date_of_birth"]
        if pk == viewer_id:
            # A child's login: their own part and the shared plan, not the journal the team
            # keeps about the whole household (it is about the parents too).
            scope[pk] = _CHILD_OWN if viewer_is_child else _FAMILY_CATEGORIES
        elif viewer_is_child:
            scope[pk] = frozenset()  # parents, brothers and sisters: by name only
        elif member["role"] != MemberRole.CHILD:
            scope[pk] = _OTHER_ADULT
        elif pk not in authority:
            scope[pk] = frozenset()
        elif born is not None and born > _years_before(on, 12):
            scope[pk] = _FAMILY_CATEGORIES
        elif born is not None and born > _years_before(on, adult_age):
            scope[pk] = _PARENT_OF_ADOLESCENT
        else:  # of age for their own file, or an unknown age: not without the child
            scope[pk] = frozenset()
    return scope


def family_categories(scope: Mapping[int, frozenset[str]]) -> frozenset[str]:
    """The categories of the family-level parts (plan, help questions, safety, journal)."""
    categories: frozenset[str] = frozenset()
    for given in scope.values():
        categories |= given
    return categories
