"""THE access policy for family data: the only place that answers "may this user do this to
this family (or member), and on what ground?" and "which families may they see?".

Longer than 600 lines on purpose: the single-object answer (`decide`) and the list answer
(`visible_family_ids`, `visible_among`, the organisation's variants for the API, among them
`decide_for_organisation_many` for a FHIR search page, which shares the team rules
`_team_decision_over` with the single answers) must stay side by side, ground by ground, so a
reviewer sees at once that they agree; split over modules, one would drift from the other.
What can live apart already does (`scope.py`: which members and categories; `redact.py`:
narrowing what is shown; `renewal.py`).

Every view, list, export and print of family data goes through here (STYLE.md: one policy,
used for lists and details alike, so the two can never disagree: `decide(...).allowed` for
VIEW is true exactly for the families in `visible_family_ids`).

Grounds (DOMAIN.md §6), first match wins:
- CARE_TEAM: an active place in the family's care team (team-op-maat) on an open trajectory,
  on behalf of the organisation providing the help (the organisation of the trajectory's
  current coordinator) or as the coordinator;
- CONSENT: an active place on behalf of *another* organisation, with an active consent (not
  withdrawn, not expired) for "team collaboration" naming that organisation (Jeugdwet
  7.3.11). Without it the file is visible-but-denied (403, `Decision.missing == "consent"`).
  Until a coordinator is appointed there is no providing organisation yet, so every team
  member needs consent (the coordinators of the network see it through the intake queue);
- FAMILY_MEMBER: the user is a member of the family (dossier access from 12, Jeugdwet
  7.3.4/7.3.5); view, print and export, never edit the file; in the family portal their own
  agreement, their own words (SPEAK_SELF) and their own consents (CONSENT_SELF);
- INTAKE: a coordinator of the family's network while a registration waits in the intake
  queue; view and edit (to take it on), no print or export;
- BREAK_THE_GLASS: an open emergency access (`access.models.BreakGlassAccess`) with a stated
  reason, for `BREAK_GLASS_DURATION`; view and print only; reviewed afterwards;
- AFTER_CLOSURE: after a trajectory is closed, its last coordinator, read-only (view and
  print), until the follow-up check (indicator 3.2) is done (`after_closure_closures`, the
  "Afgesloten" list). The rest of the care team loses access at closure: their places count
  on open trajectories only.
Policy advisers and security officers have no ground: they see no personal data.

Per-member confidential sections (`families.ConfidentialSection`):
- `can_see_confidential(user, member, *, on=None) -> bool`
- `confidential_member_ids(user, family, *, on=None, decision=None) -> set[int]`: the members
  of this family whose confidential sections this user may NOT see. Other apps hide items
  they mark confidential for these members. A user who may not view the family gets every
  member.

Entry points for views: `get_family_for_user(request, family_id, *, action, audit_action,
event_type)` (404 invisible, 403 visible-but-denied via `AccessDenied`, which carries the
family and decision so a page can say why; writes the access event) and
`Family.objects.visible_to(user)`. For a known handful of families, `visible_among(user, ids)`
answers the same question as `visible_family_ids` without reading every family the user could
see, and `visible_team_places(user)` gives the user's own care-team places whose family they
may see (the home page's "Mijn gezinnen").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404
from django.utils import timezone

from samenspel import audit
from samenspel.access.queues import intake_registrations
from samenspel.access.scope import (
    ALL_CATEGORIES,
    consent_scope,
    family_categories,
    family_member_scope,
)
from samenspel.accounts.models import Role
from samenspel.audit.models import EventType, Outcome
from samenspel.core.query_shapes import QueryShape

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping

    from django.http import HttpRequest

    from samenspel.accounts.models import User
    from samenspel.families.models import Family, FamilyMember


class Action(StrEnum):
    VIEW = "view"
    EDIT = "edit"
    PRINT = "print"
    EXPORT = "export"
    # Write a confidential section: only a professional who helps (team or consent).
    ADD_CONFIDENTIAL = "add_confidential"
    # Agree with the plan oneself, in the family portal.
    AGREE_SELF = "agree_self"
    # Write in one's own words in the family portal (portal app): what we think of the plan
    # and its goals, an own goal, answers before an evaluation, a message, a preference.
    SPEAK_SELF = "speak_self"
    # Give or withdraw a consent oneself, in the family portal (the age rules still apply).
    CONSENT_SELF = "consent_self"


class Ground(StrEnum):
    """Why access was allowed; written to the access log as the purpose."""

    CARE_TEAM = "care_team"
    CONSENT = "consent"
    FAMILY_MEMBER = "family_member"
    INTAKE = "intake"
    BREAK_THE_GLASS = "break_the_glass"
    AFTER_CLOSURE = "after_closure"


# What each ground allows. EDIT by a consent-holder is allowed: they are on the team.
_FAMILY_OWN = frozenset({Action.AGREE_SELF, Action.SPEAK_SELF, Action.CONSENT_SELF})
_PROFESSIONAL = frozenset(Action) - _FAMILY_OWN
_ALLOWS: dict[Ground, frozenset[Action]] = {
    Ground.CARE_TEAM: _PROFESSIONAL,
    Ground.CONSENT: _PROFESSIONAL,
    Ground.FAMILY_MEMBER: frozenset({Action.VIEW, Action.PRINT, Action.EXPORT}) | _FAMILY_OWN,
    Ground.INTAKE: frozenset({Action.VIEW, Action.EDIT}),
    Ground.BREAK_THE_GLASS: frozenset({Action.VIEW, Action.PRINT}),
    Ground.AFTER_CLOSURE: frozenset({Action.VIEW, Action.PRINT}),
}

# Jeugdwet 7.3.5 / 7.3.4: a child has access to their own file from 12.
_CHILD_ACCESS_AGE = 12


@dataclass(frozen=True)
class Decision:
    """The policy's answer. `visible` without `allowed` means: the user may know the file
    exists (403), not see it; invisible means 404. `missing` names what would allow it
    (e.g. "consent"), for the page that explains the refusal."""

    allowed: bool
    visible: bool
    ground: str = ""
    consent_id: int | None = None
    missing: str = ""
    # Internal facts the confidentiality rules need, so they cost no second look-up.
    team_roles: frozenset[str] = field(default=frozenset(), compare=False)
    member_id: int | None = field(default=None, compare=False)
    # Which members and which data categories of the file (access/scope.py): member id →
    # categories; None is everything the help needs. A member not in it is withheld.
    scope: Mapping[int, frozenset[str]] | None = field(default=None, compare=False)
    # Members a consent covered until an age crossing (12, 16): withheld until renewed.
    renewal_due: frozenset[int] = field(default=frozenset(), compare=False)
    # Sees less than the whole file: reads only (nobody changes what they cannot see).
    partial: bool = field(default=False, compare=False)
    # The categories of the household's parts, when not the union of the scope: a consent
    # shares them only when it covers every member for them (they are about everyone).
    household: frozenset[str] | None = field(default=None, compare=False)

    @classmethod
    def deny(cls, *, visible: bool = False, missing: str = "") -> Decision:
        return cls(allowed=False, visible=visible, missing=missing)

    def allows(self, action: Action) -> bool:
        """May the holder of this decision also do `action` to the file, on the same ground?
        (A page decided for VIEW asks this before it offers an edit link or a download; it
        answers as `decide(user, family, action)` would.)"""
        if not self.allowed or action not in _ALLOWS.get(Ground(self.ground), frozenset()):
            return False
        return action in _READS or not self.partial

    @property
    def categories(self) -> frozenset[str]:
        """The categories of the household's parts (help questions, the plan's own words and
        family-wide goals, safety, journal, meetings): typed text about everyone."""
        if not self.allowed:
            return frozenset()
        if self.scope is None:
            return ALL_CATEGORIES
        return self.household if self.household is not None else family_categories(self.scope)

    def sees(self, category: str) -> bool:
        return category in self.categories

    def sees_member(self, member_id: int) -> bool:
        """May the reader see that this member exists (their name)?"""
        return self.allowed and (self.scope is None or member_id in self.scope)

    def sees_about(self, member_id: int | None, category: str) -> bool:
        """May the reader see `category` data about this member (None: the household)?"""
        if member_id is None:
            return self.sees(category)
        if not self.allowed:
            return False
        return self.scope is None or category in self.scope.get(member_id, frozenset())

    @property
    def emergency(self) -> bool:
        """Opened by break-the-glass: the page says everything is recorded and reviewed."""
        return self.allowed and self.ground == Ground.BREAK_THE_GLASS

    @property
    def withheld_reason(self) -> str:
        """Why parts are withheld, for `access/_withheld.html`: the family's own login is
        limited by the age rules, everyone else by what consent covers."""
        return "age_rules" if self.ground == Ground.FAMILY_MEMBER else "consent"

    def withheld(self, member_ids: Iterable[int]) -> set[int]:
        """Of these members, the ones the reader may not even see by name."""
        return {pk for pk in member_ids if not self.sees_member(pk)}


class AccessDenied(PermissionDenied):
    """403 with the family and decision attached, so a page can show the header and why."""

    def __init__(self, family: Family, decision: Decision) -> None:
        super().__init__()
        self.family = family
        self.decision = decision


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def _memberships(
    user: User | int | None, on: datetime.date, *, organisation_id: int | None = None
) -> QuerySet:
    """The user's active care-team places on open trajectories, annotated with whether the
    place itself gives access (coordinator, or acting for the providing organisation) and
    with the id of an active consent covering its organisation. With `organisation_id`
    instead of a user: every place held on behalf of that organisation (a system of the
    organisation, `decide_for_organisation`)."""
    from samenspel.families.models import Consent, Purpose
    from samenspel.trajectories.models import CareTeamMembership, CareTeamRole

    provider = (
        CareTeamMembership.objects.active_on(on)
        .filter(trajectory=OuterRef("trajectory"), role=CareTeamRole.COORDINATOR)
        .order_by(F("covers").asc(nulls_first=True), "id")
        .values("organisation_id")[:1]
    )
    consent = (
        Consent.objects.active_on(on)
        .filter(
            family=OuterRef("trajectory__family"),
            purpose=Purpose.TEAM_COLLABORATION,
            recipient_organisations=OuterRef("organisation"),
        )
        # A consent that names team roles covers only those roles (stored comma-separated).
        .filter(Q(recipient_roles="") | Q(recipient_roles__contains=OuterRef("role")))
        .order_by("-valid_from", "-id")
        .values("pk")[:1]
    )
    holder = (
        Q(organisation_id=organisation_id)
        if organisation_id is not None
        else Q(professional__user=user)
    )
    return (
        CareTeamMembership.objects.active_on(on)
        .filter(holder, trajectory__closed_on__isnull=True)
        .annotate(provider_id=Subquery(provider), consent_id=Subquery(consent))
        .annotate(
            own_ground=ExpressionWrapper(
                Q(role=CareTeamRole.COORDINATOR)
                | Q(organisation__isnull=False, organisation_id=F("provider_id")),
                output_field=BooleanField(),
            )
        )
    )


# The two reads of `_memberships` every family page and the home page make, compiled once per
# process (core/query_shapes.py): the same SQL, the ORM's CPU for building it spent once.
_STAND_IN_USER = -7_613_201
_STAND_IN_FAMILY = -7_613_202
_STAND_IN_ORGANISATION = -7_613_204
_STAND_IN_DAY = datetime.date(1901, 2, 3)


def _places_for_family(user_id: int, family_id: int, day: datetime.date) -> QuerySet:
    return (
        _memberships(user_id, day)
        .filter(trajectory__family_id=family_id)
        .values("role", "own_ground", "consent_id", "organisation_id")
    )


def _own_places(user_id: int, day: datetime.date) -> QuerySet:
    return (
        _memberships(user_id, day)
        .order_by()
        .values("pk", "trajectory__family_id", "own_ground", "consent_id")
    )


def _organisation_places_for_family(
    organisation_id: int, family_id: int, day: datetime.date
) -> QuerySet:
    return (
        _memberships(None, day, organisation_id=organisation_id)
        .filter(trajectory__family_id=family_id)
        .values("role", "own_ground", "consent_id", "organisation_id")
    )


_PLACES_FOR_FAMILY = QueryShape(
    _places_for_family, user_id=_STAND_IN_USER, family_id=_STAND_IN_FAMILY, day=_STAND_IN_DAY
)
_OWN_PLACES = QueryShape(_own_places, user_id=_STAND_IN_USER, day=_STAND_IN_DAY)
# Every API and FHIR read about a family asks it (decide_for_organisation).
_ORGANISATION_PLACES_FOR_FAMILY = QueryShape(
    _organisation_places_for_family,
    organisation_id=_STAND_IN_ORGANISATION,
    family_id=_STAND_IN_FAMILY,
    day=_STAND_IN_DAY,
)


def _team_family_ids(user: User, on: datetime.date) -> QuerySet:
    """Families whose file this user's care-team places open (own organisation or consent)."""
    return (
        _memberships(user, on)
        .filter(Q(own_ground=True) | Q(consent_id__isnull=False))
        .values("trajectory__family_id")
    )


def _own_family_ids(user: User, on: datetime.date) -> QuerySet:
    from samenspel.families.models import FamilyMember, MemberRole

    cutoff = _years_before(on, _CHILD_ACCESS_AGE)
    return (
        FamilyMember.objects.filter(user=user, deceased=False)
        .exclude(
            Q(role=MemberRole.CHILD) & (Q(date_of_birth__isnull=True) | Q(date_of_birth__gt=cutoff))
        )
        .values("family_id")
    )


def _intake_family_ids(user: User) -> QuerySet:
    return intake_registrations(user).values("family_id")


def _break_glass_family_ids(user: User) -> QuerySet:
    from samenspel.access.models import BreakGlassAccess

    return BreakGlassAccess.objects.active_at(timezone.now()).filter(user=user).values("family_id")


def after_closure_closures(user: User) -> QuerySet:
    """The closures whose file `user` still reads on the AFTER_CLOSURE ground: they were the
    trajectory's last coordinator and its follow-up check (indicator 3.2) is not done yet.
    Their "Afgesloten" list; `decide` answers the same for one family."""
    from samenspel.trajectories.models import CareTeamMembership, Closure

    last = (
        CareTeamMembership.objects.coordinators()
        .filter(trajectory_id=OuterRef("trajectory_id"))
        .order_by("-valid_from", "-id")
        .values("professional__user_id")[:1]
    )
    # Only trajectories this user ever coordinated can have them as last coordinator.
    coordinated = (
        CareTeamMembership.objects.coordinators()
        .filter(professional__user=user)
        .values("trajectory_id")
    )
    return (
        Closure.objects.filter(follow_up_checked_on__isnull=True, trajectory_id__in=coordinated)
        .annotate(last_coordinator=Subquery(last))
        .filter(last_coordinator=user.pk)
    )


def _after_closure_family_ids(user: User) -> QuerySet:
    return after_closure_closures(user).values("trajectory__family_id")


def _grounds(user: User, day: datetime.date) -> list[QuerySet]:
    """One `family_id` subquery per ground this user can hold (the team ground first)."""
    grounds = [_team_family_ids(user, day)]
    if user.has_role(Role.FAMILY_MEMBER):
        grounds.append(_own_family_ids(user, day))
    if user.has_role(Role.COORDINATOR):
        grounds.append(_intake_family_ids(user))
    if user.has_role(Role.PROFESSIONAL, Role.COORDINATOR):
        grounds.append(_break_glass_family_ids(user))
        grounds.append(_after_closure_family_ids(user))
    return grounds


def _union(grounds: list[QuerySet]) -> QuerySet:
    # One UNION of the grounds: an OR of IN-subqueries made PostgreSQL read every family
    # (bench/README.md: 57 ms against 18 ms at 200,000 families).
    ids = grounds[0].order_by()
    if len(grounds) > 1:
        ids = ids.union(*(ground.order_by() for ground in grounds[1:]))
    return ids


def visible_family_ids(user: User, *, on: datetime.date | None = None) -> QuerySet:
    """A subquery of the ids of every family this user may VIEW (use with `pk__in`)."""
    from samenspel.families.models import Family

    if not user.is_authenticated:
        return Family.objects.none().values("pk")
    return Family.objects.filter(pk__in=_union(_grounds(user, _today(on)))).values("pk")


def visible_among(
    user: User, family_ids: Collection[int], *, on: datetime.date | None = None
) -> set[int]:
    """Which of `family_ids` this user may VIEW: `visible_family_ids` restricted to a few
    families, with the restriction inside every ground (so the intake queue of a whole
    network is never read to answer for a handful of families). One query."""
    if not user.is_authenticated or not family_ids:
        return set()
    ids = sorted(set(family_ids))
    day = _today(on)
    grounds = []
    for ground in _grounds(user, day):
        (column,) = ground.query.values_select  # each ground selects its family id only
        grounds.append(ground.filter(**{f"{column}__in": ids}).values_list(column, flat=True))
    return set(_union(grounds).order_by())


def visible_team_places(user: User, *, on: datetime.date | None = None) -> list[int]:
    """The ids of the user's active care-team places on open trajectories whose family they
    may VIEW ("Mijn gezinnen"), without evaluating the policy for every family they could
    see: a place that opens its family itself (own organisation, coordinator or consent) needs
    nothing more; only the families no place of theirs opens are checked on the other
    grounds (`visible_among`). One query, two when some place is without a ground."""
    if not user.is_authenticated:
        return []
    day = _today(on)
    places = [
        (row["pk"], row["trajectory__family_id"], row["own_ground"], row["consent_id"])
        for row in _OWN_PLACES.rows(user_id=user.pk, day=day)
    ]
    opened = {family for _pk, family, own, consent in places if own or consent is not None}
    closed = {family for _pk, family, _own, _consent in places} - opened
    visible = opened | visible_among(user, closed, on=day)
    return [pk for pk, family, _own, _consent in places if family in visible]


def decide(
    user: User, family: Family, action: Action = Action.VIEW, *, on: datetime.date | None = None
) -> Decision:
    """May `user` do `action` to `family` on `on` (today), and on what ground?"""
    if not user.is_authenticated:
        return Decision.deny()
    day = _today(on)
    visible, missing = False, ""
    team_roles: frozenset[str] = frozenset()
    places = (
        _PLACES_FOR_FAMILY.rows(user_id=user.pk, family_id=family.pk, day=day)
        if family.pk is not None  # a family not saved yet has no care team
        else []
    )
    if places:
        visible = True
        team_roles = frozenset(place["role"] for place in places)
        answer, missing = _team_decision(places, family, action, day)
        if answer is not None:
            return answer
    if user.has_role(Role.FAMILY_MEMBER):
        member_id = (
            _own_family_ids(user, day)
            .filter(family_id=family.pk)
            .values_list("pk", flat=True)
            .first()
        )
        if member_id is not None:
            visible = True
            if action in _ALLOWS[Ground.FAMILY_MEMBER]:
                return Decision(
                    True,
                    True,
                    Ground.FAMILY_MEMBER,
                    member_id=member_id,
                    scope=family_member_scope(family, member_id, on=day),
                )
    if (
        user.has_role(Role.COORDINATOR)
        and _intake_family_ids(user).filter(family_id=family.pk).exists()
    ):
        visible = True
        if action in _ALLOWS[Ground.INTAKE]:
            return Decision(True, True, Ground.INTAKE, team_roles=team_roles)
    if (
        user.has_role(Role.PROFESSIONAL, Role.COORDINATOR)
        and _break_glass_family_ids(user).filter(family_id=family.pk).exists()
    ):
        visible = True
        if action in _ALLOWS[Ground.BREAK_THE_GLASS]:
            return Decision(True, True, Ground.BREAK_THE_GLASS, team_roles=team_roles)
    if (
        user.has_role(Role.PROFESSIONAL, Role.COORDINATOR)
        and _after_closure_family_ids(user).filter(trajectory__family_id=family.pk).exists()
    ):
        visible = True
        if action in _ALLOWS[Ground.AFTER_CLOSURE]:
            return Decision(True, True, Ground.AFTER_CLOSURE, team_roles=team_roles)
    return Decision.deny(visible=visible, missing=missing)


_READS = frozenset({Action.VIEW, Action.PRINT, Action.EXPORT})


def _team_decision(
    places: list[dict[str, Any]], family: Family, action: Action, day: datetime.date
) -> tuple[Decision | None, str]:
    """What care-team places (one person's, or an organisation's) give: the decision to
    return, or None and what is missing (then the other grounds are asked). Reads the
    consent's scope and the household only when the rules need them."""
    from samenspel.families.models import FamilyMember

    facts = None
    if _needs_consent_scope(places, action):
        organisation_ids = {place["organisation_id"] for place in places}
        facts = _ScopeFacts(
            rows=[row[1:] for row in _consent_rows([family.pk], organisation_ids, day)],
            member_ids=list(
                FamilyMember.objects.filter(family=family).values_list("pk", flat=True)
            ),
            country=family.network.country,
        )
    return _team_decision_over(places, action, day, facts)


@dataclass(frozen=True)
class _ScopeFacts:
    """What a consent ground needs read about one family: its consents' rows
    (`_consent_rows` without the family), its members, its network's country."""

    rows: list[tuple[Any, ...]]
    member_ids: list[int]
    country: str


def _needs_consent_scope(places: list[dict[str, Any]], action: Action) -> bool:
    """Do these places decide on a consent, so its scope must be read?"""
    return (
        not any(place["own_ground"] for place in places)
        and any(place["consent_id"] for place in places)
        and action in _ALLOWS[Ground.CONSENT]
    )


def _team_decision_over(
    places: list[dict[str, Any]],
    action: Action,
    day: datetime.date,
    facts: _ScopeFacts | None,
) -> tuple[Decision | None, str]:
    """The rules of `_team_decision` over rows already read, with no query of their own:
    the single answers (`decide`, `decide_for_organisation`) and the page's answer
    (`decide_for_organisation_many`) all end here, so they cannot drift apart. `facts` are
    needed exactly when `_needs_consent_scope` says so."""
    team_roles = frozenset(place["role"] for place in places)
    if any(place["own_ground"] for place in places):
        if action in _ALLOWS[Ground.CARE_TEAM]:
            return Decision(True, True, Ground.CARE_TEAM, team_roles=team_roles), ""
        return None, ""
    consent_id = next((p["consent_id"] for p in places if p["consent_id"]), None)
    if consent_id is None:
        return None, "consent"
    if action not in _ALLOWS[Ground.CONSENT]:
        return None, ""
    if facts is None:
        raise ValueError("a consent ground needs its scope read (_needs_consent_scope)")
    scope, renewal_due = _scope_over(facts.rows, team_roles, facts.country, day)
    household = _household_over(facts.member_ids, scope)
    partial = bool(renewal_due) or not (ALL_CATEGORIES - {"safety"}) <= household
    if action not in _READS and partial:
        # Nobody changes what they cannot see: a partial consent reads only.
        return Decision.deny(visible=True, missing="consent"), ""
    decision = Decision(
        True,
        True,
        Ground.CONSENT,
        consent_id,
        team_roles=team_roles,
        scope=scope,
        renewal_due=renewal_due,
        partial=partial,
        household=household,
    )
    return decision, ""


# --- Systems of an organisation (the API and FHIR clients, docs/API.md). ---


def organisation_family_ids(organisation_id: int, *, on: datetime.date | None = None) -> QuerySet:
    """A subquery of the ids of every family a system of this organisation may VIEW: the
    families whose file the organisation's care-team places open (as its own help, as the
    coordinator's organisation, or by a consent naming it). A system has no other ground: no
    intake queue, no break-the-glass, no family login."""
    from samenspel.families.models import Family

    ids = (
        _memberships(None, _today(on), organisation_id=organisation_id)
        .filter(Q(own_ground=True) | Q(consent_id__isnull=False))
        .values("trajectory__family_id")
    )
    return Family.objects.filter(pk__in=ids).values("pk")


def decide_for_organisation(
    organisation_id: int,
    family: Family,
    action: Action = Action.VIEW,
    *,
    on: datetime.date | None = None,
) -> Decision:
    """`decide` for a system of an organisation: what a professional holding all of the
    organisation's care-team places of this family would be allowed, on the team grounds
    only. Invisible (no place) → deny; a place without ground → visible, missing consent."""
    day = _today(on)
    places = (
        _ORGANISATION_PLACES_FOR_FAMILY.rows(
            organisation_id=organisation_id, family_id=family.pk, day=day
        )
        if family.pk is not None  # a family not saved yet has no care team
        else []
    )
    if not places:
        return Decision.deny()
    answer, missing = _team_decision(places, family, action, day)
    return answer if answer is not None else Decision.deny(visible=True, missing=missing)


def decide_for_organisation_many(
    organisation_id: int,
    families: Iterable[Family],
    action: Action = Action.VIEW,
    *,
    on: datetime.date | None = None,
) -> dict[int, Decision]:
    """`decide_for_organisation` for every family of a page at once (a FHIR search), by
    family id, in a fixed number of queries however many families: the organisation's places
    of them all in one, and for the families it sees by consent their consents' scope and
    their members in one each. The rules are `_team_decision_over`, as for one family.
    The families come with their network (its country decides the consent's age rules)."""
    from samenspel.families.models import FamilyMember

    day = _today(on)
    by_id = {family.pk: family for family in families if family.pk is not None}
    places: dict[int, list[dict[str, Any]]] = {pk: [] for pk in by_id}
    if by_id:
        rows = (
            _memberships(None, day, organisation_id=organisation_id)
            .filter(trajectory__family_id__in=list(by_id))
            .values("trajectory__family_id", "role", "own_ground", "consent_id", "organisation_id")
        )
        for row in rows:
            places[row.pop("trajectory__family_id")].append(row)
    needing = [pk for pk, held in places.items() if held and _needs_consent_scope(held, action)]
    consents: dict[int, list[tuple[Any, ...]]] = {pk: [] for pk in needing}
    members: dict[int, list[int]] = {pk: [] for pk in needing}
    if needing:
        # Every place here is held on behalf of the organisation itself.
        for row in _consent_rows(needing, {organisation_id}, day):
            consents[row[0]].append(row[1:])
        for family_id, member_id in FamilyMember.objects.filter(family_id__in=needing).values_list(
            "family_id", "pk"
        ):
            members[family_id].append(member_id)
    decisions = {}
    for pk, family in by_id.items():
        if not places[pk]:
            decisions[pk] = Decision.deny()
            continue
        facts = (
            _ScopeFacts(consents[pk], members[pk], family.network.country)
            if pk in consents
            else None
        )
        answer, missing = _team_decision_over(places[pk], action, day, facts)
        decisions[pk] = (
            answer if answer is not None else Decision.deny(visible=True, missing=missing)
        )
    return decisions


def organisation_hidden_member_ids(family: Family, decision: Decision) -> set[int]:
    """`confidential_member_ids` for a system: a member stays hidden while any of their
    confidential sections is not open to the organisation's team roles (a section naming a
    person opens only to that person, never to a system), and every member outside the
    consent's scope."""
    from samenspel.families.models import ConfidentialSection, FamilyMember

    members = FamilyMember.objects.filter(family=family)
    if not decision.allowed:
        return set(members.values_list("pk", flat=True))
    hidden = {
        member_id
        for member_id, roles in ConfidentialSection.objects.filter(
            member__family=family
        ).values_list("member_id", "allowed_roles")
        if not set(roles) & decision.team_roles
    }
    if decision.scope is not None:
        hidden |= set(members.exclude(pk__in=list(decision.scope)).values_list("pk", flat=True))
    return hidden


def _household_over(
    member_ids: Iterable[int], scope: Mapping[int, frozenset[str]]
) -> frozenset[str]:
    """The categories a consent scope covers for every member of the family."""
    covered = ALL_CATEGORIES
    for pk in member_ids:
        covered &= scope.get(pk, frozenset())
    return covered


def _age_band(age: int, country: str) -> int:
    """Which age rule applies (Jeugdwet 7.3.4: under 12, 12 to 15, 16 and older; Flanders:
    under 12, 12 and older). A consent stays valid only within the band it was given in."""
    if age < 12:
        return 0
    return 1 if country == "BE" or age < 16 else 2


def _consent_rows(
    family_ids: Collection[int], organisation_ids: set[int], day: datetime.date
) -> QuerySet:
    """For these families, per member a valid team-collaboration consent to these
    organisations is about: (family id, member id, role, date of birth, given on,
    categories, roles)."""
    from samenspel.families.models import Consent, Purpose

    return Consent.about.through.objects.filter(
        consent__in=Consent.objects.active_on(day).filter(
            family_id__in=list(family_ids),
            purpose=Purpose.TEAM_COLLABORATION,
            recipient_organisations__in=organisation_ids,
        )
    ).values_list(
        "consent__family_id",
        "familymember_id",
        "familymember__role",
        "familymember__date_of_birth",
        "consent__valid_from",
        "consent__data_categories",
        "consent__recipient_roles",
    )


def _scope_over(
    rows: Iterable[tuple[Any, ...]],
    team_roles: frozenset[str],
    country: str,
    day: datetime.date,
) -> tuple[dict[int, frozenset[str]], frozenset[int]]:
    """Members by categories the consents' rows (`_consent_rows` without the family) cover;
    and the members whose consent lapsed by an age crossing since it was given."""
    from samenspel.families.models import MemberRole

    covered, lapsed = [], set()
    for member_id, role, born, given_on, categories, roles in rows:
        if role == MemberRole.CHILD and born is not None:
            age = _age_on(born, day)
            given_age = _age_on(born, given_on)
            if _age_band(age, country) != _age_band(max(given_age, 0), country):
                lapsed.add(member_id)
                continue
        covered.append((member_id, categories, roles))
    scope = consent_scope(covered, team_roles)
    return scope, frozenset(lapsed - set(scope))


def _age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def confidential_member_ids(
    user: User,
    family: Family,
    *,
    on: datetime.date | None = None,
    decision: Decision | None = None,
) -> set[int]:
    """The members of `family` whose confidential sections `user` may NOT see.

    Pass the `decision` a view already has to save its queries.
    """
    from samenspel.families.models import ConfidentialSection, FamilyMember, MemberRole

    day = _today(on)
    decision = decision or decide(user, family, Action.VIEW, on=day)
    # Each branch reads only what it needs: the care team (the common case) pays one query
    # when the family has no confidential sections, two when it has.
    members = FamilyMember.objects.filter(family=family)
    if not decision.allowed:
        return set(members.values_list("pk", flat=True))
    sections = list(
        ConfidentialSection.objects.filter(member__family=family).values(
            "pk", "member_id", "allowed_roles"
        )
    )
    hidden = {s["member_id"] for s in sections}
    if decision.ground == Ground.FAMILY_MEMBER:
        # Jeugdwet 7.3.4: parents have access to a child's file until the child is 16;
        # Flanders: a minor from 12 exercises their own rights.
        adult_age = 12 if family.network.country == "BE" else 16
        cutoff = _years_before(day, adult_age)
        hidden |= set(
            members.filter(
                role=MemberRole.CHILD, date_of_birth__isnull=False, date_of_birth__lte=cutoff
            ).values_list("pk", flat=True)
        )
        hidden.discard(decision.member_id)  # your own sections are yours
        return hidden
    if decision.ground in (Ground.CARE_TEAM, Ground.CONSENT) and sections:
        named = set(
            ConfidentialSection.allowed_professionals.through.objects.filter(
                confidentialsection_id__in=[s["pk"] for s in sections],
                professional__user=user,
            ).values_list("confidentialsection_id", flat=True)
        )
        # A member stays hidden while any one of their sections does not name this user.
        hidden = {
            s["member_id"]
            for s in sections
            if not (s["pk"] in named or set(s["allowed_roles"]) & decision.team_roles)
        }
    if decision.scope is not None:
        # Consent is about named members: the others stay behind professional secrecy.
        hidden |= set(members.exclude(pk__in=list(decision.scope)).values_list("pk", flat=True))
    return hidden


def can_see_confidential(
    user: User, member: FamilyMember, *, on: datetime.date | None = None
) -> bool:
    """May `user` see `member`'s confidential sections?"""
    return member.pk not in confidential_member_ids(user, member.family, on=on)


def get_family_for_user(
    request: HttpRequest,
    family_id: int,
    *,
    action: Action = Action.VIEW,
    audit_action: str = "families.family.read",
    event_type: EventType = EventType.READ,
    detail: dict[str, Any] | None = None,
    family: Family | None = None,
) -> tuple[Family, Decision]:
    """The family, if this request's user may do `action` to it; writes the access event.

    Invisible → 404 (its existence is not disclosed) and a denied event; visible but not
    permitted → 403 (`AccessDenied`, a `PermissionDenied`) and a denied event. A caller that
    read the family already (with its network) passes it as `family`, to save the read.
    """
    from samenspel.families.models import Family

    user: User = request.user  # type: ignore[assignment]
    if family is None:
        family = Family.objects.select_related("network").filter(pk=family_id).first()
    elif family.pk != family_id:
        raise ValueError("The family passed is not the family asked for.")
    decision = decide(user, family, action) if family is not None else Decision.deny()
    if family is None or not decision.visible:
        # Logged, so the security officer sees someone trying numbers; the user learns nothing.
        audit.record(
            event_type,
            audit_action,
            actor=user,
            request=request,
            family_id=family_id,
            outcome=Outcome.DENIED,
            detail=detail,
        )
        raise Http404
    audit.record(
        EventType.EMERGENCY_ACCESS
        if decision.ground == Ground.BREAK_THE_GLASS and event_type == EventType.READ
        else event_type,
        audit_action,
        actor=user,
        request=request,
        family_id=family.pk,
        obj=family,
        purpose=decision.ground or decision.missing,
        consent_id=decision.consent_id,
        outcome=Outcome.ALLOWED if decision.allowed else Outcome.DENIED,
        detail=detail,
    )
    if not decision.allowed:
        raise AccessDenied(family, decision)
    return family, decision


# --- Destruction of a file (separate from `decide`: not an action on the file's content). ---


class DestructionGround(StrEnum):
    """Who may propose or confirm destroying a file (irreversible; always two people)."""

    FILE_COORDINATOR = "file_coordinator"  # today's coordinator of the family's care team
    SECURITY_OFFICER = "security_officer"  # privacy/security officer of the family's network
    RETENTION_REVIEW = "retention_review"  # a network coordinator, once the period has ended


def destruction_ground(
    user: User, family: Family, *, kind: str, on: datetime.date | None = None
) -> str:
    """On what ground may `user` propose or confirm the destruction of `family`'s file for
    `kind` ("retention" or "request")? "" when none. A request from the family is decided by
    the file's coordinator or the security officer; a network coordinator who does not know
    the file decides only on files whose retention period has ended."""
    from samenspel.trajectories.models import CareTeamMembership, CareTeamRole

    if not user.is_authenticated:
        return ""
    day = _today(on)
    if user.has_role_in_network(Role.SECURITY_OFFICER, family.network_id):
        return DestructionGround.SECURITY_OFFICER
    if (
        user.has_role(Role.COORDINATOR, Role.PROFESSIONAL)
        and CareTeamMembership.objects.active_on(day)
        .filter(professional__user=user, role=CareTeamRole.COORDINATOR, trajectory__family=family)
        .exists()
    ):
        return DestructionGround.FILE_COORDINATOR
    if (
        kind == "retention"
        and user.has_role_in_network(Role.COORDINATOR, family.network_id)
        and family.retain_until is not None
        and family.retain_until <= day
    ):
        return DestructionGround.RETENTION_REVIEW
    return ""


# --- A lesson learned from a closed trajectory (the knowledge hub; no file data travels). ---


class LessonGround(StrEnum):
    """Why a user may turn a closed trajectory into a lesson: they carried the help to its end.
    On this ground only categories and counts are read (`knowledge/sources.py`), never the
    file; the read is logged with the family."""

    FORMER_CARE_TEAM = "former_care_team"


def lesson_trajectories(user: User) -> QuerySet:
    """Closed trajectories `user` may draw a lesson from: a professional or coordinator who
    was on the care team on the day the help closed. CARE_TEAM ends at closure; this is a
    narrower ground of its own (read categories and counts, once, for a lesson)."""
    from samenspel.trajectories.models import CareTeamMembership, Phase, Trajectory

    if not user.is_authenticated or not user.has_role(Role.PROFESSIONAL, Role.COORDINATOR):
        return Trajectory.objects.none()
    at_closure = CareTeamMembership.objects.filter(
        trajectory_id=OuterRef("pk"),
        professional__user_id=user.pk,
        valid_from__lte=F("trajectory__closed_on"),
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=F("trajectory__closed_on")))
    return Trajectory.objects.filter(phase=Phase.CLOSED, closed_on__isnull=False).filter(
        Exists(at_closure)
    )


def get_trajectory_for_lesson(
    request: HttpRequest, trajectory_id: int, *, audit_action: str
) -> Any:
    """The closed trajectory, if this request's user may draw a lesson from it, with its
    closure; writes the access event (allowed with the ground, or denied) with the family.
    Anything else is a 404: whether the trajectory exists is not disclosed."""
    from samenspel.trajectories.models import Trajectory

    user: User = request.user  # type: ignore[assignment]
    trajectory = (
        lesson_trajectories(user).select_related("closure").filter(pk=trajectory_id).first()
    )
    if trajectory is None:
        family_id = (
            Trajectory.objects.filter(pk=trajectory_id).values_list("family_id", flat=True).first()
        )
        audit.record(
            EventType.READ,
            audit_action,
            actor=user,
            request=request,
            family_id=family_id,
            outcome=Outcome.DENIED,
        )
        raise Http404
    audit.record(
        EventType.READ,
        audit_action,
        actor=user,
        request=request,
        family_id=trajectory.family_id,
        obj=trajectory,
        purpose=LessonGround.FORMER_CARE_TEAM,
    )
    return trajectory
